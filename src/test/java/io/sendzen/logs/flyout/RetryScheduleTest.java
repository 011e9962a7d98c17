package io.sendzen.logs.flyout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What is retried and when, without a server. */
class RetryScheduleTest {

    @Test
    void theDefaultScheduleMakesTenRetriesOverAboutTwoDays() {
        RetrySchedule schedule = RetrySchedule.parse("10s,1m,5m,30m,1h,2h,4h,8h,12h,24h");
        assertEquals(10, schedule.retries());
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt <= 10; attempt++) {
            total = total.plus(schedule.after(attempt, null).orElseThrow());
        }
        // 52h 36m 10s without jitter, ±20%
        long nominal = Duration.parse("PT52H36M10S").toMillis();
        assertTrue(total.toMillis() >= nominal * 0.8 && total.toMillis() <= nominal * 1.2, total.toString());
        assertEquals(Optional.empty(), schedule.after(11, null), "the schedule is used up after its last delay");
    }

    @Test
    void eachDelayVariesByAtMostAFifth() {
        RetrySchedule schedule = RetrySchedule.parse("10s");
        long smallest = Long.MAX_VALUE;
        long largest = 0;
        for (int i = 0; i < 2_000; i++) {
            long millis = schedule.after(1, null).orElseThrow().toMillis();
            smallest = Math.min(smallest, millis);
            largest = Math.max(largest, millis);
        }
        assertTrue(smallest >= 8_000, "smallest " + smallest);
        assertTrue(largest <= 12_000, "largest " + largest);
        assertTrue(largest - smallest > 1_000, "delays are spread, not all the same: " + smallest + ".." + largest);
    }

    @Test
    void anEmptyScheduleMeansNoRetry() {
        RetrySchedule schedule = RetrySchedule.parse(" ");
        assertEquals(0, schedule.retries());
        assertEquals(Optional.empty(), schedule.after(1, Duration.ofSeconds(5)));
    }

    @Test
    void unitsAreThoseOfTheConfiguration() {
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(3), Duration.ofHours(4),
                        Duration.ofDays(1), Duration.ofSeconds(0)),
                RetrySchedule.parse("500ms, 2s,3m ,4h,1d,0s").delays());
    }

    @ParameterizedTest(name = "''{0}'' stops the start")
    @ValueSource(strings = {"10x", "ten seconds", "10s,,1m", "-5s", "1m,soon"})
    void aBadDelayIsRefusedNamingIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse(text));
        assertTrue(e.getMessage().startsWith("sendzen.flyout.retry-schedule: '"), e.getMessage());
        assertTrue(e.getMessage().endsWith("' is not a delay such as 10s, 5m, 1h or 1d"), e.getMessage());
    }

    @ParameterizedTest(name = "status {0} is retried")
    @ValueSource(ints = {408, 425, 429, 500, 502, 503, 504, 599})
    void theseAnswersAreRetried(int status) {
        assertTrue(RetrySchedule.retried(status));
    }

    @ParameterizedTest(name = "status {0} is not retried")
    @ValueSource(ints = {301, 302, 400, 401, 403, 404, 405, 410, 413, 422})
    void theseAnswersAreNot(int status) {
        assertFalse(RetrySchedule.retried(status));
    }

    @Test
    void aRetryAfterReplacesTheDelayWithoutJitterUpToTheCap() {
        RetrySchedule schedule = RetrySchedule.parse("10s,1m");
        assertEquals(Optional.of(Duration.ofSeconds(7)), schedule.after(1, Duration.ofSeconds(7)));
        assertEquals(Optional.of(Duration.ZERO), schedule.after(2, Duration.ZERO));
        assertEquals(Optional.of(RetrySchedule.RETRY_AFTER_CAP), schedule.after(1, Duration.ofDays(3)));
        assertEquals(Optional.empty(), schedule.after(3, Duration.ofSeconds(7)), "not beyond the schedule");
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        assertEquals(Duration.ofSeconds(120), RetrySchedule.retryAfter(" 120 ", now));
        assertEquals(Duration.ZERO, RetrySchedule.retryAfter("0", now));
        assertEquals(Duration.ofSeconds(90), RetrySchedule.retryAfter("Wed, 02 Dec 2026 12:01:30 GMT", now));
        assertEquals(Duration.ZERO, RetrySchedule.retryAfter("Wed, 02 Dec 2026 11:00:00 GMT", now), "a past date is no wait");
        assertNull(RetrySchedule.retryAfter(null, now));
        assertNull(RetrySchedule.retryAfter("-3", now));
        assertNull(RetrySchedule.retryAfter("tomorrow", now));
        assertNull(RetrySchedule.retryAfter("", now));
    }
}
