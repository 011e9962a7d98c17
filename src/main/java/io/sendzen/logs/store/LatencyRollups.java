package io.sendzen.logs.store;

import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.shared.ReadSources;
import io.sendzen.logs.shared.Ticks;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Owns {@code ack_latency} and {@code forward_latency} (V17): histograms of how long Meta waited for our answer, per
 * phone number and hour, and of how long forwards took, per endpoint URL and day. Measurements are counted in memory
 * where they are made (the ingest answer, the recorder of a forward), so neither path waits on a shared row, and
 * added to the tables by {@link #flush}, every few seconds: a crash loses at most the counts since the last flush.
 */
@ApplicationScoped
public class LatencyRollups {

    public static final long DAY = Ticks.PER_DAY;

    /** One bucket's histogram: bins to counts, and (forwards) how many of them failed. */
    public record Histogram(long start, String key, long count, long failures, SortedMap<Integer, Long> bins) {
    }

    private record AckKey(String phoneNumberId, String wabaId, long hour, int bin) {
    }

    private record ForwardKey(String projectId, String url, long day, int bin) {
    }

    private record ForwardCounts(LongAdder attempts, LongAdder failures) {
    }

    private final AgroalDataSource dataSource;
    private final ReadSources apiReads;
    private final Map<AckKey, LongAdder> acks = new ConcurrentHashMap<>();
    private final Map<ForwardKey, ForwardCounts> forwards = new ConcurrentHashMap<>();

    LatencyRollups(AgroalDataSource dataSource, ReadSources apiReads) {
        this.dataSource = dataSource;
        this.apiReads = apiReads;
    }

    /** A delivery received at {@code receivedAt} (Ticks) was answered after {@code micros}, for each of its phone numbers. */
    public void acknowledged(String phoneNumberId, String wabaId, long receivedAt, long micros) {
        AckKey key = new AckKey(phoneNumberId, wabaId, receivedAt - receivedAt % EntryRollups.HOUR, LatencyBins.of(micros));
        acks.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** A forward of the project's entry to {@code url} started at {@code startedAt} took {@code durationMs}. */
    public void forwarded(String projectId, String url, Instant startedAt, long durationMs, boolean failed) {
        long ticks = Ticks.of(startedAt);
        ForwardKey key = new ForwardKey(projectId, url, ticks - ticks % DAY, LatencyBins.of(durationMs * 1000));
        ForwardCounts counts = forwards.computeIfAbsent(key, k -> new ForwardCounts(new LongAdder(), new LongAdder()));
        counts.attempts.increment();
        if (failed) {
            counts.failures.increment();
        }
    }

    /** Adds what was counted since the last flush to the tables. */
    public synchronized void flush() throws SQLException {
        List<String> phones = new ArrayList<>();
        List<String> wabas = new ArrayList<>();
        List<Long> hours = new ArrayList<>();
        List<Short> bins = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Map.Entry<AckKey, LongAdder> ack : acks.entrySet()) {
            long n = ack.getValue().sumThenReset();
            if (n == 0) {
                // counted nothing for a whole flush: an hour past, its key is dropped
                acks.remove(ack.getKey(), ack.getValue());
                continue;
            }
            phones.add(ack.getKey().phoneNumberId());
            wabas.add(ack.getKey().wabaId());
            hours.add(ack.getKey().hour());
            bins.add((short) ack.getKey().bin());
            counts.add(n);
        }
        List<String> projects = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        List<Long> days = new ArrayList<>();
        List<Short> forwardBins = new ArrayList<>();
        List<Long> attempts = new ArrayList<>();
        List<Long> failures = new ArrayList<>();
        for (Map.Entry<ForwardKey, ForwardCounts> forward : forwards.entrySet()) {
            long n = forward.getValue().attempts.sumThenReset();
            long failed = forward.getValue().failures.sumThenReset();
            if (n == 0) {
                forwards.remove(forward.getKey(), forward.getValue());
                continue;
            }
            projects.add(forward.getKey().projectId());
            urls.add(forward.getKey().url());
            days.add(forward.getKey().day());
            forwardBins.add((short) forward.getKey().bin());
            attempts.add(n);
            failures.add(failed);
        }
        if (phones.isEmpty() && projects.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            if (!phones.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("""
                        insert into ack_latency (project_id, phone_number_id, created_at, bin, count)
                        select coalesce(pn.project_id, w.project_id, ''), a.phone, a.hour, a.bin, sum(a.n)
                        from unnest(?::text[], ?::text[], ?::bigint[], ?::int2[], ?::int8[]) as a(phone, waba, hour, bin, n)
                        left join phone_number pn on pn.phone_number_id = a.phone
                        left join waba w on w.waba_id = a.waba
                        group by 1, 2, 3, 4 order by 1, 3, 2, 4
                        on conflict (project_id, created_at, phone_number_id, bin)
                            do update set count = ack_latency.count + excluded.count
                        """)) {
                    s.setArray(1, c.createArrayOf("text", phones.toArray()));
                    s.setArray(2, c.createArrayOf("text", wabas.toArray()));
                    s.setArray(3, c.createArrayOf("int8", hours.toArray()));
                    s.setArray(4, c.createArrayOf("int2", bins.toArray()));
                    s.setArray(5, c.createArrayOf("int8", counts.toArray()));
                    s.executeUpdate();
                }
            }
            if (!projects.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("""
                        insert into forward_latency (project_id, url, created_at, bin, attempts, failures)
                        select * from unnest(?::text[], ?::text[], ?::bigint[], ?::int2[], ?::int8[], ?::int8[])
                            as f(project_id, url, day, bin, attempts, failures)
                        order by 1, 3, 2, 4
                        on conflict (project_id, created_at, url, bin) do update
                            set attempts = forward_latency.attempts + excluded.attempts,
                                failures = forward_latency.failures + excluded.failures
                        """)) {
                    s.setArray(1, c.createArrayOf("text", projects.toArray()));
                    s.setArray(2, c.createArrayOf("text", urls.toArray()));
                    s.setArray(3, c.createArrayOf("int8", days.toArray()));
                    s.setArray(4, c.createArrayOf("int2", forwardBins.toArray()));
                    s.setArray(5, c.createArrayOf("int8", attempts.toArray()));
                    s.setArray(6, c.createArrayOf("int8", failures.toArray()));
                    s.executeUpdate();
                }
            }
        }
    }

    /**
     * The project's ack latency histograms of the hours starting in [{@code fromHour}, {@code toDate}], per
     * {@code bucket} (ticks) and phone number ({@code phoneNumberId} null: every one), in bucket then phone order.
     */
    public List<Histogram> acks(String projectId, String phoneNumberId, long fromHour, long toDate, long bucket)
            throws SQLException {
        return histograms("""
                select created_at - created_at %% ?, phone_number_id, bin, sum(count), 0
                from ack_latency where project_id = ? and created_at >= ? and created_at <= ? %s
                group by 1, 2, 3 order by 1, 2, 3
                """, "phone_number_id", projectId, phoneNumberId, fromHour, toDate, bucket);
    }

    /** The same for the project's forwards, per {@code bucket} and endpoint URL ({@code url} null: every one). */
    public List<Histogram> forwards(String projectId, String url, long fromDay, long toDate, long bucket)
            throws SQLException {
        return histograms("""
                select created_at - created_at %% ?, url, bin, sum(attempts), sum(failures)
                from forward_latency where project_id = ? and created_at >= ? and created_at <= ? %s
                group by 1, 2, 3 order by 1, 2, 3
                """, "url", projectId, url, fromDay, toDate, bucket);
    }

    private List<Histogram> histograms(String sql, String keyColumn, String projectId, String key, long from, long to,
                                       long bucket) throws SQLException {
        String text = sql.formatted(key == null ? "" : "and " + keyColumn + " = ?");
        // stats are read where the API reads: on a replica when replicas are configured
        return apiReads.read(c -> {
            try (PreparedStatement s = c.prepareStatement(text)) {
                s.setLong(1, bucket);
                s.setString(2, projectId);
                s.setLong(3, from);
                s.setLong(4, to);
                if (key != null) {
                    s.setString(5, key);
                }
                List<Histogram> histograms = new ArrayList<>();
                Histogram current = null;
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        long start = rows.getLong(1);
                        String name = rows.getString(2);
                        if (current == null || current.start() != start || !current.key().equals(name)) {
                            current = new Histogram(start, name, 0, 0, new TreeMap<>());
                            histograms.add(current);
                        }
                        current.bins().merge(rows.getInt(3), rows.getLong(4), Long::sum);
                        histograms.set(histograms.size() - 1, current = new Histogram(start, name,
                                current.count() + rows.getLong(4), current.failures() + rows.getLong(5), current.bins()));
                    }
                }
                return histograms;
            }
        });
    }
}
