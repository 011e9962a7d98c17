package io.sendzen.logs.projects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Owns {@code access_token}: the Cloud API access token of a phone number or of a WABA (docs/outgoing.md,
 * Credentials). Write-only: a token is sealed for its row when set and opened only to send; no answer, log line or
 * exception message carries it. A number sends with its own token, else with its WABA's.
 */
@ApplicationScoped
public class AccessTokens {

    /** What holds a token: a phone number or a WABA, with its column and its table. */
    public enum Holder {
        PHONE_NUMBER("phone_number_id", "phone_number"),
        WABA("waba_id", "waba");

        private final String column;
        private final String table;

        Holder(String column, String table) {
            this.column = column;
            this.table = table;
        }
    }

    /** What a number shows of its token: set, missing, or rejected by Meta (until a new one is set). */
    public enum State {
        SET, MISSING, REJECTED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One of the project's numbers as a send needs it: its ids, and the token it sends with ({@code token} null when
     * it has none) and where that token is held.
     */
    public record Sender(String phoneNumberId, String wabaId, String displayPhoneNumber, String token,
                         Holder tokenHolder) {
        @Override
        public String toString() {
            // never the token, whatever prints this record
            return "Sender[" + phoneNumberId + "]";
        }
    }

    static final int MAX_TOKEN = 4096;
    private final AgroalDataSource dataSource;
    private final SecretBox box;
    /*
     * The numbers found for sends, by project and "from": at 500 sends a second each would otherwise look its number
     * up and open its sealed token. A change made here (a token, a number, a WABA, the project) is seen by the next
     * send; one made through another instance, within the second, as for the project's state (ProjectStates).
     */
    private final Cache<String, Optional<Sender>> senders = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(1))
            .maximumSize(10_000)
            .build();

    AccessTokens(AgroalDataSource dataSource, SecretBox box) {
        this.dataSource = dataSource;
        this.box = box;
    }

    /** What a sealed token is bound to: its row, so that it opens nowhere else. */
    private static String owner(Holder holder, String id) {
        return "access_token." + holder.column + ":" + id;
    }

    /**
     * Sets the token of the project's phone number or WABA {@code id}, clearing a rejection; a 404 when the project
     * has no such number or WABA, a 400 naming {@code access_token} when the token is not one.
     */
    public void set(String projectId, Holder holder, String id, String token) throws SQLException {
        if (token == null || token.isBlank()) {
            throw ApiException.badRequest("access_token", "is required");
        }
        if (token.length() > MAX_TOKEN || !token.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw ApiException.badRequest("access_token",
                    "must be an access token: 1 to " + MAX_TOKEN + " printable ASCII characters without spaces");
        }
        String sealed = box.seal(owner(holder, id), token);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     insert into access_token (%1$s, project_id, sealed)
                     select %1$s, project_id, ? from %2$s where %1$s = ? and project_id = ?
                     on conflict (%1$s) do update set sealed = excluded.sealed, rejected_at = null, updated_at = now()
                     """.formatted(holder.column, holder.table))) {
            s.setString(1, sealed);
            s.setString(2, id);
            s.setString(3, projectId);
            if (s.executeUpdate() == 0) {
                throw ApiException.notFound();
            }
        }
        senders.invalidateAll();
    }

    /** Removes the token of the project's phone number or WABA {@code id} (none set is fine); 404 when not the project's. */
    public void remove(String projectId, Holder holder, String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement owned = c.prepareStatement(
                    "select 1 from " + holder.table + " where " + holder.column + " = ? and project_id = ?")) {
                owned.setString(1, id);
                owned.setString(2, projectId);
                try (ResultSet rows = owned.executeQuery()) {
                    if (!rows.next()) {
                        throw ApiException.notFound();
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "delete from access_token where " + holder.column + " = ? and project_id = ?")) {
                s.setString(1, id);
                s.setString(2, projectId);
                s.executeUpdate();
            }
            senders.invalidateAll();
        }
    }

    /**
     * The project's number that {@code from} names (its phone_number_id, or its display number, digits compared),
     * with the token it sends with; empty when the project has no such number.
     */
    public Optional<Sender> sender(String projectId, String from) throws SQLException {
        String key = projectId + '\u0000' + from;
        Optional<Sender> found = senders.getIfPresent(key);
        if (found == null) {
            found = lookUp(projectId, from);
            senders.put(key, found);
        }
        return found;
    }

    /** {@link #sender} if it is in memory, else null (no lookup): for a caller on the event loop. */
    public Optional<Sender> knownSender(String projectId, String from) {
        return senders.getIfPresent(projectId + '\u0000' + from);
    }

    void forget(@Observes(during = TransactionPhase.AFTER_COMPLETION) ProjectStates.Changed change) {
        senders.invalidateAll();
    }

    private Optional<Sender> lookUp(String projectId, String from) throws SQLException {
        String digits = from.replaceAll("[^0-9]", "");
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select pn.phone_number_id, pn.waba_id, pn.display_phone_number, t.sealed, w.sealed
                     from phone_number pn
                     left join access_token t on t.phone_number_id = pn.phone_number_id
                     left join access_token w on w.waba_id = pn.waba_id
                     where pn.project_id = ?
                       and (pn.phone_number_id = ?
                            or (? <> '' and regexp_replace(coalesce(pn.display_phone_number, ''), '[^0-9]', '', 'g') = ?))
                     order by pn.phone_number_id = ? desc, pn.phone_number_id
                     limit 1
                     """)) {
            s.setString(1, projectId);
            s.setString(2, from);
            s.setString(3, digits);
            s.setString(4, digits);
            s.setString(5, from);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                String phoneNumberId = rows.getString(1);
                String wabaId = rows.getString(2);
                String own = rows.getString(4);
                String waba = rows.getString(5);
                String token = own != null ? box.open(owner(Holder.PHONE_NUMBER, phoneNumberId), own)
                        : waba != null ? box.open(owner(Holder.WABA, wabaId), waba) : null;
                Holder holder = own != null ? Holder.PHONE_NUMBER : waba != null ? Holder.WABA : null;
                return Optional.of(new Sender(phoneNumberId, wabaId, rows.getString(3), token, holder));
            }
        }
    }

    /** Notes that Meta refused the token {@code sender} sent with (401, code 190): its number shows it rejected. */
    public void rejected(Sender sender) throws SQLException {
        if (sender.tokenHolder() == null) {
            return;
        }
        String id = sender.tokenHolder() == Holder.PHONE_NUMBER ? sender.phoneNumberId() : sender.wabaId();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("update access_token set rejected_at = now() where "
                     + sender.tokenHolder().column + " = ? and rejected_at is null")) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    /** The state of each of the given phone numbers' tokens (their own, else their WABA's). */
    public Map<String, State> states(List<String> phoneNumberIds) throws SQLException {
        Map<String, State> states = new HashMap<>();
        if (phoneNumberIds.isEmpty()) {
            return states;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select pn.phone_number_id, coalesce(t.sealed, w.sealed) is not null,
                            case when t.sealed is not null then t.rejected_at is not null
                                 else w.rejected_at is not null end
                     from phone_number pn
                     left join access_token t on t.phone_number_id = pn.phone_number_id
                     left join access_token w on w.waba_id = pn.waba_id
                     where pn.phone_number_id = any (?)
                     """)) {
            s.setArray(1, c.createArrayOf("text", phoneNumberIds.toArray()));
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getString(1), rows.getBoolean(3) ? State.REJECTED
                            : rows.getBoolean(2) ? State.SET : State.MISSING);
                }
            }
        }
        return states;
    }
}
