package io.sendzen.logs.shared;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A PostgreSQL session advisory lock, so that one instance of several runs a periodic job at a time. */
public final class AdvisoryLock {

    public static final long HOUSEKEEPING = 0x53454e44_5a454e01L;

    public interface Work {
        void run() throws SQLException;
    }

    private AdvisoryLock() {
    }

    /** Runs {@code work} while holding the lock {@code key}; false, running nothing, when another session holds it. */
    public static boolean exclusively(AgroalDataSource dataSource, long key, Work work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!call(connection, "pg_try_advisory_lock", key)) {
                return false;
            }
            try {
                work.run();
            } finally {
                call(connection, "pg_advisory_unlock", key);
            }
            return true;
        }
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
