package io.sendzen.logs.flyout;

import io.quarkus.runtime.configuration.DurationConverter;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What is retried and when: which answers and failures are worth another attempt, the delays before each retry
 * ({@code 10s,1m,5m,...}; its length is the number of retries), and a receiver's {@code Retry-After}.
 */
public final class RetrySchedule {

    /** A receiver's Retry-After is honoured up to this. */
    static final Duration RETRY_AFTER_CAP = Duration.ofHours(6);

    private final List<Duration> delays;

    RetrySchedule(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    /**
     * Reads {@code sendzen.flyout.retry-schedule}. Kept as text parsed with Quarkus' own duration converter, not a
     * {@code List<Duration>} in the mapping: an empty value means "no retry", and the mapping would read an empty
     * list as absent and fall back to the default.
     */
    public static RetrySchedule parse(String text) {
        List<Duration> delays = new ArrayList<>();
        if (!text.isBlank()) {
            for (String part : text.split(",")) {
                delays.add(delay(part.trim()));
            }
        }
        return new RetrySchedule(delays);
    }

    private static Duration delay(String part) {
        Duration delay;
        try {
            delay = part.isEmpty() ? null : DurationConverter.parseDuration(part);
        } catch (IllegalArgumentException e) {
            delay = null;
        }
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("sendzen.flyout.retry-schedule: '" + part
                    + "' is not a delay such as 10s, 5m, 1h or 1d");
        }
        return delay;
    }

    List<Duration> delays() {
        return delays;
    }

    /** How many retries follow the first attempt. */
    public int retries() {
        return delays.size();
    }

    /** Whether a receiver's answer with this status is worth another attempt: 408, 425, 429 and every 5xx. */
    public static boolean retried(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    /**
     * When attempt number {@code attempt} (1-based) failed in a way worth retrying: the wait before the next one, or
     * empty when the schedule is used up. The delay of the schedule varies by ±20% so that retries of many entries do
     * not arrive together; a receiver's Retry-After, when it has one, replaces it up to the cap.
     */
    public Optional<Duration> after(int attempt, Duration retryAfter) {
        if (attempt > delays.size()) {
            return Optional.empty();
        }
        if (retryAfter != null) {
            return Optional.of(retryAfter.compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : retryAfter);
        }
        Duration base = delays.get(attempt - 1);
        double factor = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Optional.of(Duration.ofMillis(Math.max(1, Math.round(base.toMillis() * factor))));
    }

    /**
     * A {@code Retry-After} header as a wait from {@code now}: delay-seconds or an HTTP date (a date in the past is no
     * wait); null when absent or unreadable, so that the schedule applies.
     */
    public static Duration retryAfter(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        try {
            long seconds = Long.parseLong(trimmed);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Duration wait = Duration.between(now, ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
