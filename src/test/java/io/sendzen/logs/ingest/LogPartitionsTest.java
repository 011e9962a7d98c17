package io.sendzen.logs.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log table is partitioned by day with no default partition: a day without its partition gets one when an
 * event arrives, and the partitions of past days that hold no entry are dropped.
 */
@QuarkusTest
class LogPartitionsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LogPartitions partitions;

    @Inject
    LogTable table;

    private static String partitionOf(LocalDate day) {
        return "log_entry_p" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static long ticksOf(LocalDate day) {
        return Ticks.of(day.atStartOfDay().toInstant(ZoneOffset.UTC)) + Ticks.PER_SECOND;
    }

    private List<String> partitions() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                     + "where i.inhparent = 'log_entry'::regclass")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
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
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String partition = partitionOf(today);
        String aside = partition + "_aside";
        execute("alter table log_entry detach partition " + partition);
        execute("alter table " + partition + " rename to " + aside);
        try {
            assertFalse(partitions().contains(partition));
            String phone = Admin.phoneNumber(Admin.project());
            String wamid = Meta.wamid();
            Meta.post(Meta.envelope("123456789012345", Meta.messagesChange(phone,
                    "\"statuses\":[" + Meta.status(wamid, "delivered", "1234567890") + "]"))).statusCode(200);

            assertTrue(partitions().contains(partition));
            assertEquals(1, table.byMessageId(wamid).size());
        } finally {
            // the day's earlier entries go back beside the new ones
            execute("insert into " + partition + " select * from " + aside);
            execute("drop table " + aside);
        }
    }

    @Test
    void emptyPartitionsOfPastDaysAreDroppedAndOthersKept() throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(400);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ensure = c.prepareStatement("select ensure_log_partitions(?, 3)")) {
            ensure.setObject(1, first);
            ensure.executeQuery().close();
        }
        String project = Admin.project();
        new LogRows(dataSource).insert(LogRows.entry(project, ticksOf(first.plusDays(1))));
        execute("select ensure_log_partitions(current_date + 20, 1)");
        assertTrue(partitions().containsAll(List.of(partitionOf(first), partitionOf(first.plusDays(1)),
                partitionOf(first.plusDays(2)))));

        partitions.maintain();

        List<String> after = partitions();
        assertFalse(after.contains(partitionOf(first)), after.toString());
        assertFalse(after.contains(partitionOf(first.plusDays(2))), after.toString());
        assertTrue(after.contains(partitionOf(first.plusDays(1))), "a past day that holds an entry is kept");
        assertTrue(after.contains(partitionOf(today)) && after.contains(partitionOf(today.minusDays(1))),
                "yesterday and today are kept");
        assertTrue(after.stream().anyMatch(p -> p.compareTo(partitionOf(today.plusDays(7))) >= 0),
                "days ahead are kept: " + after);

        execute("delete from log_entry where project_id = '" + project + "'");
        partitions.maintain();
        assertFalse(partitions().contains(partitionOf(first.plusDays(1))));
    }
}
