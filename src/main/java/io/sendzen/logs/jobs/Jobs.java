package io.sendzen.logs.jobs;

import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.jobs.Job.State;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Owns {@code job}: every statement on it is here. A job is claimed with {@code FOR UPDATE SKIP LOCKED} and a lease
 * ({@code locked_until}) under a fresh {@code lease_token}; each batch holds the row locked while it runs and renews
 * the lease, so a cancel waits for the batch in flight, and an instance whose lease was taken over stops at its next
 * batch.
 */
@ApplicationScoped
public class Jobs {

    /** A job id: {@code job_} and 16 URL-safe base64 characters. */
    public static final Pattern ID = Pattern.compile("job_[A-Za-z0-9_-]{16}");

    /** A job claimed by this instance, and the token of its lease. */
    public record Claim(Job job, UUID token) {
    }

    private static final String COLUMNS = "id, project_id, kind, state, params::text, actor_sub, actor_jti, matching, "
            + "done, position, created_at, started_at, finished_at, error, skipped";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgroalDataSource dataSource;

    Jobs(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Queues a job of the project, started by {@code actor}, in the caller's transaction. */
    public Job create(Connection c, String projectId, String kind, String params, String actorSub, String actorJti)
            throws SQLException {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String id = "job_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try (PreparedStatement s = c.prepareStatement("insert into job (id, project_id, kind, params, actor_sub, actor_jti) "
                + "values (?, ?, ?, ?::jsonb, ?, ?) returning " + COLUMNS)) {
            s.setString(1, id);
            s.setString(2, projectId);
            s.setString(3, kind);
            s.setString(4, params);
            s.setString(5, actorSub);
            s.setString(6, actorJti);
            return one(s).orElseThrow();
        }
    }

    /** The project's job {@code id}; empty for an unknown id or another project's. */
    public Optional<Job> find(String projectId, String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from job where id = ? and project_id = ?")) {
            s.setString(1, id);
            s.setString(2, projectId);
            return one(s);
        }
    }

    /** The project's job {@code id}, its row locked until the caller's transaction ends. */
    Optional<Job> lock(Connection c, String projectId, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select " + COLUMNS + " from job where id = ? and project_id = ? for update")) {
            s.setString(1, id);
            s.setString(2, projectId);
            return one(s);
        }
    }

    /** Takes the oldest queued job, or a running one whose lease ran out, for {@code lease}; another instance skips it. */
    Optional<Claim> claim(Duration lease) throws SQLException {
        UUID token = UUID.randomUUID();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     update job set state = 'running', started_at = coalesce(started_at, now()), lease_token = ?,
                            locked_until = now() + ? * interval '1 millisecond'
                     where id = (select id from job
                                 where state in ('queued', 'running') and (locked_until is null or locked_until < now())
                                 order by created_at limit 1
                                 for update skip locked)
                     returning\s""" + COLUMNS)) {
            s.setObject(1, token);
            s.setLong(2, lease.toMillis());
            return one(s).map(job -> new Claim(job, token));
        }
    }

    /** The job, locked for a batch, while it runs under the lease {@code token}; empty once cancelled or taken over. */
    Optional<Job> hold(Connection c, String id, UUID token) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS
                + " from job where id = ? and lease_token = ? and state = 'running' for update")) {
            s.setString(1, id);
            s.setObject(2, token);
            return one(s);
        }
    }

    /** Sets how many items the job has, once, while it runs under the lease {@code token}. */
    boolean setMatching(String id, UUID token, long matching) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "update job set matching = ? where id = ? and lease_token = ? and state = 'running'")) {
            s.setLong(1, matching);
            s.setString(2, id);
            s.setObject(3, token);
            return s.executeUpdate() > 0;
        }
    }

    /** Counts a batch done, moves the position on and renews the lease, in the batch's transaction. */
    Job progress(Connection c, String id, JobKind.Batch batch, Duration lease) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                update job set done = done + ?, skipped = skipped + ?, position = ?, failures = 0,
                       locked_until = now() + ? * interval '1 millisecond'
                where id = ? returning\s""" + COLUMNS)) {
            s.setLong(1, batch.handled());
            s.setLong(2, batch.skipped());
            s.setString(3, batch.position());
            s.setLong(4, lease.toMillis());
            s.setString(5, id);
            return one(s).orElseThrow();
        }
    }

    /** Ends the job in {@code state} (done, failed or cancelled), in the caller's transaction. */
    Job end(Connection c, String id, State state, String error) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                update job set state = ?, error = ?, finished_at = now(), lease_token = null, locked_until = null
                where id = ? returning\s""" + COLUMNS)) {
            s.setString(1, state.label());
            s.setString(2, error);
            s.setString(3, id);
            return one(s).orElseThrow();
        }
    }

    /** A batch failed: the job waits {@code backoff} before it is claimed again; returns how many failed in a row. */
    int failed(String id, UUID token, Duration backoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     update job set failures = failures + 1, locked_until = now() + ? * interval '1 millisecond'
                     where id = ? and lease_token = ? and state = 'running' returning failures
                     """)) {
            s.setLong(1, backoff.toMillis());
            s.setString(2, id);
            s.setObject(3, token);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    /** Gives the job back at once (this instance stops), to be claimed again by the next instance that looks. */
    void release(String id, UUID token) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "update job set locked_until = null where id = ? and lease_token = ? and state = 'running'")) {
            s.setString(1, id);
            s.setObject(2, token);
            s.executeUpdate();
        }
    }

    private static Optional<Job> one(PreparedStatement s) throws SQLException {
        try (ResultSet rows = s.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            long matching = rows.getLong(8);
            boolean counted = !rows.wasNull();
            return Optional.of(new Job(rows.getString(1), rows.getString(2), rows.getString(3),
                    State.of(rows.getString(4)), rows.getString(5), rows.getString(6), rows.getString(7),
                    counted ? matching : null, rows.getLong(9), rows.getLong(15), rows.getString(10),
                    rows.getObject(11, OffsetDateTime.class), rows.getObject(12, OffsetDateTime.class),
                    rows.getObject(13, OffsetDateTime.class), rows.getString(14)));
        }
    }
}
