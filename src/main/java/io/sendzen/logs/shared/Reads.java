package io.sendzen.logs.shared;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A read on a pooled connection, made again on another one when the connection it got had been cut (the database
 * restarted since the connection was opened): a read changes nothing, so it can be repeated, and the client gets its
 * answer instead of a 503 for each connection the restart left behind in the pool. A connection that cannot be had
 * at all (the database is down) fails at once.
 */
public final class Reads {

    /**
     * The datasource of reads (named in application.properties). Its connections plan each statement once, without
     * its values, and keep the plan (generic: no planning per page; partitions outside the page's range are pruned
     * when it runs), and may not scan a partition sequentially or through a bitmap, so each partition is read
     * through an index in page order and the read stops after a page. Left to choose, the planner underestimates
     * correlated filters and reads and sorts every match. {@code LogQueryPlanTest} checks the plan of every filter
     * combination.
     */
    public static final String DATASOURCE = "read";

    public interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private Reads() {
    }

    public static <T> T read(AgroalDataSource dataSource, Read<T> read) throws SQLException {
        // each idle connection of the pool may have been cut; a cut one fails at once and is dropped from the pool
        int attempts = dataSource.getConfiguration().connectionPoolConfiguration().maxSize() + 1;
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                try {
                    return read.run(connection);
                } catch (SQLException e) {
                    if (!DatabaseFailures.isConnectionLost(e) || attempt >= attempts) {
                        throw e;
                    }
                }
            }
            if (attempt == 1) {
                // the other idle connections were most likely cut as well
                dataSource.flush(AgroalDataSource.FlushMode.INVALID);
            }
        }
    }

    /**
     * As {@link #read}, for a read that keeps its connection after it returns (a cursor): the connection is closed
     * here only when the read fails, and otherwise by whoever holds what it returned.
     */
    public static <T> T open(AgroalDataSource dataSource, Read<T> open) throws SQLException {
        int attempts = dataSource.getConfiguration().connectionPoolConfiguration().maxSize() + 1;
        for (int attempt = 1; ; attempt++) {
            Connection connection = dataSource.getConnection();
            try {
                return open.run(connection);
            } catch (SQLException e) {
                connection.close();
                if (!DatabaseFailures.isConnectionLost(e) || attempt >= attempts) {
                    throw e;
                }
            } catch (RuntimeException | Error e) {
                connection.close();
                throw e;
            }
            if (attempt == 1) {
                dataSource.flush(AgroalDataSource.FlushMode.INVALID);
            }
        }
    }
}
