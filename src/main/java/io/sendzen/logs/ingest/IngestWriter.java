package io.sendzen.logs.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sendzen.logs.shared.GroupCommit;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntriesStored;
import io.sendzen.logs.store.LogEntries;
import io.sendzen.logs.store.LogPartitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Ingest's group commit ({@link GroupCommit}): every delivery waiting in a bounded queue, up to
 * {@code sendzen.ingest.max-batch-events} events, is committed in one transaction, then each is acknowledged. A
 * delivery is answered 200 only after its transaction committed; a full queue or an unreachable database is
 * {@link GroupCommit.Unavailable}, answered 503. The batch is written by {@link LogEntries#write} in one statement,
 * whatever its size.
 */
@ApplicationScoped
public class IngestWriter {

    /** What became of the events of one delivery: how many were stored, how many had been received before. */
    public record DeliveryResult(int stored, int redelivered) {
    }

    /** One delivery: its body as it arrived, when it arrived (Ticks), and the events it was split into. */
    private record Pending(byte[] body, long receivedAt, List<SplitEvent> events) {
    }

    /** A digest compared by content: an event's identity for redelivery within a batch. */
    private record Key(String routeKey, ByteBuffer digest) {
    }

    private final LogEntries entries;
    private final LogPartitions partitions;
    private final IngestMetrics metrics;
    private final Event<EntriesStored> stored;
    private final GroupCommit<Pending, DeliveryResult> commits;
    private long lastTicks;

    IngestWriter(LogEntries entries, LogPartitions partitions, IngestMetrics metrics, Event<EntriesStored> stored,
                 SendzenConfig config) {
        this.entries = entries;
        this.partitions = partitions;
        this.metrics = metrics;
        this.stored = stored;
        this.commits = new GroupCommit<>("ingest-writer", new GroupCommit.Batching<>(config.ingest().queueCapacity(),
                pending -> pending.events.size(), config.ingest().maxBatchEvents(), config.ingest().maxWait()),
                this::write, this::mended);
    }

    void start(@Observes StartupEvent event) {
        commits.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        commits.stop();
    }

    /**
     * Queues one delivery, its {@code body} received at {@code receivedAt} (Ticks) and split into {@code events}; the
     * future completes once they are committed.
     */
    public CompletableFuture<DeliveryResult> submit(byte[] body, long receivedAt, List<SplitEvent> events) {
        return commits.submit(new Pending(body, receivedAt, events));
    }

    /** A day without its partition (ahead-of-time creation failed for days) gets one, and the batch is written again. */
    private boolean mended(List<Pending> batch, Exception failure) throws SQLException {
        if (!LogPartitions.isMissing(failure)) {
            return false;
        }
        partitions.createAround(nextTicks());
        return true;
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
