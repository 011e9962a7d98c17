package io.sendzen.logs.flyout;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The attempts table read straight from PostgreSQL, as the detail view would. */
final class Attempts {

    record Attempt(int attempt, String url, Instant startedAt, int durationMs, int responseCode, String excerpt,
                   String error, String outcome) {
    }

    private Attempts() {
    }

    static List<Attempt> of(AgroalDataSource dataSource, String projectId, String logId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select attempt, url, started_at, duration_ms, response_code, response_excerpt, error, outcome
                     from flyout_attempt where project_id = ? and log_id = ? order by id
                     """)) {
            s.setString(1, projectId);
            s.setLong(2, Long.parseLong(logId));
            List<Attempt> attempts = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    attempts.add(new Attempt(rows.getInt(1), rows.getString(2), rows.getTimestamp(3).toInstant(),
                            rows.getInt(4), rows.getInt(5), rows.getString(6), rows.getString(7), rows.getString(8)));
                }
            }
            return attempts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether work for the entry is still waiting in the job table. */
    static boolean pending(AgroalDataSource dataSource, String logId) {
        return count(dataSource, "select count(*) from flyout_job where log_id = ?", Long.parseLong(logId)) > 0;
    }

    static long count(AgroalDataSource dataSource, String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
