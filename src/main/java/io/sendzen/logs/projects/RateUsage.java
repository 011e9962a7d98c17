package io.sendzen.logs.projects;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns {@code rate_usage}: what each instance of the service has taken of each project's request allowance. Always
 * on the primary: the rows of the last seconds are what counts, and the table is unlogged (not on replicas).
 */
@ApplicationScoped
public class RateUsage {

    /** What one instance has taken from one of its buckets of a project. */
    public record Taken(String instanceId, String projectId, long bucket, long taken) {
    }

    // one round trip per exchange: this instance's counts in, the others' recent counts out (the select sees the
    // rows as they were before this statement, which is all it reads: the others')
    private static final String EXCHANGE = """
            with mine as (
                insert into rate_usage (instance_id, project_id, bucket, taken, reported_at)
                select ?, u.project_id, u.bucket, u.taken, now()
                from unnest(?::text[], ?::bigint[], ?::bigint[]) as u(project_id, bucket, taken)
                on conflict (instance_id, project_id) do update
                    set bucket = excluded.bucket, taken = excluded.taken, reported_at = excluded.reported_at
            )
            select instance_id, project_id, bucket, taken from rate_usage
            where instance_id <> ? and reported_at > now() - ? * interval '1 millisecond'
            """;

    private final AgroalDataSource dataSource;

    RateUsage(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes this instance's counts that changed, and reads the other instances' reported within {@code window}. */
    public List<Taken> exchange(String instanceId, List<Taken> mine, Duration window) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(EXCHANGE)) {
            s.setString(1, instanceId);
            s.setArray(2, c.createArrayOf("text", mine.stream().map(Taken::projectId).toArray()));
            s.setArray(3, c.createArrayOf("int8", mine.stream().map(Taken::bucket).toArray()));
            s.setArray(4, c.createArrayOf("int8", mine.stream().map(Taken::taken).toArray()));
            s.setString(5, instanceId);
            s.setLong(6, window.toMillis());
            List<Taken> others = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    others.add(new Taken(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4)));
                }
            }
            return others;
        }
    }

    /** Forgets the rows nobody has written for an hour: instances that stopped, buckets long idle. */
    public int forgetIdle() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            return s.executeUpdate("delete from rate_usage where reported_at < now() - interval '1 hour'");
        }
    }
}
