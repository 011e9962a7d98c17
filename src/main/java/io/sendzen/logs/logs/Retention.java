package io.sendzen.logs.logs;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.sendzen.logs.shared.AdvisoryLock;
import io.sendzen.logs.shared.Ticks;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deletes the entries of projects with {@code retention_days} once they are older than that, in small batches so
 * that ingestion and reads are never held up. One instance at a time (advisory lock).
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    private static final int BATCH = 5_000;

    private final AgroalDataSource dataSource;

    Retention(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        try (Connection connection = dataSource.getConnection()) {
            if (!AdvisoryLock.tryLock(connection, AdvisoryLock.RETENTION)) {
                return;
            }
            try {
                for (Map.Entry<String, Integer> project : projectsWithRetention(connection).entrySet()) {
                    long cutoff = Ticks.of(Instant.now().minus(Duration.ofDays(project.getValue())));
                    long deleted = purge(connection, project.getKey(), cutoff);
                    if (deleted > 0) {
                        LOG.infof("retention: deleted %d entries of project %s", deleted, project.getKey());
                    }
                }
            } finally {
                AdvisoryLock.unlock(connection, AdvisoryLock.RETENTION);
            }
        } catch (SQLException e) {
            LOG.warnf("retention run failed, will try again: %s", e.getMessage());
        }
    }

    /** Deletes the project's entries created before {@code cutoff} (Ticks); returns how many. */
    public long purge(Connection connection, String projectId, long cutoff) throws SQLException {
        long total = 0;
        int deleted;
        do {
            try (PreparedStatement delete = connection.prepareStatement("""
                    delete from log_entry where (project_id, created_at, log_id) in (
                        select project_id, created_at, log_id from log_entry
                        where project_id = ? and created_at < ? order by created_at limit ?)
                    """)) {
                delete.setString(1, projectId);
                delete.setLong(2, cutoff);
                delete.setInt(3, BATCH);
                deleted = delete.executeUpdate();
            }
            total += deleted;
        } while (deleted == BATCH);
        try (PreparedStatement attempts = connection.prepareStatement(
                "delete from flyout_attempt where project_id = ? and started_at < ?")) {
            attempts.setString(1, projectId);
            attempts.setTimestamp(2, java.sql.Timestamp.from(Ticks.toInstant(cutoff)));
            attempts.executeUpdate();
        }
        return total;
    }

    private static Map<String, Integer> projectsWithRetention(Connection connection) throws SQLException {
        Map<String, Integer> projects = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select id, retention_days from project where retention_days is not null");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                projects.put(rows.getString(1), rows.getInt(2));
            }
        }
        return projects;
    }
}
