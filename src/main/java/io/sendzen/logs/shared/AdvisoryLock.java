package io.sendzen.logs.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A PostgreSQL session advisory lock, so that one instance of several runs a periodic job at a time. */
public final class AdvisoryLock {

    public static final long LOG_PARTITIONS = 0x53454e44_5a454e01L;
    public static final long RETENTION = 0x53454e44_5a454e02L;

    private AdvisoryLock() {
    }

    public static boolean tryLock(Connection connection, long key) throws SQLException {
        return call(connection, "pg_try_advisory_lock", key);
    }

    public static void unlock(Connection connection, long key) throws SQLException {
        call(connection, "pg_advisory_unlock", key);
    }

    private static boolean call(Connection connection, String function, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select " + function + "(?)")) {
            statement.setLong(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }
}
