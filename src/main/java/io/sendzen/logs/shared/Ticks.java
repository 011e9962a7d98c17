package io.sendzen.logs.shared;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** .NET {@code DateTime.Ticks} of a UTC time: 100-nanosecond intervals since 0001-01-01T00:00:00Z. */
public final class Ticks {

    public static final long UNIX_EPOCH = 621_355_968_000_000_000L;
    public static final long MIN = 0L;
    public static final long MAX = 3_155_378_975_999_999_999L;
    public static final long PER_SECOND = 10_000_000L;
    public static final long PER_DAY = 86_400L * PER_SECOND;

    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

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

    /** ISO-8601 in UTC with all seven fractional digits of a tick, e.g. {@code 2026-12-02T07:13:08.2541329Z}. */
    public static String iso(long ticks) {
        return ISO.format(toInstant(ticks));
    }

    /** {@code instant} in the form of {@link #iso(long)}, to the tick. */
    public static String iso(Instant instant) {
        return ISO.format(instant);
    }

    public static boolean inRange(long ticks) {
        return ticks >= MIN && ticks <= MAX;
    }
}
