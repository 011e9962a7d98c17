package io.sendzen.logs.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sendzen.logs.shared.DatabaseFailures;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntriesStored;
import io.sendzen.logs.store.LogEntries;
import io.sendzen.logs.store.LogPartitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: one thread takes every delivery waiting in a bounded queue and commits all their events in one
 * transaction, then acknowledges each. A delivery is answered 200 only after its transaction committed.
 * The batch is written by {@link LogEntries#write} in one statement, whatever its size.
 */
@ApplicationScoped
public class IngestWriter {

    private static final Logger LOG = Logger.getLogger(IngestWriter.class);

    /** Why a delivery was not stored; the answer is 503 and Meta delivers it again. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** What became of the events of one delivery: how many were stored, how many had been received before. */
    public record DeliveryResult(int stored, int redelivered) {
    }

    /** One delivery: its body as it arrived, when it arrived (Ticks), and the events it was split into. */
    private record Pending(byte[] body, long receivedAt, List<SplitEvent> events, CompletableFuture<DeliveryResult> done) {
    }

    /** A digest compared by content: an event's identity for redelivery within a batch. */
    private record Key(String routeKey, ByteBuffer digest) {
    }

    private final LogEntries entries;
    private final LogPartitions partitions;
    private final IngestMetrics metrics;
    private final Event<EntriesStored> stored;
    private final ArrayBlockingQueue<Pending> queue;
    private final int maxBatchEvents;
    private final long maxWaitNanos;
    private volatile boolean running;
    private Thread thread;
    private long lastTicks;

    IngestWriter(LogEntries entries, LogPartitions partitions, IngestMetrics metrics, Event<EntriesStored> stored,
                 SendzenConfig config) {
        this.entries = entries;
        this.partitions = partitions;
        this.metrics = metrics;
        this.stored = stored;
        this.queue = new ArrayBlockingQueue<>(config.ingest().queueCapacity());
        this.maxBatchEvents = config.ingest().maxBatchEvents();
        this.maxWaitNanos = config.ingest().maxWait().toNanos();
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "ingest-writer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done.completeExceptionally(new Unavailable("shutting down", null));
        }
    }

    /**
     * Queues one delivery, its {@code body} received at {@code receivedAt} (Ticks) and split into {@code events}; the
     * future completes once they are committed.
     */
    public CompletableFuture<DeliveryResult> submit(byte[] body, long receivedAt, List<SplitEvent> events) {
        Pending pending = new Pending(body, receivedAt, events, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            return CompletableFuture.failedFuture(new Unavailable(running ? "write queue full" : "shutting down", null));
        }
        return pending.done;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int events = first.events.size();
                long deadline = System.nanoTime() + maxWaitNanos;
                while (events < maxBatchEvents) {
                    Pending next = queue.poll();
                    if (next == null) {
                        long wait = deadline - System.nanoTime();
                        if (wait <= 0 || (next = queue.poll(wait, TimeUnit.NANOSECONDS)) == null) {
                            break;
                        }
                    }
                    batch.add(next);
                    events += next.events.size();
                }
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("ingest writer failed", e);
                batch.forEach(p -> p.done.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        try {
            List<DeliveryResult> results = writeWithRetry(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done.complete(results.get(i));
            }
        } catch (SQLException | RuntimeException e) {
            if (DatabaseFailures.isUnavailable(e)) {
                Unavailable unavailable = new Unavailable("database unavailable", e);
                batch.forEach(p -> p.done.completeExceptionally(unavailable));
            } else if (batch.size() > 1) {
                // one bad delivery must not fail the others that shared its transaction
                for (Pending pending : batch) {
                    commit(List.of(pending));
                }
            } else {
                LOG.errorf(e, "could not store a delivery of %d events", batch.get(0).events.size());
                batch.get(0).done.completeExceptionally(e);
            }
        }
    }

    /**
     * A pooled connection may be stale after the database restarted: one fresh try before answering 503. A day
     * without its partition (ahead-of-time creation failed for days) gets one, and the batch is written again.
     */
    private List<DeliveryResult> writeWithRetry(List<Pending> batch) throws SQLException {
        try {
            return write(batch);
        } catch (SQLException | RuntimeException e) {
            if (LogPartitions.isMissing(e)) {
                partitions.createAround(nextTicks());
            } else if (!DatabaseFailures.isUnavailable(e)) {
                throw e;
            }
            return write(batch);
        }
    }

    private List<DeliveryResult> write(List<Pending> batch) throws SQLException {
        // each event once: a repeat inside the batch is a redelivery of the first
        List<SplitEvent> distinct = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        Set<Key> seenInBatch = new HashSet<>();
        int[] redelivered = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            for (SplitEvent event : batch.get(i).events) {
                if (seenInBatch.add(key(event))) {
                    distinct.add(event);
                    owner.add(i);
                } else {
                    redelivered[i]++;
                }
            }
        }
        int n = distinct.size();
        LogEntries.NewEntries rows = new LogEntries.NewEntries(n, batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Pending delivery = batch.get(i);
            rows.delivery(i, delivery.body, delivery.receivedAt, delivery.events.size());
        }
        for (int i = 0; i < n; i++) {
            SplitEvent e = distinct.get(i);
            rows.set(i, owner.get(i), e.type(), e.phoneNumberId(), e.payload(), e.wabaId(), e.waStatus(), e.messageId(), e.waId(),
                    e.errorCode(), e.routeKey(), e.digest());
            rows.searchable(i, e.search(), e.category(), e.templateName());
        }
        LogEntries.Written written = entries.write(rows, nextTicks());
        boolean[] fresh = written.fresh();
        int[] storedCount = new int[batch.size()];
        List<SplitEvent> storedEvents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (fresh[i]) {
                storedCount[owner.get(i)]++;
                storedEvents.add(distinct.get(i));
            } else {
                redelivered[owner.get(i)]++;
            }
        }
        List<DeliveryResult> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            results.add(new DeliveryResult(storedCount[i], redelivered[i]));
        }
        metrics.stored(storedEvents, written.entries().stream().filter(LogEntries.Stored::unrouted).count());
        int forwards = (int) written.entries().stream().filter(e -> e.webhookId() != null).count();
        stored.fire(new EntriesStored(written.entries().size(), forwards));
        return results;
    }

    private synchronized long nextTicks() {
        lastTicks = Math.max(Ticks.now(), lastTicks + 1);
        return lastTicks;
    }

    private static Key key(SplitEvent event) {
        return new Key(event.routeKey(), ByteBuffer.wrap(event.digest()));
    }
}
