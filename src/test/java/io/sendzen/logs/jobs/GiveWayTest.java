package io.sendzen.logs.jobs;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rest a job takes after a batch, from what its looks at the database found. */
class GiveWayTest {

    private static final Duration BATCH = Duration.ofMillis(100);
    private static final Duration LEASE_HALF = Duration.ofSeconds(30);

    /** A job with the default pause and half a 60 s lease as its longest rest. */
    private static GiveWay job() {
        return new GiveWay(30, Duration.ofMillis(10), LEASE_HALF);
    }

    private static void looked(GiveWay giveWay, int times, boolean othersActive) {
        for (int i = 0; i < times; i++) {
            giveWay.looked(othersActive);
        }
    }

    @Test
    void onAQuietDatabaseAJobRestsAsLongAsItsBatchTook() {
        GiveWay giveWay = job();
        looked(giveWay, 50, false);
        assertEquals(0.0, giveWay.busy(), 1e-9);
        assertEquals(BATCH, giveWay.rest(BATCH));
    }

    @Test
    void whileTheDatabaseIsBusyAJobRestsUpToGiveWayTimesLonger() {
        GiveWay giveWay = job();
        looked(giveWay, 50, true);
        assertEquals(1.0, giveWay.busy(), 1e-4);
        Duration rest = giveWay.rest(BATCH);
        assertTrue(rest.compareTo(Duration.ofMillis(3_090)) > 0 && rest.compareTo(Duration.ofMillis(3_100)) <= 0,
                "31 times the batch: " + rest);
    }

    @Test
    void busyIsTheShareOfRecentLooksThatFoundOtherWork() {
        GiveWay giveWay = new GiveWay(30, Duration.ZERO, LEASE_HALF);
        for (int i = 0; i < 200; i++) {
            giveWay.looked(i % 2 == 0);
        }
        // the newest look weighs most: half of the looks, give or take that
        assertEquals(0.5, giveWay.busy(), GiveWay.WEIGHT);
        looked(giveWay, 30, false);
        assertTrue(giveWay.busy() < 0.01, "a quiet spell brings the job back to its pace: " + giveWay.busy());
    }

    @Test
    void neverLessThanTheLeastPauseAndNotAtAllWithoutGivingWay() {
        GiveWay least = new GiveWay(30, Duration.ofSeconds(1), LEASE_HALF);
        assertEquals(Duration.ofSeconds(1), least.rest(BATCH));
        GiveWay none = new GiveWay(0, Duration.ZERO, LEASE_HALF);
        none.looked(true);
        assertEquals(BATCH, none.rest(BATCH));
    }

    @Test
    void aRestNeverOutlastsHalfTheLease() {
        GiveWay giveWay = job();
        looked(giveWay, 50, true);
        assertEquals(LEASE_HALF, giveWay.rest(Duration.ofSeconds(5)), "not 155 s");
        assertEquals(LEASE_HALF, giveWay.restAlone(Duration.ofSeconds(40)));
    }

    @Test
    void aNegativeOrUndefinedFactorIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GiveWay(-1, Duration.ZERO, LEASE_HALF));
        assertThrows(IllegalArgumentException.class, () -> new GiveWay(Double.NaN, Duration.ZERO, LEASE_HALF));
    }
}
