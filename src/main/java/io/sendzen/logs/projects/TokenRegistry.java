package io.sendzen.logs.projects;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.sendzen.logs.shared.Periodic;
import io.sendzen.logs.shared.Reads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Array;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owns {@code issued_token} and {@code revoked_token}: the tokens minted through the admin API, and the ids of
 * revoked ones. Each instance keeps the revoked ids that have not expired in memory, loaded at start and then read
 * incrementally every {@link #REFRESH} (the last half minute read again, for revocations committed late), so checking
 * a token costs a map lookup, and a revocation made on any instance is refused everywhere within about a second. The
 * reads run on a thread of their own ({@link Periodic}), not on the scheduler's, which may leave two seconds between
 * runs due every second. When a token was last used is kept in memory and written every ten seconds, not
 * once per request.
 */
@ApplicationScoped
public class TokenRegistry {

    private static final Logger LOG = Logger.getLogger(TokenRegistry.class);
    /** How long a revocation (one insert, stamped when its transaction began) may take to commit and still be read. */
    private static final Duration LATE_COMMITS = Duration.ofSeconds(30);
    /** How long after one read of the revocations the next begins. */
    static final Duration REFRESH = Duration.ofMillis(500);

    /** A minted token as listed: never its text, which is shown once, when minted. */
    public record Issued(String jti, String projectId, List<String> scopes, Instant createdAt, Instant expiresAt,
                         Instant lastUsedAt, Instant revokedAt) {
    }

    private final AgroalDataSource dataSource;
    private final AgroalDataSource reads;
    /** Revoked and not expired: jti to expiry. */
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private volatile long seenUpTo;
    private volatile boolean loaded;
    private Periodic refresher;

    TokenRegistry(AgroalDataSource dataSource, @DataSource(Reads.DATASOURCE) AgroalDataSource reads) {
        this.dataSource = dataSource;
        this.reads = reads;
    }

    void onStart(@Observes StartupEvent event) {
        refresh();
        refresher = Periodic.start("revoked-tokens", REFRESH, REFRESH, this::refresh);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (refresher != null) {
            refresher.close();
        }
    }

    /** Whether the token with this id was revoked (as far as this instance has read, about half a second ago). */
    public boolean isRevoked(String jti) {
        return jti != null && !revoked.isEmpty() && revoked.containsKey(jti);
    }

    /** Notes that the token was used now; written with the next flush. */
    public void used(String jti) {
        if (jti != null) {
            lastUsed.put(jti, Instant.now());
        }
    }

    public void recordIssued(String jti, String projectId, List<String> scopes, Instant expiresAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "insert into issued_token (jti, project_id, scopes, expires_at) values (?, ?, ?, ?)")) {
            s.setString(1, jti);
            s.setString(2, projectId);
            s.setArray(3, c.createArrayOf("text", scopes.toArray()));
            s.setTimestamp(4, Timestamp.from(expiresAt));
            s.executeUpdate();
        }
    }

    private static final String SELECT = """
            select t.jti, t.project_id, t.scopes, t.created_at, t.expires_at, t.last_used_at, r.revoked_at
            from issued_token t left join revoked_token r on r.jti = t.jti
            """;

    /** A page of the project's minted tokens, oldest first, after the position ({@code after}, {@code afterJti}). */
    public List<Issued> list(String projectId, Instant after, String afterJti, int limit) throws SQLException {
        return Reads.read(reads, c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + (after == null
                    ? "where t.project_id = ? order by t.created_at, t.jti limit ?"
                    : "where t.project_id = ? and (t.created_at, t.jti) > (?, ?) order by t.created_at, t.jti limit ?"))) {
                int p = 1;
                s.setString(p++, projectId);
                if (after != null) {
                    s.setTimestamp(p++, Timestamp.from(after));
                    s.setString(p++, afterJti);
                }
                s.setInt(p, limit);
                List<Issued> page = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        page.add(issued(rows));
                    }
                }
                return page;
            }
        });
    }

    private static Issued issued(ResultSet rows) throws SQLException {
        Array scopes = rows.getArray(3);
        return new Issued(rows.getString(1), rows.getString(2), List.of((String[]) scopes.getArray()),
                instant(rows.getTimestamp(4)), instant(rows.getTimestamp(5)), instant(rows.getTimestamp(6)),
                instant(rows.getTimestamp(7)));
    }

    /** The project's minted token with this id, if there is one. */
    public Optional<Issued> find(String projectId, String jti) throws SQLException {
        return Reads.read(reads, c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + "where t.project_id = ? and t.jti = ?")) {
                s.setString(1, projectId);
                s.setString(2, jti);
                try (ResultSet rows = s.executeQuery()) {
                    return rows.next() ? Optional.of(issued(rows)) : Optional.<Issued>empty();
                }
            }
        });
    }

    /**
     * Revokes the token with this id, whichever way it was minted; revoking it again changes nothing. Refused on this
     * instance at once, on the others within about a second.
     */
    public void revoke(String jti, Instant expiresAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "insert into revoked_token (jti, expires_at) values (?, ?) on conflict (jti) do nothing")) {
            s.setString(1, jti);
            s.setTimestamp(2, Timestamp.from(expiresAt));
            s.executeUpdate();
        }
        revoked.put(jti, expiresAt);
    }

    /**
     * Reads the revocations made since the last read (all that have not expired, the first time), and those of the
     * last {@link #LATE_COMMITS} again: a revocation that took its seq before another but committed after this
     * instance read the other would otherwise be passed over for good.
     */
    void refresh() {
        try {
            long upTo = Reads.read(reads, c -> {
                try (PreparedStatement s = c.prepareStatement("""
                        select seq, jti, expires_at from revoked_token where seq > ? and expires_at > now()
                        union all
                        select seq, jti, expires_at from revoked_token
                        where revoked_at > now() - ? * interval '1 second' and seq <= ? and expires_at > now()
                        """)) {
                    s.setLong(1, seenUpTo);
                    s.setLong(2, LATE_COMMITS.toSeconds());
                    s.setLong(3, seenUpTo);
                    long last = seenUpTo;
                    try (ResultSet rows = s.executeQuery()) {
                        while (rows.next()) {
                            last = Math.max(last, rows.getLong(1));
                            revoked.put(rows.getString(2), rows.getTimestamp(3).toInstant());
                        }
                    }
                    return last;
                }
            });
            seenUpTo = upTo;
            loaded = true;
            Instant now = Instant.now();
            revoked.values().removeIf(expiry -> expiry.isBefore(now));
        } catch (SQLException e) {
            if (loaded) {
                LOG.debugf("revoked tokens not read this time: %s", e.getMessage());
            } else {
                LOG.warnf("revoked tokens could not be read yet: %s", e.getMessage());
            }
        }
    }

    /** Writes when tokens were last used, and forgets rows of tokens that expired a day ago. */
    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        if (lastUsed.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>(lastUsed);
        batch.forEach(lastUsed::remove);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     update issued_token t set last_used_at = greatest(t.last_used_at, u.at)
                     from unnest(?::text[], ?::timestamptz[]) as u(jti, at) where t.jti = u.jti
                     """)) {
            List<String> ids = new ArrayList<>(batch.keySet());
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            s.setArray(2, c.createArrayOf("timestamptz", ids.stream().map(id -> Timestamp.from(batch.get(id))).toArray()));
            s.executeUpdate();
        } catch (SQLException e) {
            batch.forEach(lastUsed::putIfAbsent); // the next flush writes them
            LOG.debugf("last use of tokens not written this time: %s", e.getMessage());
        }
    }

    /** Forgets the tokens that expired a day ago: they are refused by their exp, revoked or not (housekeeping). */
    public void forgetExpired() throws SQLException {
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("delete from revoked_token where expires_at < now() - interval '1 day'");
            s.executeUpdate("delete from issued_token where expires_at < now() - interval '1 day'");
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
