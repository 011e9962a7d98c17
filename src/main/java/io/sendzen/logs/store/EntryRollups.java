package io.sendzen.logs.store;

import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.shared.ReadSources;
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
 * Owns {@code log_rollup} and {@code log_rollup_delta} (V17): how many entries each project has per hour and
 * combination of the columns stats group and filter by. The triggers of V17 add every change of {@code log_entry}
 * to the deltas in the transaction that makes it; here they are folded into the rollup, read, and forgotten with
 * the partitions whose hours they count.
 */
@ApplicationScoped
public class EntryRollups {

    public static final long HOUR = 3_600L * 10_000_000L;

    /** The count of one key in one bucket; {@code key} is the column's value as text, null when the entries have none. */
    public record Bucket(long start, String key, long count) {
    }

    private static final String KEY = "project_id, created_at, event_type, direction, phone_number_id, wa_status, "
            + "error_code, category, template_name, flyout_status, flyout_response_code, flyout_url, api_response_code";

    // one statement: a delta is either still in the deltas or already in the rollup, whoever reads
    private static final String COMPACT = "with moved as (delete from log_rollup_delta returning *) "
            + "insert into log_rollup select " + KEY + ", sum(count) from moved group by " + KEY
            // in key order, so that two instances compacting at once take the rows' locks in the same order
            + " order by " + KEY
            + " on conflict (" + KEY + ") do update set count = log_rollup.count + excluded.count";

    private final AgroalDataSource dataSource;
    private final ReadSources apiReads;

    EntryRollups(AgroalDataSource dataSource, ReadSources apiReads) {
        this.dataSource = dataSource;
        this.apiReads = apiReads;
    }

    /** Folds the committed deltas into the rollup; returns how many delta rows it took. */
    public int compact() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            return s.executeUpdate(COMPACT);
        }
    }

    /**
     * The project's entries matching {@code filter} created in the hours starting in [{@code fromHour},
     * {@code toDate}], counted per {@code bucket} (ticks: an hour or a day) and value of {@code groupBy}, in bucket
     * then key order. The filter's own range is not used; it must have no filter a rollup does not hold (message id,
     * wa_id, free text).
     */
    public List<Bucket> series(String projectId, EntryFilter filter, long fromHour, long toDate, long bucket,
                               RollupDimension groupBy) throws SQLException {
        Sql where = EntryQuery.where(projectId, filter, fromHour, toDate);
        String column = groupBy.column();
        String branch = "select created_at, " + column + " as key, count from %s where " + where.text();
        String sql = "select created_at - created_at % " + bucket + ", key::text, sum(count) from ("
                + branch.formatted("log_rollup") + " union all " + branch.formatted("log_rollup_delta")
                + ") r group by 1, 2 having sum(count) <> 0 order by 1, 2";
        List<Object> params = new ArrayList<>(where.params());
        params.addAll(where.params());
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

    /**
     * Forgets the counts of hours that no partition of the log table covers any more: a partition dropped whole
     * (retention) fires no delete trigger. Returns how many rows went.
     */
    public int forgetUnpartitioned() throws SQLException {
        int forgotten = 0;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("log_rollup", "log_rollup_delta")) {
                forgotten += s.executeUpdate("with b as materialized (select * from log_partition_bounds()) "
                        + "delete from " + table + " r where not exists (select 1 from b "
                        + "where r.created_at >= b.lower_ticks and r.created_at < b.upper_ticks)");
            }
            // rows that came to zero (their entries deleted) count nothing
            forgotten += s.executeUpdate("delete from log_rollup where count = 0");
        }
        return forgotten;
    }
}
