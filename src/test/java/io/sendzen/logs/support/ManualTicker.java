package io.sendzen.logs.support;

import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until a test moves it, for the rate limits: enabled only by a test profile that lists it
 * in {@code getEnabledAlternatives}, so what a test expects does not depend on how fast the machine runs it.
 */
@Alternative
@ApplicationScoped
public class ManualTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1);

    @Override
    public long read() {
        return nanos.get();
    }

    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
