package io.sendzen.logs.shared;

import java.time.Instant;

/** .NET {@code DateTime.Ticks} of a UTC time: 100-nanosecond intervals since 0001-01-01T00:00:00Z. */
public final class Ticks {

    public static final long UNIX_EPOCH = 621_355_968_000_000_000L;
    public static final long MIN = 0L;
    public static final long MAX = 3_155_378_975_999_999_999L;
    public static final long PER_SECOND = 10_000_000L;
    public static final long PER_DAY = 86_400L * PER_SECOND;

    private Ticks() {
    }

    public static long of(Instant instant) {
        return UNIX_EPOCH + instant.getEpochSecond() * PER_SECOND + instant.getNano() / 100;
    }

    public static Instant toInstant(long ticks) {
        long sinceEpoch = ticks - UNIX_EPOCH;
        return Instant.ofEpochSecond(Math.floorDiv(sinceEpoch, PER_SECOND), Math.floorMod(sinceEpoch, PER_SECOND) * 100);
    }

    public static long now() {
        return of(Instant.now());
    }

    public static boolean inRange(long ticks) {
        return ticks >= MIN && ticks <= MAX;
    }
}
