package io.sendzen.logs.ingest;

import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.shared.EventType;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the stored log entries straight from PostgreSQL, to check the columns the API does not show. */
@ApplicationScoped
public class LogTable {

    public record Row(String projectId, long createdAt, long logId, String phoneNumberId, String eventType,
                      String payload, String wabaId, String waStatus, String messageId, String waId,
                      Integer errorCode) {
    }

    private static final String COLUMNS = "select project_id, created_at, log_id, phone_number_id, event_type, payload,"
            + " waba_id, wa_status, message_id, wa_id, error_code from log_entry ";

    private final AgroalDataSource dataSource;

    LogTable(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Row> byPhoneNumber(String phoneNumberId) {
        return query(COLUMNS + "where phone_number_id = ? order by created_at, log_id", phoneNumberId);
    }

    public List<Row> byMessageId(String messageId) {
        return query(COLUMNS + "where message_id = ? order by created_at, log_id", messageId);
    }

    public List<Row> byWaba(String wabaId) {
        return query(COLUMNS + "where waba_id = ? order by created_at, log_id", wabaId);
    }

    public List<Row> byPayload(String payload) {
        return query(COLUMNS + "where payload = ? order by created_at, log_id", payload);
    }

    /** How many rows each of {@code messageIds} has, as {@code message_id -> count} pairs for the ones present. */
    public Map<String, Integer> countsByMessageId(Collection<String> messageIds) {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select message_id, count(*) from log_entry where message_id = any (?) group by message_id")) {
            statement.setArray(1, connection.createArrayOf("text", messageIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    public long payloadBytes(String phoneNumberId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select octet_length(payload) from log_entry where phone_number_id = ?")) {
            statement.setString(1, phoneNumberId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves the redelivery fingerprints of {@code routeKey} (a phone number id) {@code days} into the past. */
    public void ageFingerprints(String routeKey, int days) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "update event_fingerprint set received_at = received_at - make_interval(days => ?) where route_key = ?")) {
            statement.setInt(1, days);
            statement.setString(2, routeKey);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Row> query(String sql, String parameter) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            List<Row> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int errorCode = rows.getInt(11);
                    boolean noErrorCode = rows.wasNull();
                    result.add(new Row(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getString(4),
                            EventType.values()[rows.getShort(5) - 1].label(), rows.getString(6), rows.getString(7),
                            rows.getString(8), rows.getString(9), rows.getString(10),
                            noErrorCode ? null : errorCode));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
