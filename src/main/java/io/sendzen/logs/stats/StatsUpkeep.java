package io.sendzen.logs.stats;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.sendzen.logs.store.EntryRollups;
import io.sendzen.logs.store.LatencyRollups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.SQLException;

/**
 * Folds the rollup deltas every second (a read sums what is left, so this only keeps reads short) and writes the
 * latency counts every five seconds, and once more on shutdown.
 */
@ApplicationScoped
public class StatsUpkeep {

    private static final Logger LOG = Logger.getLogger(StatsUpkeep.class);

    private final EntryRollups rollups;
    private final LatencyRollups latencies;

    StatsUpkeep(EntryRollups rollups, LatencyRollups latencies) {
        this.rollups = rollups;
        this.latencies = latencies;
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void compact() {
        try {
            rollups.compact();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("stats: could not fold the rollup deltas, will try again: %s", e.getMessage());
        }
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        try {
            latencies.flush();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("stats: could not write the latency counts, will try again: %s", e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        flush();
    }
}
