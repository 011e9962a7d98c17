package io.sendzen.logs.stats;

import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntryQuery;
import io.sendzen.logs.store.EntryRollups;
import io.sendzen.logs.store.LatencyBins;
import io.sendzen.logs.store.LatencyRollups;
import io.sendzen.logs.store.LatencyRollups.Histogram;
import io.sendzen.logs.store.RollupDimension;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The answers of {@code GET /v1/stats} and its latency views, read from the rollups only. */
@ApplicationScoped
public class StatsService {

    public record Count(String start, String key, long count) {
    }

    public record Total(String key, long count) {
    }

    public record Counts(String interval, String groupBy, String fromDate, String toDate, List<Count> buckets,
                         List<Total> totals) {
    }

    public record Ack(String start, String phoneNumberId, long count, Double p50Ms, Double p99Ms) {
    }

    public record Acks(String interval, String fromDate, String toDate, List<Ack> buckets, List<Ack> totals) {
    }

    public record Forward(String start, String url, long attempts, long failures, double failureRate, Double p50Ms,
                          Double p95Ms, Double p99Ms) {
    }

    public record Forwards(String interval, String fromDate, String toDate, List<Forward> buckets, List<Forward> totals) {
    }

    private final EntryRollups rollups;
    private final LatencyRollups latencies;

    StatsService(EntryRollups rollups, LatencyRollups latencies) {
        this.rollups = rollups;
        this.latencies = latencies;
    }

    public Counts counts(String projectId, StatsRequest request) throws SQLException {
        List<EntryRollups.Bucket> rows = rollups.series(projectId, request.filter(), request.fromDate(),
                request.toDate(), request.interval().ticks, request.groupBy());
        List<Count> buckets = new ArrayList<>(rows.size());
        Map<String, Long> totals = new LinkedHashMap<>();
        for (EntryRollups.Bucket row : rows) {
            String key = key(request.groupBy(), row.key());
            buckets.add(new Count(iso(row.start()), key, row.count()));
            totals.merge(key == null ? "\u0000" : key, row.count(), Long::sum);
        }
        List<Total> sums = totals.entrySet().stream()
                .map(t -> new Total(t.getKey().equals("\u0000") ? null : t.getKey(), t.getValue()))
                .sorted((a, b) -> Long.compare(b.count(), a.count()))
                .toList();
        return new Counts(request.interval().label(), request.groupBy().parameter(), iso(request.fromDate()),
                iso(request.toDate()), buckets, sums);
    }

    public Acks acks(String projectId, StatsRequest request) throws SQLException {
        List<Histogram> rows = latencies.acks(projectId, request.filter().phoneNumberId(), request.fromDate(),
                request.toDate(), request.interval().ticks);
        List<Ack> buckets = new ArrayList<>();
        Map<String, SortedMap<Integer, Long>> merged = new TreeMap<>();
        for (Histogram row : rows) {
            buckets.add(new Ack(iso(row.start()), row.key(), row.count(), LatencyBins.percentile(row.bins(), 0.5),
                    LatencyBins.percentile(row.bins(), 0.99)));
            SortedMap<Integer, Long> total = merged.computeIfAbsent(row.key(), k -> new TreeMap<>());
            row.bins().forEach((bin, n) -> total.merge(bin, n, Long::sum));
        }
        List<Ack> totals = new ArrayList<>();
        merged.forEach((phone, bins) -> totals.add(new Ack(null, phone, bins.values().stream().mapToLong(Long::longValue).sum(),
                LatencyBins.percentile(bins, 0.5), LatencyBins.percentile(bins, 0.99))));
        return new Acks(request.interval().label(), iso(request.fromDate()), iso(request.toDate()), buckets, totals);
    }

    public Forwards forwards(String projectId, StatsRequest request) throws SQLException {
        List<Histogram> rows = latencies.forwards(projectId, request.filter().url(), request.fromDate(),
                request.toDate(), request.interval().ticks);
        List<Forward> buckets = new ArrayList<>();
        Map<String, SortedMap<Integer, Long>> merged = new TreeMap<>();
        Map<String, Long> failures = new TreeMap<>();
        for (Histogram row : rows) {
            buckets.add(forward(iso(row.start()), row.key(), row.bins(), row.count(), row.failures()));
            SortedMap<Integer, Long> total = merged.computeIfAbsent(row.key(), k -> new TreeMap<>());
            row.bins().forEach((bin, n) -> total.merge(bin, n, Long::sum));
            failures.merge(row.key(), row.failures(), Long::sum);
        }
        List<Forward> totals = new ArrayList<>();
        merged.forEach((url, bins) -> totals.add(forward(null, url, bins,
                bins.values().stream().mapToLong(Long::longValue).sum(), failures.get(url))));
        return new Forwards(request.interval().label(), iso(request.fromDate()), iso(request.toDate()), buckets, totals);
    }

    private static Forward forward(String start, String url, SortedMap<Integer, Long> bins, long attempts, long failed) {
        double rate = attempts == 0 ? 0 : Math.round(10_000.0 * failed / attempts) / 10_000.0;
        return new Forward(start, url, attempts, failed, rate, LatencyBins.percentile(bins, 0.5),
                LatencyBins.percentile(bins, 0.95), LatencyBins.percentile(bins, 0.99));
    }

    /** A key as the API shows it: an event type by its name, the rest as stored; null when the entries have none. */
    private static String key(RollupDimension groupBy, String stored) {
        if (stored == null || groupBy != RollupDimension.EVENT_TYPE) {
            return stored;
        }
        int code = Integer.parseInt(stored);
        // a code this version does not know (written by a newer one) is shown as its number
        return code >= 1 && code <= EventType.values().length ? EntryQuery.type(code).label() : stored;
    }

    private static String iso(long ticks) {
        return Ticks.toInstant(ticks).toString();
    }
}
