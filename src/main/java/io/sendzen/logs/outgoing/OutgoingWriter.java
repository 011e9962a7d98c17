package io.sendzen.logs.outgoing;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sendzen.logs.shared.GroupCommit;
import io.sendzen.logs.store.LogEntries;
import io.sendzen.logs.store.LogPartitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.CompletableFuture;

/**
 * The group commit of outgoing records ({@link GroupCommit}): every record waiting, up to {@link #MAX_BATCH}, is
 * committed in one statement, then each is completed with its log id. It never waits for more to arrive: alone a
 * record is committed at once, and at hundreds of sends a second those that came in during a commit share the
 * next one. A send is answered only after its record is committed.
 */
@ApplicationScoped
public class OutgoingWriter {

    /** The most records in one statement. */
    static final int MAX_BATCH = 500;

    private final LogEntries entries;
    private final LogPartitions partitions;
    // not bounded: each record stands for a send Meta has already taken, and the sends under way are bounded by
    // the connections the service accepts
    private final GroupCommit<LogEntries.Outgoing, Long> commits;

    OutgoingWriter(LogEntries entries, LogPartitions partitions) {
        this.entries = entries;
        this.partitions = partitions;
        this.commits = new GroupCommit<>("outgoing-writer",
                new GroupCommit.Batching<>(0, record -> 1, MAX_BATCH, Duration.ZERO), this::write, this::mended);
    }

    void start(@Observes StartupEvent event) {
        commits.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        commits.stop();
    }

    /** Queues one record; the future completes with its log id once it is committed. */
    public CompletableFuture<Long> submit(LogEntries.Outgoing entry) {
        return commits.submit(entry);
    }

    private List<Long> write(List<LogEntries.Outgoing> rows) throws SQLException {
        return Arrays.stream(entries.writeOutgoing(rows)).boxed().toList();
    }

    /** A day without its partition (ahead-of-time creation failed for days) gets one, and the batch is written again. */
    private boolean mended(List<LogEntries.Outgoing> rows, Exception failure) throws SQLException {
        if (!LogPartitions.isMissing(failure)) {
            return false;
        }
        LongSummaryStatistics days = rows.stream().mapToLong(LogEntries.Outgoing::createdAt).summaryStatistics();
        partitions.createAround(days.getMin());
        partitions.createAround(days.getMax());
        return true;
    }
}
