package io.sendzen.logs.store;

import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.shared.ReadSources;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntryQuery.Sql;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns the rollups of stats (V17, V21): {@code log_rollup}, per project and hour, how many entries have each
 * combination of the columns stats group and filter by; {@code log_rollup_day}, the same per day; {@code
 * log_rollup_dim}, per day, event type and direction, the count of each value of each column stats group by; and
 * {@code log_rollup_pending}, the deltas. The triggers of V17 add every change of {@code log_entry} to the deltas in
 * the transaction that makes it; here they are folded into the three, read, and forgotten with the partitions whose
 * days they count.
 */
@ApplicationScoped
public class EntryRollups {

    public static final long HOUR = 3_600L * 10_000_000L;

    /** The count of one key in one bucket; {@code key} is the column's value as text, null when the entries have none. */
    public record Bucket(long start, String key, long count) {
    }

    // one statement (V21): a delta is either still pending or in the hours, the days and the dimensions
    private static final String FOLD = "select log_rollup_fold()";

    private final AgroalDataSource dataSource;
    private final ReadSources apiReads;

    EntryRollups(AgroalDataSource dataSource, ReadSources apiReads) {
        this.dataSource = dataSource;
        this.apiReads = apiReads;
    }

    /** Folds the committed deltas into the rollup; returns how many delta rows it took. */
    public int compact() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet folded = s.executeQuery(FOLD)) {
            folded.next();
            return folded.getInt(1);
        }
    }

    /**
     * The project's entries matching {@code filter} created in the buckets starting in [{@code fromHour},
     * {@code toDate}], counted per {@code bucket} (ticks: an hour or a day) and value of {@code groupBy}, in bucket
     * then key order. The filter's own range is not used; it must have no filter a rollup does not hold (message id,
     * wa_id, free text). Buckets are whole: every hour (or day) that starts by {@code toDate} is counted in full.
     * Per day, the days are read from the daily rollups (the dimensions when the filter is at most event types and
     * direction); the deltas not yet folded are added either way.
     */
    public List<Bucket> series(String projectId, EntryFilter filter, long fromHour, long toDate, long bucket,
                               RollupDimension groupBy) throws SQLException {
        String column = groupBy.column();
        List<Object> params = new ArrayList<>();
        // buckets are whole: toDate's day is counted in full, as its hour is in an hourly series
        Sql where = EntryQuery.where(projectId, filter, fromHour, toDate);
        String rolled;
        if (bucket == Ticks.PER_DAY && typesAndDirection(filter).equals(filter)) {
            rolled = "select created_at, value as key, count from log_rollup_dim where dimension = ? and " + where.text();
            params.add(groupBy.parameter());
        } else {
            rolled = "select created_at, (" + column + ")::text as key, count from "
                    + (bucket == Ticks.PER_DAY ? "log_rollup_day" : "log_rollup") + " where " + where.text();
        }
        params.addAll(where.params());
        // the deltas are per hour: per day, those of the rest of toDate's day count too
        long pendingTo = bucket == Ticks.PER_DAY ? toDate - toDate % Ticks.PER_DAY + Ticks.PER_DAY - 1 : toDate;
        Sql pending = EntryQuery.where(projectId, filter, fromHour, pendingTo);
        String deltas = "select created_at, (" + column + ")::text as key, count from log_rollup_pending where "
                + pending.text();
        params.addAll(pending.params());
        String sql = "select created_at - created_at % " + bucket + ", key, sum(count) from ("
                + rolled + " union all " + deltas + ") r group by 1, 2 having sum(count) <> 0 order by 1, 2";
        // stats are read where the API reads: on a replica when replicas are configured
        return apiReads.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                LogEntries.bind(c, s, params);
                List<Bucket> buckets = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        buckets.add(new Bucket(rows.getLong(1), rows.getString(2), rows.getLong(3)));
                    }
                }
                return buckets;
            }
        });
    }

    /** {@code filter}'s event types, direction and window alone: what the dimensions can be filtered by. */
    private static EntryFilter typesAndDirection(EntryFilter filter) {
        return new EntryFilter(filter.eventTypes(), filter.fromDate(), filter.toDate(), null, null, List.of(), null,
                null, null, null, null, null, null, null, null, filter.direction(), null, null);
    }

    /**
     * Forgets the counts of hours that no partition of the log table covers any more: a partition dropped whole
     * (retention) fires no delete trigger. Returns how many rows went.
     */
    public int forgetUnpartitioned() throws SQLException {
        int forgotten = 0;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("log_rollup", "log_rollup_day", "log_rollup_dim", "log_rollup_pending")) {
                forgotten += s.executeUpdate("with b as materialized (select * from log_partition_bounds()) "
                        + "delete from " + table + " r where not exists (select 1 from b "
                        + "where r.created_at >= b.lower_ticks and r.created_at < b.upper_ticks)");
            }
            // rows that came to zero (their entries deleted) count nothing
            for (String table : List.of("log_rollup", "log_rollup_day", "log_rollup_dim")) {
                forgotten += s.executeUpdate("delete from " + table + " where count = 0");
            }
        }
        return forgotten;
    }
}
