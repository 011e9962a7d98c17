package io.sendzen.logs.shared;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ticks and instants convert both ways over the whole range, to the 100 ns. */
class TicksPropertyTest {

    @Property(tries = 5000)
    void ticksComeBackFromTheirInstant(@ForAll @LongRange(min = Ticks.MIN, max = Ticks.MAX) long ticks) {
        assertEquals(ticks, Ticks.of(Ticks.toInstant(ticks)));
        assertTrue(Ticks.inRange(ticks));
    }

    @Property(tries = 5000)
    void theOrderOfTicksIsTheOrderOfTime(@ForAll @LongRange(min = Ticks.MIN, max = Ticks.MAX) long a,
                                         @ForAll @LongRange(min = Ticks.MIN, max = Ticks.MAX) long b) {
        Instant x = Ticks.toInstant(a);
        Instant y = Ticks.toInstant(b);
        assertEquals(Long.signum(Long.compare(a, b)), Integer.signum(x.compareTo(y)));
    }

    @Property(tries = 2000)
    void outsideTheRangeIsNotInRange(@ForAll long ticks) {
        assertEquals(ticks >= Ticks.MIN && ticks <= Ticks.MAX, Ticks.inRange(ticks));
    }
}
