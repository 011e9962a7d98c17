package io.sendzen.logs.support;

import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.shared.Ticks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Writes log entries straight into {@code log_entry}, for data sets the webhook cannot build: thousands of rows,
 * ties in {@code created_at}, Ticks at the ends of the range.
 */
public final class LogRows {

    public static final int INCOMING_MESSAGE = 1;
    public static final int MESSAGE_STATUS = 2;
    public static final int OTHER = 3;

    private static final String INSERT = """
            insert into log_entry (project_id, created_at, phone_number_id, event_type, payload, wa_status, message_id,
                                   wa_id, error_code, flyout_url, flyout_status, flyout_response, flyout_response_code)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final AgroalDataSource dataSource;

    public LogRows(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An entry with the defaults of a status event that was not forwarded; change what the test is about. */
    public static Entry entry(String projectId, long createdAt) {
        return new Entry(projectId, createdAt);
    }

    /**
     * Creates the daily partitions of the log table that rows at {@code createdAt} go into, as the service's writer
     * does for a day that has none: the table has no default partition.
     */
    public static void ensurePartitions(Connection connection, long... createdAt) throws SQLException {
        try (PreparedStatement ensure = connection.prepareStatement(
                "select ensure_log_partitions(log_partition_day(?), 1)")) {
            for (long day : Arrays.stream(createdAt).map(t -> t / Ticks.PER_DAY).distinct().toArray()) {
                ensure.setLong(1, day * Ticks.PER_DAY);
                ensure.executeQuery().close();
            }
        }
    }

    /** Stores {@code entry} and returns its log id. */
    public long insert(Entry entry) {
        return insert(List.of(entry)).get(0);
    }

    /** Stores {@code entries} in one transaction and returns their log ids, in the same order. */
    public List<Long> insert(List<Entry> entries) {
        List<Long> ids = new ArrayList<>(entries.size());
        try (Connection connection = dataSource.getConnection()) {
            ensurePartitions(connection, entries.stream().mapToLong(e -> e.createdAt).toArray());
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(INSERT, new String[]{"log_id"})) {
                for (Entry e : entries) {
                    statement.setString(1, e.projectId);
                    statement.setLong(2, e.createdAt);
                    statement.setString(3, e.phoneNumberId);
                    statement.setShort(4, (short) e.eventType);
                    statement.setString(5, e.payload);
                    statement.setString(6, e.status);
                    statement.setString(7, e.messageId);
                    statement.setString(8, e.waId);
                    if (e.errorCode == null) {
                        statement.setNull(9, Types.INTEGER);
                    } else {
                        statement.setInt(9, e.errorCode);
                    }
                    statement.setString(10, e.url);
                    statement.setString(11, e.flyoutStatus);
                    statement.setString(12, e.flyoutResponse);
                    statement.setInt(13, e.responseCode);
                    statement.addBatch();
                }
                statement.executeBatch();
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.add(keys.getLong(1));
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (ids.size() != entries.size()) {
            throw new IllegalStateException("stored " + ids.size() + " of " + entries.size() + " entries");
        }
        return ids;
    }

    public void delete(String projectId, Collection<Long> logIds) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "delete from log_entry where project_id = ? and log_id = any (?)")) {
            statement.setString(1, projectId);
            statement.setArray(2, connection.createArrayOf("bigint", logIds.toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A moment safely inside the daily partitions: {@code minutes} before now. */
    public static long minutesAgo(long minutes) {
        return Ticks.now() - minutes * 60 * Ticks.PER_SECOND;
    }

    public static final class Entry {
        final String projectId;
        final long createdAt;
        String phoneNumberId = "106540352242922";
        int eventType = MESSAGE_STATUS;
        String payload = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}";
        String status = "delivered";
        String messageId;
        String waId = "16505551234";
        Integer errorCode;
        String url = "-";
        String flyoutStatus = "-";
        String flyoutResponse = "-";
        int responseCode;

        private Entry(String projectId, long createdAt) {
            this.projectId = projectId;
            this.createdAt = createdAt;
        }

        public Entry phone(String phoneNumberId) {
            this.phoneNumberId = phoneNumberId;
            return this;
        }

        public Entry type(int eventType) {
            this.eventType = eventType;
            return this;
        }

        public Entry payload(String payload) {
            this.payload = payload;
            return this;
        }

        public Entry status(String status) {
            this.status = status;
            return this;
        }

        public Entry messageId(String messageId) {
            this.messageId = messageId;
            return this;
        }

        public Entry waId(String waId) {
            this.waId = waId;
            return this;
        }

        public Entry errorCode(Integer errorCode) {
            this.errorCode = errorCode;
            return this;
        }

        /** Forwarded to {@code url}, with the given outcome. */
        public Entry forwarded(String url, String flyoutStatus, String response, int responseCode) {
            this.url = url;
            this.flyoutStatus = flyoutStatus;
            this.flyoutResponse = response;
            this.responseCode = responseCode;
            return this;
        }
    }
}
