package io.sendzen.logs.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.ingest.LogTable;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log table is partitioned by month with no default partition: a day without a partition gets one when an
 * event arrives, and past partitions that hold no entry are dropped.
 */
@QuarkusTest
class LogPartitionsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LogPartitions partitions;

    @Inject
    LogTable table;

    private static long ticksOf(LocalDate day) {
        return Ticks.of(day.atStartOfDay().toInstant(ZoneOffset.UTC)) + Ticks.PER_SECOND;
    }

    private record Partition(String name, long lower, long upper) {
        boolean holds(long ticks) {
            return ticks >= lower && ticks < upper;
        }
    }

    private List<Partition> partitions() throws SQLException {
        return partitions("log_partition_bounds");
    }

    private List<Partition> deliveryPartitions() throws SQLException {
        return partitions("log_delivery_partition_bounds");
    }

    private List<Partition> partitions(String function) throws SQLException {
        List<Partition> all = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select name, lower_ticks, upper_ticks from " + function + "()")) {
            while (rows.next()) {
                all.add(new Partition(rows.getString(1), rows.getLong(2), rows.getLong(3)));
            }
        }
        return all;
    }

    /** The partition that holds {@code ticks}, or null. */
    private Partition holding(long ticks) throws SQLException {
        return partitions().stream().filter(p -> p.holds(ticks)).findFirst().orElse(null);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void theLogTableHasNoDefaultPartition() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("select partdefid from pg_partitioned_table "
                     + "where partrelid = 'log_entry'::regclass")) {
            assertTrue(row.next());
            assertEquals(0L, row.getLong(1));
        }
    }

    @Test
    void anEventOnADayWithoutPartitionIsStoredInANewOne() throws SQLException {
        Partition today = holding(Ticks.now());
        assertNotNull(today, "today has a partition");
        String aside = today.name() + "_aside";
        execute("alter table log_entry detach partition " + today.name());
        execute("alter table " + today.name() + " rename to " + aside);
        try {
            assertNull(holding(Ticks.now()));
            String phone = Admin.addPhoneNumber(Admin.createProject());
            String wamid = Meta.wamid();
            Meta.post(Meta.envelope("123456789012345", Meta.messagesChange(phone,
                    "\"statuses\":[" + Meta.status(wamid, "delivered", "1234567890") + "]"))).statusCode(200);

            assertNotNull(holding(Ticks.now()));
            assertEquals(1, table.byMessageId(wamid).size());
        } finally {
            // the earlier entries of the range go back beside the new ones
            execute("insert into log_entry select * from " + aside);
            execute("drop table " + aside);
        }
    }

    /** The search index of every partition, those made later included, takes entries as written (V22). */
    @Test
    void everyPartitionsSearchIndexWritesThrough() throws SQLException {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusYears(4).withDayOfMonth(3);
        execute("select ensure_log_partitions(date '" + day + "', 1)");
        assertNotNull(holding(ticksOf(day)));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select count(*), count(*) filter (where c.reloptions @> "
                     + "array['fastupdate=off']) from pg_inherits h join pg_class c on c.oid = h.inhrelid "
                     + "where h.inhparent = 'log_entry_search'::regclass")) {
            assertTrue(rows.next());
            assertEquals(partitions().size(), rows.getInt(1), "each partition has its search index");
            assertEquals(rows.getInt(1), rows.getInt(2), "each writes through");
        }
    }

    @Test
    void aNewPartitionCoversTheFreeRangeOfItsMonth() throws SQLException {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusYears(3).withDayOfMonth(10);
        execute("select ensure_log_partitions(date '" + day + "', 1)");
        Partition month = holding(ticksOf(day));
        assertNotNull(month);
        assertEquals(Ticks.of(day.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC)), month.lower());
        assertEquals(Ticks.of(day.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC)),
                month.upper());
        execute("select ensure_log_partitions(date '" + day.withDayOfMonth(1) + "', 28)");
        assertEquals(month, holding(ticksOf(day.withDayOfMonth(1).plusDays(27))), "the month is one partition");
        execute("drop table " + month.name());
    }

    @Test
    void emptyPartitionsOfPastDaysAreDroppedAndOthersKept() throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate empty = today.minusYears(2).withDayOfMonth(5);
        LocalDate used = empty.plusMonths(1);
        String project = Admin.createProject();
        execute("select ensure_log_partitions(date '" + empty + "', 1)");
        new LogRows(dataSource).insert(LogRows.entry(project, ticksOf(used)));
        assertNotNull(holding(ticksOf(empty)));
        assertNotNull(holding(ticksOf(used)));

        partitions.maintain();

        assertNull(holding(ticksOf(empty)), "an empty past partition is dropped");
        assertNotNull(holding(ticksOf(used)), "a past partition that holds an entry is kept");
        assertNotNull(holding(Ticks.now()), "today's partition is kept");
        assertNotNull(holding(Ticks.now() - Ticks.PER_DAY), "yesterday's partition is kept");
        assertNotNull(holding(Ticks.now() + 7 * Ticks.PER_DAY), "the days ahead are kept");

        execute("delete from log_entry where project_id = '" + project + "'");
        partitions.maintain();
        assertNull(holding(ticksOf(used)), "dropped once emptied");
    }

    @Test
    void everyPartitionOfTheLogTableHasADeliveryPartitionOverTheSameRange() throws SQLException {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusYears(4).withDayOfMonth(3);
        execute("select ensure_log_partitions(date '" + day + "', 1)");
        Partition month = holding(ticksOf(day));
        try {
            List<List<Long>> ranges = partitions().stream().map(p -> List.of(p.lower(), p.upper()))
                    .sorted((a, b) -> Long.compare(a.get(0), b.get(0))).toList();
            List<List<Long>> deliveryRanges = deliveryPartitions().stream().map(p -> List.of(p.lower(), p.upper()))
                    .filter(r -> ranges.stream().anyMatch(l -> l.get(0) < r.get(1) && r.get(0) < l.get(1)))
                    .sorted((a, b) -> Long.compare(a.get(0), b.get(0))).toList();
            assertEquals(ranges, deliveryRanges);
        } finally {
            execute("drop table " + month.name());
            execute("drop table " + month.name().replace("log_entry", "log_delivery"));
        }
    }

    @Test
    void aDroppedPastPartitionTakesItsDeliveryPartitionAlong() throws SQLException {
        LocalDate empty = LocalDate.now(ZoneOffset.UTC).minusYears(5).withDayOfMonth(7);
        execute("select ensure_log_partitions(date '" + empty + "', 1)");
        assertTrue(deliveryPartitions().stream().anyMatch(p -> p.holds(ticksOf(empty))));

        partitions.maintain();

        assertNull(holding(ticksOf(empty)));
        assertTrue(deliveryPartitions().stream().noneMatch(p -> p.holds(ticksOf(empty))));
        assertTrue(deliveryPartitions().stream().anyMatch(p -> p.holds(Ticks.now())), "today's is kept");
    }
}
