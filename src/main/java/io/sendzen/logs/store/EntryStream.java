package io.sendzen.logs.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Log entries read one at a time through a server-side cursor (a fetch size inside a transaction), so that memory
 * holds one fetch whatever the number of matches. Closing it ends the query and returns the connection, whether
 * every row was read or not.
 */
public final class EntryStream implements AutoCloseable {

    /** Rows per round trip: large enough that the trips cost little, small enough to hold at once. */
    static final int FETCH_SIZE = 1_000;

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;

    private EntryStream(Connection connection, PreparedStatement statement, ResultSet rows) {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
    }

    /** Runs {@code sql} (columns {@link EntryQuery#EXPORT_COLUMNS}) on {@code connection}, which it then owns. */
    static EntryStream open(Connection connection, EntryQuery.Sql sql) throws SQLException {
        connection.setAutoCommit(false);
        PreparedStatement statement = null;
        try {
            statement = connection.prepareStatement(sql.text(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(FETCH_SIZE);
            bind(connection, statement, sql.params());
            return new EntryStream(connection, statement, statement.executeQuery());
        } catch (SQLException | RuntimeException e) {
            if (statement != null) {
                statement.close();
            }
            end(connection);
            throw e;
        }
    }

    /** The next entry, or null after the last. */
    public LogEntries.Exported next() throws SQLException {
        if (!rows.next()) {
            return null;
        }
        LogEntries.Row row = new LogEntries.Row(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getString(4),
                rows.getLong(5), rows.getInt(6), rows.getString(7), rows.getString(8), rows.getInt(9),
                rows.getString(10), rows.getLong(11), rows.getInt(12));
        Integer errorCode = rows.getObject(16, Integer.class);
        return new LogEntries.Exported(row, rows.getString(13), rows.getString(14), rows.getString(15), errorCode,
                rows.getString(17), rows.getString(18));
    }

    /** Closes the cursor and ends its transaction, so the query stops however far it got; then the connection. */
    @Override
    public void close() throws SQLException {
        try (connection; statement; rows) {
            end(connection);
        }
    }

    private static void end(Connection connection) throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void bind(Connection connection, PreparedStatement statement, List<Object> params)
            throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            if (value instanceof Short[] codes) {
                value = array(connection, "int2", codes);
            } else if (value instanceof String[] texts) {
                value = array(connection, "text", texts);
            }
            statement.setObject(i + 1, value);
        }
    }

    private static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }
}
