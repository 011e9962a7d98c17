package io.sendzen.logs.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.sendzen.logs.shared.AdvisoryLock;
import io.sendzen.logs.shared.SendzenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Keeps daily partitions of the log table created ahead of time, and forgets redelivery fingerprints after 7 days.
 * An advisory lock keeps two instances on one database from doing it at once.
 */
@ApplicationScoped
public class LogPartitions {

    private static final Logger LOG = Logger.getLogger(LogPartitions.class);

    private final AgroalDataSource dataSource;
    private final int daysAhead;

    LogPartitions(AgroalDataSource dataSource, SendzenConfig config) {
        this.dataSource = dataSource;
        this.daysAhead = config.ingest().partitionDaysAhead();
    }

    void onStart(@Observes StartupEvent event) {
        maintain();
    }

    @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        try (Connection connection = dataSource.getConnection()) {
            if (!AdvisoryLock.tryLock(connection, AdvisoryLock.LOG_PARTITIONS)) {
                return;
            }
            try {
                try (PreparedStatement create = connection.prepareStatement(
                        "select ensure_log_partitions(current_date - 1, ?)")) {
                    create.setInt(1, daysAhead + 2);
                    try (ResultSet rows = create.executeQuery()) {
                        if (rows.next() && rows.getInt(1) > 0) {
                            LOG.infof("created %d partitions of the log table", rows.getInt(1));
                        }
                    }
                }
                try (PreparedStatement forget = connection.prepareStatement(
                        "delete from event_fingerprint where received_at < now() - interval '7 days'")) {
                    forget.executeUpdate();
                }
            } finally {
                AdvisoryLock.unlock(connection, AdvisoryLock.LOG_PARTITIONS);
            }
        } catch (SQLException e) {
            LOG.warnf("log table maintenance failed, will try again: %s", e.getMessage());
        }
    }
}
