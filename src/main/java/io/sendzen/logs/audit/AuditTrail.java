package io.sendzen.logs.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.shared.ReadSources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns {@code audit_record}: the append-only trail of what people and jobs did to the data (docs/log-records.md,
 * Audit). Callers name the action and what it touched; who did it comes from the request's token, or is given by a
 * background job that acts for the token that started it.
 */
@ApplicationScoped
public class AuditTrail {

    /** Who did something: a token's subject and id, or the service itself. */
    public record Actor(String sub, String jti) {
        public static final Actor SYSTEM = new Actor("system", null);
    }

    /** One record as stored; {@code target} is its JSON text. */
    public record Entry(long id, Instant at, Actor actor, String projectId, String action, String target, Long count) {
    }

    private final AgroalDataSource dataSource;
    private final ReadSources reads;
    private final Instance<JsonWebToken> token;
    private final ObjectMapper json;

    AuditTrail(AgroalDataSource dataSource, ReadSources reads, Instance<JsonWebToken> token, ObjectMapper json) {
        this.dataSource = dataSource;
        this.reads = reads;
        this.token = token;
        this.json = json;
    }

    /** The actor of the current request: its token's subject and id. */
    public Actor currentActor() {
        JsonWebToken current = token.get();
        String sub = current.getSubject();
        return new Actor(sub == null ? "unknown" : sub, current.getTokenID());
    }

    /** Records, on its own, that the current request's token did {@code action} to {@code target}. */
    public void record(String projectId, String action, Object target, Long count) throws SQLException {
        record(currentActor(), projectId, action, target, count);
    }

    /** Records, on its own, that {@code actor} did {@code action} to {@code target} (serialized as JSON). */
    public void record(Actor actor, String projectId, String action, Object target, Long count) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            record(connection, actor, projectId, action, target, count);
        }
    }

    /** Records within the caller's transaction, so the record and the change commit together or not at all. */
    public void record(Connection connection, Actor actor, String projectId, String action, Object target, Long count)
            throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                insert into audit_record (actor_sub, actor_jti, project_id, action, target, count)
                values (?, ?, ?, ?, ?::jsonb, ?)
                """)) {
            s.setString(1, actor.sub());
            s.setString(2, actor.jti());
            s.setString(3, projectId);
            s.setString(4, action);
            s.setString(5, toJson(target));
            if (count == null) {
                s.setNull(6, Types.BIGINT);
            } else {
                s.setLong(6, count);
            }
            s.executeUpdate();
        }
    }

    private String toJson(Object target) {
        try {
            return json.writeValueAsString(target);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an audit target that is not JSON: " + target.getClass().getName(), e);
        }
    }

    /**
     * Up to {@code limit} records, newest first, older than {@code beforeId} (null: from the newest); of one project,
     * or of all when {@code projectId} is null.
     */
    public List<Entry> list(String projectId, Long beforeId, int limit) throws SQLException {
        return reads.read(connection -> {
            try (PreparedStatement s = connection.prepareStatement("""
                    select id, at, actor_sub, actor_jti, project_id, action, target::text, count
                    from audit_record
                    where (?::text is null or project_id = ?) and (?::bigint is null or id < ?)
                    order by id desc limit ?
                    """)) {
                s.setString(1, projectId);
                s.setString(2, projectId);
                s.setObject(3, beforeId, Types.BIGINT);
                s.setObject(4, beforeId, Types.BIGINT);
                s.setInt(5, limit);
                List<Entry> entries = new ArrayList<>(limit);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        Long count = rows.getObject(8, Long.class);
                        entries.add(new Entry(rows.getLong(1), rows.getTimestamp(2).toInstant(),
                                new Actor(rows.getString(3), rows.getString(4)), rows.getString(5), rows.getString(6),
                                rows.getString(7), count));
                    }
                }
                return entries;
            }
        });
    }

    /** Forgets the records older than {@code days} days; returns how many. */
    public int forgetOlderThan(int days) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement s = connection.prepareStatement(
                     "delete from audit_record where at < now() - make_interval(days => ?)")) {
            s.setInt(1, days);
            return s.executeUpdate();
        }
    }
}
