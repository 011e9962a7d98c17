package io.sendzen.logs.flyout;

import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.projects.WebhookService;
import io.sendzen.logs.shared.Placeholder;
import io.sendzen.logs.shared.ReadSources;
import io.sendzen.logs.store.EntryQuery.EntryKey;
import io.sendzen.logs.store.LogEntries;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owns {@code flyout_job} and {@code flyout_attempt} (only the first job of an entry is inserted elsewhere: by
 * the batch write of {@code LogEntries}, in the statement that stores the entry). The durable side of forwarding:
 * pending work is claimed from PostgreSQL with {@code FOR UPDATE SKIP LOCKED} and a lease, so several instances
 * share it without two sending the same attempt; outcomes are recorded on the entry and in the attempts table in
 * one transaction.
 */
@ApplicationScoped
public class FlyoutStore {

    /** A forward to send; {@code trigger} is what made this attempt of it. */
    public record Job(long logId, String projectId, long createdAt, String webhookId, String url, int attempts,
                      AttemptTrigger trigger) {
    }

    public record Endpoint(String id, boolean enabled, List<String> secrets) {
    }

    public record Attempt(Job job, Instant startedAt, long durationMs, int responseCode, String excerpt, String error,
                          AttemptOutcome outcome, Duration retryIn) {
    }

    /** One attempt made, as the detail of an entry shows it. */
    public record PastAttempt(int attempt, AttemptTrigger trigger, Instant startedAt, int durationMs, String url,
                              int responseCode, String response, String error) {
    }

    /** Every attempt at forwarding an entry, oldest first, and when the next is due (null when none is). */
    public record History(List<PastAttempt> attempts, Instant nextAttemptAt) {
    }

    private final AgroalDataSource dataSource;
    private final ReadSources reads;
    private final LogEntries entries;
    private final WebhookService webhooks;

