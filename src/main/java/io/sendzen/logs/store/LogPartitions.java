package io.sendzen.logs.store;

import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.shared.Ticks;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps the partitions of the log table, a month each (V6): created ahead of time (and at once by the writer for a
 * day that has none), and detached and dropped once a partition that ended two or more days ago holds no entry, so
 * that every page reads only partitions that still hold entries. The delivery table has a partition over each range
 * of the log table's, created with it (V9) and dropped after it. Run hourly by {@code lifecycle.Housekeeping}.
 */
@ApplicationScoped
public class LogPartitions {

    private static final Logger LOG = Logger.getLogger(LogPartitions.class);
    // an insert with no partition for its row is a check violation; log_entry has no other check
    private static final String MISSING_PARTITION = "23514";
    // another instance created the partition first: as a table of that name, or one over the same range
    private static final Set<String> MADE_ELSEWHERE = Set.of("42P07", "42P17");

    private final AgroalDataSource dataSource;
    private final int daysAhead;

    LogPartitions(AgroalDataSource dataSource, SendzenConfig config) {
        this.dataSource = dataSource;
        this.daysAhead = config.ingest().partitionDaysAhead();
    }

    /** Creates the partitions from yesterday to the configured days ahead, and drops the empty past ones. */
    public void maintain() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement create = connection.prepareStatement(
                    "select ensure_log_partitions(current_date - 1, ?)")) {
                create.setInt(1, daysAhead + 2);
                try (ResultSet rows = create.executeQuery()) {
                    if (rows.next() && rows.getInt(1) > 0) {
                        LOG.infof("created %d partitions of the log table", rows.getInt(1));
                    }
                }
            }
            dropEmptyPast(connection);
        }
    }

    /** Whether {@code failure} is an insert into a day of the log table that has no partition. */
    public static boolean isMissing(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && MISSING_PARTITION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Creates the partitions of the day of {@code ticks} and of the next day where they have none. */
    public void createAround(long ticks) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement create = connection.prepareStatement(
                     "select ensure_log_partitions(log_partition_day(?), 2)")) {
            create.setLong(1, ticks);
            create.executeQuery().close();
            LOG.warnf("created the log table's partition of the day of %d, which had none", ticks);
        } catch (SQLException e) {
            if (!MADE_ELSEWHERE.contains(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** The partitions of the log table whose range ended at or before {@code ticks}, oldest first. */
    public List<String> endedBy(long ticks) throws SQLException {
        List<String> ended = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement past = connection.prepareStatement(
                     "select name from log_partition_bounds() where upper_ticks <= ? order by upper_ticks")) {
            past.setLong(1, ticks);
            try (ResultSet rows = past.executeQuery()) {
                while (rows.next()) {
                    ended.add(rows.getString(1));
                }
            }
        }
        return ended;
    }

    /** Drops a partition of the log table with every entry in it, whatever their number. */
    public void drop(String partition) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            drop(statement, "log_entry", partition, detachPending(connection, partition));
        }
    }

    /**
     * Detaches and drops the partitions that ended two or more days ago and hold no entry (retention has deleted
     * them). A detach left pending by an interruption is finished on the next run.
     */
    private void dropEmptyPast(Connection connection) throws SQLException {
        List<String> empty = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        try (PreparedStatement past = connection.prepareStatement("""
                select b.name, i.inhdetachpending from log_partition_bounds() b
                join pg_inherits i on i.inhrelid = b.name::regclass
                where b.upper_ticks <= ?
                """)) {
            past.setLong(1, Ticks.now() - 2 * Ticks.PER_DAY);
            try (ResultSet rows = past.executeQuery()) {
                while (rows.next()) {
                    empty.add(rows.getString(1));
                    if (rows.getBoolean(2)) {
                        pending.add(rows.getString(1));
                    }
                }
            }
        }
        int dropped = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            for (String partition : empty) {
                try (ResultSet any = statement.executeQuery("select 1 from " + quoted(partition) + " limit 1")) {
                    if (any.next()) {
                        continue;
                    }
                }
                drop(statement, "log_entry", partition, pending.contains(partition));
                dropped++;
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        if (dropped > 0) {
            LOG.infof("dropped %d empty past partitions of the log table", dropped);
        }
        dropOrphanDeliveries(connection);
    }

    /**
     * Detaches and drops the past partitions of the delivery table that no partition of the log table overlaps any
     * more: their entries are all gone, so are their deliveries (one left behind by two deletes racing goes here).
     */
    private void dropOrphanDeliveries(Connection connection) throws SQLException {
        List<String> orphans = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        try (PreparedStatement past = connection.prepareStatement("""
                select d.name, i.inhdetachpending from log_delivery_partition_bounds() d
                join pg_inherits i on i.inhrelid = d.name::regclass
                where d.upper_ticks <= ? and not exists (
                    select 1 from log_partition_bounds() b
                    where b.lower_ticks < d.upper_ticks and d.lower_ticks < b.upper_ticks)
                """)) {
            past.setLong(1, Ticks.now() - 2 * Ticks.PER_DAY);
            try (ResultSet rows = past.executeQuery()) {
                while (rows.next()) {
                    orphans.add(rows.getString(1));
                    if (rows.getBoolean(2)) {
                        pending.add(rows.getString(1));
                    }
                }
            }
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            for (String partition : orphans) {
                String table = '"' + partition + '"';
                statement.execute("alter table log_delivery detach partition " + table
                        + (pending.contains(partition) ? " finalize" : " concurrently"));
                statement.execute("drop table " + table);
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        if (!orphans.isEmpty()) {
            LOG.infof("dropped %d past partitions of the delivery table", orphans.size());
        }
    }

    /**
     * The one way a partition goes, for the log table and any table partitioned like it: detached concurrently
     * (so pages being read are not held up, finishing a detach an interruption left pending), then dropped whole.
     */
    private static void drop(Statement statement, String parent, String partition, boolean pending)
            throws SQLException {
        statement.execute("alter table " + quoted(parent) + " detach partition " + quoted(partition)
                + (pending ? " finalize" : " concurrently"));
        statement.execute("drop table " + quoted(partition));
    }

    private static boolean detachPending(Connection connection, String partition) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "select inhdetachpending from pg_inherits where inhrelid = ?::regclass")) {
            s.setString(1, quoted(partition));
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
