package io.sendzen.logs.store;

import java.util.Map;
import java.util.SortedMap;

/**
 * The fixed log-scale bins of the latency histograms (V17): bin {@code b} holds durations in [2^(b/8), 2^((b+1)/8))
 * microseconds, eight bins a doubling (each about 9% wide), so histograms of any hours merge by adding their bins and
 * a percentile read from the merge is off by at most half a bin.
 */
public final class LatencyBins {

    static final int PER_DOUBLING = 8;
    static final int MAX_BIN = 32 * PER_DOUBLING;

    private LatencyBins() {
    }

    public static int of(long micros) {
        if (micros <= 1) {
            return 0;
        }
        int bin = (int) Math.floor(PER_DOUBLING * Math.log(micros) / Math.log(2));
        return Math.min(bin, MAX_BIN);
    }

    /** The middle of bin {@code bin} (geometrically), in milliseconds. */
    public static double millis(int bin) {
        return Math.pow(2, (bin + 0.5) / PER_DOUBLING) / 1000.0;
    }

    /** The {@code quantile} (0 to 1) of the histogram {@code counts} (bin to count, in bin order), in milliseconds; null when empty. */
    public static Double percentile(SortedMap<Integer, Long> counts, double quantile) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> bin : counts.entrySet()) {
            seen += bin.getValue();
            if (seen >= rank) {
                return Math.round(millis(bin.getKey()) * 100) / 100.0;
            }
        }
        return Math.round(millis(counts.lastKey()) * 100) / 100.0;
    }
}
