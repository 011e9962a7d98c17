package io.sendzen.logs.outgoing;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.sendzen.logs.shared.SendzenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Owns {@code send_request}: the sends made with an {@code Idempotency-Key}. A key is claimed by one insert before
 * Meta is called, so of two sends with the same key at the same time exactly one goes out; the other, and every repeat
 * within the window, gets the first one's answer (or a 409 while it is still under way). A key past the window is
 * claimed afresh. A key claimed and never answered for longer than a send can take ({@link #abandonedAfter}: the
 * exchange's timeout and half a minute) was left by an instance that stopped mid-send, and is claimed afresh too:
 * its send may or may not have reached Meta, but refusing the key for the rest of the window would leave the client
 * no way to send at all.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);

    /** What claiming a key came to. */
    public sealed interface Claim {
    }

    /** The key is this send's: go ahead. */
    public record Claimed() implements Claim {
    }

    /** A send with this key was answered: its status and body. */
    public record Answered(int status, String body) implements Claim {
    }

    /** A send with this key is under way. */
    public record InProgress() implements Claim {
    }

    /** The key was used for another request. */
    public record OtherRequest() implements Claim {
    }

    private final AgroalDataSource dataSource;
    private final long windowSeconds;
    private final long abandonedSeconds;

    IdempotencyKeys(AgroalDataSource dataSource, SendzenConfig config) {
        this.dataSource = dataSource;
        this.windowSeconds = config.cloudApi().idempotencyWindow().toSeconds();
        this.abandonedSeconds = abandonedAfter(config.cloudApi().timeout()).toSeconds();
    }

    /** How long a claimed key may wait for its answer: a live send has one, or has given the key up, by then. */
    static Duration abandonedAfter(Duration timeout) {
        return timeout.plusSeconds(30);
    }

    public Claim claim(String projectId, String key, byte[] requestHash) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("""
                    insert into send_request (project_id, idempotency_key, request_hash) values (?, ?, ?)
                    on conflict (project_id, idempotency_key) do update
                        set request_hash = excluded.request_hash, created_at = now(), status = null, body = null
                        where send_request.created_at < now() - make_interval(secs => ?)
                           or (send_request.status is null and send_request.created_at < now() - make_interval(secs => ?))
                    returning 1
                    """)) {
                s.setString(1, projectId);
                s.setString(2, key);
                s.setBytes(3, requestHash);
                s.setLong(4, windowSeconds);
                s.setLong(5, abandonedSeconds);
                try (ResultSet rows = s.executeQuery()) {
                    if (rows.next()) {
                        return new Claimed();
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "select request_hash, status, body from send_request where project_id = ? and idempotency_key = ?")) {
                s.setString(1, projectId);
                s.setString(2, key);
                try (ResultSet rows = s.executeQuery()) {
                    if (!rows.next()) {
                        // forgotten between the two statements: claim it again
                        return claim(projectId, key, requestHash);
                    }
                    if (!Arrays.equals(rows.getBytes(1), requestHash)) {
                        return new OtherRequest();
                    }
                    int status = rows.getInt(2);
                    return rows.wasNull() ? new InProgress() : new Answered(status, rows.getString(3));
                }
            }
        }
    }

    /** Keeps the answer of the send that claimed the key. */
    public void answered(String projectId, String key, int status, String body) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "update send_request set status = ?, body = ? where project_id = ? and idempotency_key = ?")) {
            s.setInt(1, status);
            s.setString(2, body);
            s.setString(3, projectId);
            s.setString(4, key);
            s.executeUpdate();
        }
    }

    /** Gives a claimed key up (the send failed before it had an answer), so that a repeat can go out. */
    public void release(String projectId, String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("delete from send_request "
                     + "where project_id = ? and idempotency_key = ? and status is null")) {
            s.setString(1, projectId);
            s.setString(2, key);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("an idempotency key of project %s stays claimed until its window ends: %s", projectId,
                    e.getMessage());
        }
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExpired() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "delete from send_request where created_at < now() - make_interval(secs => ?)")) {
            s.setLong(1, windowSeconds);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("expired idempotency keys not removed: %s", e.getMessage());
        }
    }
}
