package io.sendzen.logs.flyout;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable side of forwarding: pending work is claimed from PostgreSQL with {@code FOR UPDATE SKIP LOCKED} and a
 * lease, so several instances share it without two sending the same attempt; outcomes are recorded on the entry
 * and in the attempts table in one transaction.
 */
@ApplicationScoped
public class FlyoutStore {

    public record Job(long logId, String projectId, long createdAt, String webhookId, String url, int attempts) {
    }

    public record Endpoint(String id, boolean enabled, List<String> secrets) {
    }

    public enum Outcome { SUCCESS, RETRY, FAILED }

    public record Attempt(Job job, Instant startedAt, long durationMs, int responseCode, String excerpt, String error,
                          Outcome outcome, Duration retryIn) {
    }

    private final AgroalDataSource dataSource;

    FlyoutStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Endpoints with work due now that nobody holds. */
    public List<String> dueEndpoints() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select distinct webhook_id from flyout_job
                     where next_attempt_at <= now() and (locked_until is null or locked_until < now())
                     limit 1000
                     """);
             ResultSet rows = s.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    /** Takes up to {@code limit} due jobs of one endpoint for {@code lease}; another instance skips them. */
    public List<Job> claim(String webhookId, int limit, Duration lease) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     update flyout_job set locked_until = now() + ? * interval '1 millisecond'
                     where log_id in (
                         select log_id from flyout_job
                         where webhook_id = ? and next_attempt_at <= now()
                           and (locked_until is null or locked_until < now())
                         order by next_attempt_at, log_id
                         limit ?
                         for update skip locked)
                     returning log_id, project_id, created_at, webhook_id, url, attempts
                     """)) {
            s.setLong(1, lease.toMillis());
            s.setString(2, webhookId);
            s.setInt(3, limit);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    jobs.add(new Job(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getString(4),
                            rows.getString(5), rows.getInt(6)));
                }
            }
            return jobs;
        }
    }

    /** The endpoint's signing secrets: the current one, and the previous one while its rotation overlap lasts. */
    public Optional<Endpoint> endpoint(String webhookId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select enabled, secret, case when previous_secret_expires_at > now() then previous_secret end
                     from webhook_endpoint where id = ?
                     """)) {
            s.setString(1, webhookId);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                List<String> secrets = new ArrayList<>();
                secrets.add(rows.getString(2));
                if (rows.getString(3) != null) {
                    secrets.add(rows.getString(3));
                }
                return Optional.of(new Endpoint(webhookId, rows.getBoolean(1), secrets));
            }
        }
    }

    /** The payloads of the jobs' entries, by log id. */
    public Map<Long, String> payloads(List<Job> jobs) throws SQLException {
        String[] projects = new String[jobs.size()];
        Long[] created = new Long[jobs.size()];
        Long[] ids = new Long[jobs.size()];
        for (int i = 0; i < jobs.size(); i++) {
            projects[i] = jobs.get(i).projectId();
            created[i] = jobs.get(i).createdAt();
            ids[i] = jobs.get(i).logId();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select e.log_id, e.payload
                     from unnest(?::text[], ?::bigint[], ?::bigint[]) as k(project_id, created_at, log_id)
                     join log_entry e on e.project_id = k.project_id and e.created_at = k.created_at
                                     and e.log_id = k.log_id
                     """)) {
            s.setArray(1, c.createArrayOf("text", projects));
            s.setArray(2, c.createArrayOf("int8", created));
            s.setArray(3, c.createArrayOf("int8", ids));
            Map<Long, String> payloads = new HashMap<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    payloads.put(rows.getLong(1), rows.getString(2));
                }
            }
            return payloads;
        }
    }

    public void record(Attempt attempt) throws SQLException {
        Job job = attempt.job();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("""
                        insert into flyout_attempt (project_id, log_id, attempt, url, started_at, duration_ms,
                                                    response_code, response_excerpt, error, outcome)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)) {
                    s.setString(1, job.projectId());
                    s.setLong(2, job.logId());
                    s.setInt(3, job.attempts() + 1);
                    s.setString(4, job.url());
                    s.setTimestamp(5, Timestamp.from(attempt.startedAt()));
                    s.setInt(6, (int) Math.min(Integer.MAX_VALUE, attempt.durationMs()));
                    s.setInt(7, attempt.responseCode());
                    s.setString(8, attempt.excerpt());
                    s.setString(9, attempt.error());
                    s.setString(10, attempt.outcome().name().toLowerCase(java.util.Locale.ROOT));
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("""
                        update log_entry set flyout_status = ?, flyout_response_code = ?, flyout_response = ?
                        where project_id = ? and created_at = ? and log_id = ?
                        """)) {
                    s.setString(1, switch (attempt.outcome()) {
                        case SUCCESS -> "success";
                        case RETRY -> "pending";
                        case FAILED -> "failed";
                    });
                    s.setInt(2, attempt.responseCode());
                    s.setString(3, attempt.error() != null ? attempt.error()
                            : attempt.excerpt() == null || attempt.excerpt().isEmpty() ? "-" : attempt.excerpt());
                    s.setString(4, job.projectId());
                    s.setLong(5, job.createdAt());
                    s.setLong(6, job.logId());
                    s.executeUpdate();
                }
                if (attempt.outcome() == Outcome.RETRY) {
                    try (PreparedStatement s = c.prepareStatement("""
                            update flyout_job set attempts = attempts + 1, locked_until = null,
                                   next_attempt_at = now() + ? * interval '1 millisecond'
                            where log_id = ?
                            """)) {
                        s.setLong(1, attempt.retryIn().toMillis());
                        s.setLong(2, job.logId());
                        s.executeUpdate();
                    }
                } else {
                    try (PreparedStatement s = c.prepareStatement("delete from flyout_job where log_id = ?")) {
                        s.setLong(1, job.logId());
                        s.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Puts an entry back in line to be sent now; false when it has no endpoint to go to. */
    public boolean redeliver(String projectId, long logId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long createdAt;
                String webhookId;
                String url;
                try (PreparedStatement s = c.prepareStatement(
                        "select created_at, webhook_id, flyout_url from log_entry where project_id = ? and log_id = ?")) {
                    s.setString(1, projectId);
                    s.setLong(2, logId);
                    try (ResultSet rows = s.executeQuery()) {
                        if (!rows.next()) {
                            throw new NoSuchEntry();
                        }
                        createdAt = rows.getLong(1);
                        webhookId = rows.getString(2);
                        url = rows.getString(3);
                    }
                }
                if (webhookId == null) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement s = c.prepareStatement("""
                        insert into flyout_job (log_id, project_id, created_at, webhook_id, url)
                        values (?, ?, ?, ?, ?)
                        -- an attempt in flight keeps its lease: no second concurrent send of the same entry
                        on conflict (log_id) do update set next_attempt_at = now(), attempts = 0
                        """)) {
                    s.setLong(1, logId);
                    s.setString(2, projectId);
                    s.setLong(3, createdAt);
                    s.setString(4, webhookId);
                    s.setString(5, url);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement(
                        "update log_entry set flyout_status = 'pending' where project_id = ? and created_at = ? and log_id = ?")) {
                    s.setString(1, projectId);
                    s.setLong(2, createdAt);
                    s.setLong(3, logId);
                    s.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Pending forwards, and the age in seconds of the oldest. */
    public long[] backlog() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "select count(*), coalesce(extract(epoch from now() - min(enqueued_at)), 0) from flyout_job");
             ResultSet rows = s.executeQuery()) {
            rows.next();
            return new long[]{rows.getLong(1), (long) rows.getDouble(2)};
        }
    }

    public static final class NoSuchEntry extends RuntimeException {
        NoSuchEntry() {
            super(null, null, false, false);
        }
    }
}
