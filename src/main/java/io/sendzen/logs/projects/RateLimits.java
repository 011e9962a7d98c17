package io.sendzen.logs.projects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.quarkus.arc.DefaultBean;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.SendzenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How many requests each project's tokens may make: a token bucket per project, refilled at
 * {@code sendzen.rate-limit.requests-per-second} up to {@code sendzen.rate-limit.burst}. Counted on each instance of
 * the service. Beyond it: 429 with the seconds until the next request is taken.
 */
@ApplicationScoped
public class RateLimits {

    private final double perNano;
    private final double burst;
    private final Ticker ticker;
    private final Cache<String, Bucket> buckets;

    RateLimits(SendzenConfig config, Ticker ticker) {
        this.ticker = ticker;
        this.perNano = config.rateLimit().requestsPerSecond() / TimeUnit.SECONDS.toNanos(1);
        this.burst = Math.max(1, config.rateLimit().burst());
        this.buckets = Caffeine.newBuilder()
                // a bucket left alone for burst / rate is full again, the same as a new one; no size bound, which could
                // drop a bucket that is still limiting a project
                .expireAfterAccess(Duration.ofNanos(perNano > 0 ? (long) Math.ceil(burst / perNano) : 0))
                .ticker(ticker)
                .build();
    }

    /** Takes one request of {@code projectId}'s allowance, or refuses it with 429. */
    public void take(String projectId) {
        if (perNano <= 0) {
            return;
        }
        long waitNanos = buckets.get(projectId, id -> new Bucket(burst, ticker.read()))
                .take(ticker.read(), perNano, burst);
        if (waitNanos > 0) {
            throw ApiException.tooManyRequests((waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        }
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double burst, long now) {
            this.tokens = burst;
            this.refilledAt = now;
        }

        /** 0 when a request was taken, else the nanoseconds until one will be. */
        synchronized long take(long now, double perNano, double burst) {
            tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }
    }

    /** The clock the buckets refill by: the system's, unless a test sets its own. */
    @Dependent
    static class Clock {
        @Produces
        @DefaultBean
        Ticker system() {
            return Ticker.systemTicker();
        }
    }
}
