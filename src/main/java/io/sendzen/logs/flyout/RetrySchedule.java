package io.sendzen.logs.flyout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The delays before each retry ({@code 10s,1m,5m,...}); its length is the number of retries. */
public final class RetrySchedule {

    private static final Pattern DELAY = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    /** A receiver's Retry-After is honoured up to this. */
    static final Duration RETRY_AFTER_CAP = Duration.ofHours(6);

    private final List<Duration> delays;

    private RetrySchedule(List<Duration> delays) {
        this.delays = delays;
    }

    public static RetrySchedule parse(String text) {
        List<Duration> delays = new ArrayList<>();
        if (!text.isBlank()) {
            for (String part : text.split(",")) {
                Matcher m = DELAY.matcher(part.trim().toLowerCase(Locale.ROOT));
                if (!m.matches()) {
                    throw new IllegalArgumentException("sendzen.flyout.retry-schedule: '" + part.trim()
                            + "' is not a delay such as 10s, 5m, 1h or 1d");
                }
                long n = Long.parseLong(m.group(1));
                delays.add(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        }
        return new RetrySchedule(List.copyOf(delays));
    }

    /** How many retries follow the first attempt. */
    public int retries() {
        return delays.size();
    }

    /**
     * The wait after attempt number {@code attempt} (1-based) failed, with ±20% jitter so that retries of many
     * entries do not arrive together; a receiver's Retry-After, when given, replaces it up to the cap.
     */
    public Duration delayAfter(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : retryAfter;
        }
        Duration base = delays.get(Math.min(attempt, delays.size()) - 1);
        double factor = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, Math.round(base.toMillis() * factor)));
    }
}
