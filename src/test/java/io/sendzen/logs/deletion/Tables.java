package io.sendzen.logs.deletion;

import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.support.LogRows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The tables a deletion touches, read and written straight in PostgreSQL. */
final class Tables {

    private final AgroalDataSource dataSource;

    Tables(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** {@code count} entries of the project, a tick apart, from {@code minutesAgo} on; their ids in order. */
    List<Long> entries(String projectId, int count, long minutesAgo) {
        long at = LogRows.minutesAgo(minutesAgo);
        List<LogRows.Entry> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(LogRows.entry(projectId, at + i));
        }
        return new LogRows(dataSource).insert(rows);
    }

    /** A pending forward of the entry, not due for an hour, and {@code attempts} attempts that were retried. */
    void forwarding(String projectId, long logId, int attempts) {
        execute("""
                insert into flyout_job (log_id, project_id, created_at, webhook_id, url, attempts, next_attempt_at)
                select log_id, project_id, created_at, 'wh_test', 'https://hooks.example.com/x', ?,
                       now() + interval '1 hour'
                from log_entry where project_id = ? and log_id = ?
                """, attempts, projectId, logId);
        for (int i = 1; i <= attempts; i++) {
            execute("""
                    insert into flyout_attempt (project_id, log_id, attempt, url, started_at, duration_ms,
                                                response_code, outcome)
                    values (?, ?, ?, 'https://hooks.example.com/x', now(), 12, 503, 'retry')
                    """, projectId, logId, i);
        }
    }

    long count(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long entriesOf(String projectId) {
        return count("select count(*) from log_entry where project_id = ?", projectId);
    }

    boolean exists(String projectId, long logId) {
        return count("select count(*) from log_entry where project_id = ? and log_id = ?", projectId, logId) == 1;
    }

    long pendingForwards(long logId) {
        return count("select count(*) from flyout_job where log_id = ?", logId);
    }

    long attempts(String projectId, long logId) {
        return count("select count(*) from flyout_attempt where project_id = ? and log_id = ?", projectId, logId);
    }

    /** The project's audit records of {@code action}: target (JSON text) and count, oldest first. */
    List<String> audit(String projectId, String action) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "select target::text, count from audit_record where project_id = ? and action = ? order by id")) {
            bind(s, projectId, action);
            List<String> records = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    records.add(rows.getString(1) + " " + rows.getString(2));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement s, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i]);
        }
    }
}
