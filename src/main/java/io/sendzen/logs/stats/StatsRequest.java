package io.sendzen.logs.stats;

import io.sendzen.logs.logs.LogFilterParser;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Cursor;
import io.sendzen.logs.shared.QueryParams;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.shared.Validation;
import io.sendzen.logs.store.EntryFilter;
import io.sendzen.logs.store.EntryRollups;
import io.sendzen.logs.store.RollupDimension;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.List;
import java.util.Locale;

/**
 * The query string of {@code GET /v1/stats} (and of its latency views): the window, {@code interval}, {@code groupBy}
 * and the filters of {@code GET /v1/logs}, read by {@link LogFilterParser} so the same values are valid. Filters
 * a rollup does not hold (free text, message id, wa_id, a send's tags) are a 400: stats never count rows.
 */
public record StatsRequest(EntryFilter filter, long fromDate, long toDate, Interval interval, RollupDimension groupBy) {

    static final long MAX_DAYS = 400;
    static final long DEFAULT_DAYS = 30;

    /** The length of a bucket. */
    public enum Interval {
        HOUR(EntryRollups.HOUR), DAY(Ticks.PER_DAY);

        final long ticks;

        Interval(long ticks) {
            this.ticks = ticks;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The start of the bucket {@code ticks} lies in. */
        long floor(long ticks) {
            return ticks - ticks % this.ticks;
        }
    }

    private static final List<String> NOT_ROLLED_UP = List.of("q", "messageId", "waId", "tag.name", "tag.recipient_type");
    private static final List<String> NOT_STATS = List.of(QueryParams.PAGE_SIZE, Cursor.PARAMETER, "order");

    /** {@code GET /v1/stats}: {@code groupBy} required, every rolled-up filter taken. */
    public static StatsRequest counts(MultivaluedMap<String, String> query) {
        return parse(query, true, List.of(Interval.HOUR, Interval.DAY), List.of());
    }

    /** {@code GET /v1/stats/ack-latency}: per phone number and hour (or day), {@code phoneNumberId} the only filter. */
    public static StatsRequest ackLatency(MultivaluedMap<String, String> query) {
        return parse(query, false, List.of(Interval.HOUR, Interval.DAY), List.of("phoneNumberId"));
    }

    /** {@code GET /v1/stats/forwards}: per endpoint URL and day (kept per day only), {@code url} the only filter. */
    public static StatsRequest forwards(MultivaluedMap<String, String> query) {
        return parse(query, false, List.of(Interval.DAY), List.of("url"));
    }

    private static StatsRequest parse(MultivaluedMap<String, String> query, boolean grouped, List<Interval> intervals,
                                      List<String> onlyFilters) {
        Validation validation = new Validation();
        MultivaluedMap<String, String> filters = new MultivaluedHashMap<>();
        query.forEach((name, values) -> {
            if (!name.equals("interval") && !name.equals("groupBy")) {
                filters.put(name, values);
            }
        });
        for (String name : NOT_ROLLED_UP) {
            if (query.containsKey(name)) {
                validation.add(name, "is not taken by stats, which count from rollups; use GET /v1/logs");
            }
        }
        for (String name : NOT_STATS) {
            if (query.containsKey(name)) {
                validation.add(name, "is not taken by stats, which return every bucket");
            }
        }
        if (!onlyFilters.isEmpty()) {
            for (String name : query.keySet()) {
                if (!onlyFilters.contains(name) && !List.of("fromDate", "toDate", "interval").contains(name)
                        && !NOT_ROLLED_UP.contains(name) && !NOT_STATS.contains(name)) {
                    validation.add(name, "is not taken here (fromDate, toDate, interval, "
                            + String.join(", ", onlyFilters) + ")");
                }
            }
        }
        EntryFilter filter = null;
        try {
            filter = LogFilterParser.parse(filters).entries();
        } catch (ApiException e) {
            if (e.status() != 400) {
                throw e;
            }
            e.problems().forEach(p -> validation.add(p.parameter(), p.problem()));
        }
        Interval interval = interval(validation, QueryParams.single(validation, query, "interval"), intervals);
        RollupDimension groupBy = null;
        if (grouped) {
            String name = QueryParams.single(validation, query, "groupBy");
            if (name == null) {
                validation.add("groupBy", "is required (" + RollupDimension.names() + ")");
            } else {
                groupBy = RollupDimension.named(name.trim().toLowerCase(Locale.ROOT)).orElse(null);
                if (groupBy == null) {
                    validation.add("groupBy", "must be one of " + RollupDimension.names());
                }
            }
        }
        long toDate = 0;
        long fromDate = 0;
        if (filter != null) {
            toDate = filter.toDate() != null ? filter.toDate() : Ticks.now();
            fromDate = query.containsKey("fromDate") ? filter.fromDate() : toDate - DEFAULT_DAYS * Ticks.PER_DAY;
            if (fromDate > toDate) {
                validation.add("fromDate", "must not be after toDate (now, when toDate is not given)");
            } else if (toDate - fromDate > MAX_DAYS * Ticks.PER_DAY) {
                validation.add("fromDate", "must be at most " + MAX_DAYS + " days before toDate");
            }
        }
        validation.throwIfAny();
        return new StatsRequest(filter, interval.floor(Math.max(fromDate, 0)), toDate, interval, groupBy);
    }

    private static Interval interval(Validation validation, String name, List<Interval> intervals) {
        if (name == null) {
            return intervals.get(intervals.size() - 1);
        }
        for (Interval interval : intervals) {
            if (interval.label().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return interval;
            }
        }
        validation.add("interval", "must be " + String.join(" or ", intervals.stream().map(Interval::label).toList()));
        return Interval.DAY;
    }
}
