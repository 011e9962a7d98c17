package io.sendzen.logs.outgoing;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sendzen.logs.shared.DatabaseFailures;
import io.sendzen.logs.store.LogEntries;
import io.sendzen.logs.store.LogPartitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of outgoing records: one thread takes every record waiting and commits them in one statement, then
 * completes each with its log id. It never waits for more to arrive: alone a record is committed at once, and at
 * hundreds of sends a second those that came in during a commit share the next one. A send is answered only after
 * its record is committed.
 */
@ApplicationScoped
public class OutgoingWriter {

    private static final Logger LOG = Logger.getLogger(OutgoingWriter.class);
    /** The most records in one statement. */
    static final int MAX_BATCH = 500;

    /** Why a record was not stored. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private record Pending(LogEntries.Outgoing entry, CompletableFuture<Long> done) {
    }

    private final LogEntries entries;
    private final LogPartitions partitions;
    // not bounded: each record stands for a send Meta has already taken, and the sends under way are bounded by
    // the connections the service accepts
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread thread;

    OutgoingWriter(LogEntries entries, LogPartitions partitions) {
        this.entries = entries;
        this.partitions = partitions;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "outgoing-writer");
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
            left.done.completeExceptionally(new Unavailable("shutting down"));
        }
    }

    /** Queues one record; the future completes with its log id once it is committed. */
    public CompletableFuture<Long> submit(LogEntries.Outgoing entry) {
        Pending pending = new Pending(entry, new CompletableFuture<>());
        if (!running) {
            return CompletableFuture.failedFuture(new Unavailable("shutting down"));
        }
        queue.add(pending);
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
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("outgoing writer failed", e);
                batch.forEach(p -> p.done.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        try {
            long[] logIds = writeWithRetry(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done.complete(logIds[i]);
            }
        } catch (SQLException | RuntimeException e) {
            if (batch.size() > 1 && !DatabaseFailures.isUnavailable(e)) {
                // one bad record must not fail the others that shared its statement
                for (Pending pending : batch) {
                    commit(List.of(pending));
                }
            } else {
                if (!DatabaseFailures.isUnavailable(e)) {
                    LOG.errorf(e, "could not store an outgoing record");
                }
                batch.forEach(p -> p.done.completeExceptionally(e));
            }
        }
    }

    /**
     * A pooled connection may be stale after the database restarted: one fresh try. A day without its partition
     * (ahead-of-time creation failed for days) gets one, and the batch is written again.
     */
    private long[] writeWithRetry(List<Pending> batch) throws SQLException {
        List<LogEntries.Outgoing> rows = batch.stream().map(Pending::entry).toList();
        try {
            return entries.writeOutgoing(rows);
        } catch (SQLException | RuntimeException e) {
            if (LogPartitions.isMissing(e)) {
                LongSummaryStatistics days = rows.stream().mapToLong(LogEntries.Outgoing::createdAt).summaryStatistics();
                partitions.createAround(days.getMin());
                partitions.createAround(days.getMax());
            } else if (!DatabaseFailures.isUnavailable(e)) {
                throw e;
            }
            return entries.writeOutgoing(rows);
        }
    }
}