    FlyoutStore(AgroalDataSource dataSource, ReadSources reads,
                LogEntries entries, WebhookService webhooks) {
        this.dataSource = dataSource;
        this.reads = reads;
        this.entries = entries;
        this.webhooks = webhooks;
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
                     returning log_id, project_id, created_at, webhook_id, url, attempts, trigger
                     """)) {
            s.setLong(1, lease.toMillis());
            s.setString(2, webhookId);
            s.setInt(3, limit);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    jobs.add(new Job(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getString(4),
                            rows.getString(5), rows.getInt(6), AttemptTrigger.of(rows.getString(7))));
                }
            }
            return jobs;
        }
    }

    /** The endpoint's state and signing secrets: the current one, and the previous one while its rotation overlap lasts. */
    public Optional<Endpoint> endpoint(String webhookId) {
        return webhooks.forwardTarget(webhookId)
                .map(target -> new Endpoint(webhookId, target.enabled(), target.secrets()));
    }

    /** The payloads of the jobs' entries, by log id; a deleted entry has none. */
    public Map<Long, String> payloads(List<Job> jobs) throws SQLException {
        return entries.payloads(jobs.stream().map(Job::projectId).toList(),
                jobs.stream().map(job -> new EntryKey(job.createdAt(), job.logId())).toList());
    }

    public void record(Attempt attempt) throws SQLException {
        Job job = attempt.job();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // the entry first: its row lock orders this against a delete, which then takes the attempt too
                boolean present = entries.recordForward(c, job.projectId(), new EntryKey(job.createdAt(), job.logId()),
                        switch (attempt.outcome()) {
                            case SUCCESS -> "success";
                            case RETRY -> "pending";
                            case FAILED -> "failed";
                        },
                        attempt.responseCode(),
                        attempt.error() != null ? attempt.error()
                                : attempt.excerpt() == null || attempt.excerpt().isEmpty() ? Placeholder.NONE
                                : attempt.excerpt());
                if (!present) {
                    // deleted while in flight: its job and attempts went with it, nothing is left to record
                    try (PreparedStatement s = c.prepareStatement("delete from flyout_job where log_id = ?")) {
                        s.setLong(1, job.logId());
                        s.executeUpdate();
                    }
                    c.commit();
                    return;
                }
                try (PreparedStatement s = c.prepareStatement("""
                        insert into flyout_attempt (project_id, log_id, attempt, url, started_at, duration_ms,
                                                    response_code, response_excerpt, error, outcome, trigger)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
                    s.setString(11, job.trigger().label());
                    s.executeUpdate();
                }
                if (attempt.outcome() == AttemptOutcome.RETRY) {
                    try (PreparedStatement s = c.prepareStatement("""
                            update flyout_job set attempts = attempts + 1, locked_until = null, trigger = 'automatic',
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

    /** What asking for an entry to be sent again came to. */
    public enum Redelivery { SCHEDULED, NOT_FORWARDED, NO_SUCH_ENTRY }

    /** What asking for several entries to be sent again came to: the ids sent again, and those never forwarded. */
    public record Redeliveries(List<Long> scheduled, List<Long> notForwarded) {
    }

    /**
     * Puts an entry back in line to be sent now, unless it has no endpoint to go to; its next attempt is shown as made
     * by {@code trigger}, the retries after it as automatic.
     */
    public Redelivery redeliver(String projectId, long logId, AttemptTrigger trigger) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Redeliveries outcome = redeliver(c, projectId, List.of(logId), trigger);
                c.commit();
                return !outcome.scheduled().isEmpty() ? Redelivery.SCHEDULED
                        : !outcome.notForwarded().isEmpty() ? Redelivery.NOT_FORWARDED : Redelivery.NO_SUCH_ENTRY;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * As {@link #redeliver(String, long, AttemptTrigger)} for those of {@code logIds} that are entries of the
     * project, in the caller's transaction, in one statement; an id of no entry is in neither list of the answer.
     */
    public Redeliveries redeliver(Connection c, String projectId, Collection<Long> logIds, AttemptTrigger trigger)
            throws SQLException {
        List<LogEntries.Forward> due = new ArrayList<>();
        List<Long> notForwarded = new ArrayList<>();
        for (LogEntries.Forward forward : entries.forwards(c, projectId, logIds)) {
            if (forward.webhookId() == null) {
                notForwarded.add(forward.logId());
            } else {
                due.add(forward);
            }
        }
        if (!due.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("""
                    insert into flyout_job (log_id, project_id, created_at, webhook_id, url, trigger)
                    select log_id, ?, created_at, webhook_id, url, ? from unnest(?::int8[], ?::int8[], ?::text[], ?::text[])
                                                                          as due (log_id, created_at, webhook_id, url)
                    -- an attempt in flight keeps its lease: no second concurrent send of the same entry
                    on conflict (log_id) do update set next_attempt_at = now(), attempts = 0,
                                                       trigger = excluded.trigger
                    """)) {
                s.setString(1, projectId);
                s.setString(2, trigger.label());
                s.setArray(3, c.createArrayOf("int8", due.stream().map(LogEntries.Forward::logId).toArray()));
                s.setArray(4, c.createArrayOf("int8", due.stream().map(LogEntries.Forward::createdAt).toArray()));
                s.setArray(5, c.createArrayOf("text", due.stream().map(LogEntries.Forward::webhookId).toArray()));
                s.setArray(6, c.createArrayOf("text", due.stream().map(LogEntries.Forward::url).toArray()));
                s.executeUpdate();
            }
            entries.markPending(c, projectId, due.stream().map(LogEntries.Forward::key).toList());
        }
        return new Redeliveries(due.stream().map(LogEntries.Forward::logId).toList(), notForwarded);
    }

    /** How many of the project's forwards queued by a bulk redelivery have not been attempted yet. */
    public long waitingBulk(Connection c, String projectId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select count(*) from flyout_job where project_id = ? and trigger = 'bulk'")) {
            s.setString(1, projectId);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Cancels the pending forwards of the project's entries {@code logIds} and forgets their attempts, in the
     * caller's transaction (the one that deletes the entries, after it has).
     */
    public void forget(Connection c, String projectId, List<Long> logIds) throws SQLException {
        if (logIds.isEmpty()) {
            return;
        }
        for (String sql : List.of("delete from flyout_job where project_id = ? and log_id = any (?)",
                "delete from flyout_attempt where project_id = ? and log_id = any (?)")) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, projectId);
                s.setArray(2, c.createArrayOf("int8", logIds.toArray()));
                s.executeUpdate();
            }
        }
    }

    /** The forwarding history of the project's entry {@code logId}. */
    public History history(String projectId, long logId) throws SQLException {
        return reads.read(c -> {
            List<PastAttempt> attempts = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    select attempt, trigger, started_at, duration_ms, url, response_code, response_excerpt, error
                    from flyout_attempt where project_id = ? and log_id = ? order by id
                    """)) {
                s.setString(1, projectId);
                s.setLong(2, logId);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        attempts.add(new PastAttempt(rows.getInt(1), AttemptTrigger.of(rows.getString(2)),
                                rows.getTimestamp(3).toInstant(), rows.getInt(4), rows.getString(5), rows.getInt(6),
                                rows.getString(7), rows.getString(8)));
                    }
                }
            }
            Instant next = null;
            try (PreparedStatement s = c.prepareStatement(
                    "select next_attempt_at from flyout_job where log_id = ? and project_id = ?")) {
                s.setLong(1, logId);
                s.setString(2, projectId);
                try (ResultSet rows = s.executeQuery()) {
                    if (rows.next()) {
                        next = rows.getTimestamp(1).toInstant();
                    }
                }
            }
            return new History(attempts, next);
        });
    }

    /** Forgets the project's forward attempts started before {@code cutoff} (retention). */
    public void forgetAttemptsBefore(String projectId, Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "delete from flyout_attempt where project_id = ? and started_at < ?")) {
            s.setString(1, projectId);
            s.setTimestamp(2, Timestamp.from(cutoff));
            s.executeUpdate();
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
}
