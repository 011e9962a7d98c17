package io.sendzen.logs.projects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Periodic;
import io.sendzen.logs.shared.SendzenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many requests each project's tokens may make: a token bucket per project, refilled at
 * {@code sendzen.rate-limit.requests-per-second} up to {@code sendzen.rate-limit.burst}, counted once across all
 * instances of the service. Each instance takes a request from its own bucket (no database round trip per request)
 * and, every {@code share-interval}, writes what it took to {@code rate_usage} and takes what the other instances
 * took off its own buckets. Every bucket thus follows the same allowance, late by at most an interval and a round
 * trip: in that time a project can get up to one burst from each instance, which its buckets then owe (they go below
 * zero), so over any longer time the project gets its rate once. Beyond it: 429 with the seconds until the next
 * request is taken.
 */
@ApplicationScoped
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class);
    /** Exchanges between two clean-ups of rows that nobody writes any more. */
    private static final int EXCHANGES_PER_CLEANUP = 400;

    /** What was last read of another instance's bucket of a project. */
    private record Seen(long bucket, long taken) {
    }

    private final double perNano;
    private final double burst;
    private final Ticker ticker;
    private final RateUsage usage;
    private final Duration interval;
    /** Counts older than this are not read: each exchange reads those of the last few intervals. */
    private final Duration window;
    private final String instanceId = UUID.randomUUID().toString();
    private final AtomicLong bucketIds = new AtomicLong();
    private final Cache<String, Bucket> buckets;
    /** The other instances' counts as last read, by instance and project. */
    private final Map<String, Seen> seen;
    private boolean baselineRead;
    private int exchanges;
    private Periodic sharing;

    RateLimits(SendzenConfig config, Ticker ticker, RateUsage usage) {
        this.ticker = ticker;
        this.usage = usage;
        this.perNano = config.rateLimit().requestsPerSecond() / TimeUnit.SECONDS.toNanos(1);
        this.burst = Math.max(1, config.rateLimit().burst());
        this.interval = config.rateLimit().shareInterval();
        this.window = Duration.ofMillis(Math.max(2_000, interval.toMillis() * 10));
        this.buckets = Caffeine.newBuilder()
                // a bucket is forgotten once it would be full again (the same as a new one), with a request to spare
                // for the take that follows a read; no size bound, which could drop a bucket still limiting a project
                .expireAfter(Expiry.<String, Bucket>accessing((projectId, bucket) ->
                        Duration.ofNanos(bucket.nanosToFull(ticker.read(), perNano, burst))))
                .ticker(ticker)
                .build();
        // a count not read again for ten minutes belongs to a bucket that idled out: its next count is a new bucket's
        this.seen = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).<String, Seen>build().asMap();
    }

    void onStart(@Observes StartupEvent event) {
        if (perNano <= 0) {
            return;
        }
        sharing = Periodic.start("rate-limit-sharing", Duration.ZERO, interval, this::shareQuietly);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sharing != null) {
            sharing.close();
        }
    }

    /** Takes one request of {@code projectId}'s allowance, or refuses it with 429. */
    public void take(String projectId) {
        if (perNano <= 0) {
            return;
        }
        long waitNanos = bucket(projectId).take(ticker.read(), perNano, burst);
        if (waitNanos > 0) {
            throw ApiException.tooManyRequests((waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        }
    }

    private Bucket bucket(String projectId) {
        return buckets.get(projectId, id -> new Bucket(bucketIds.incrementAndGet(), burst, ticker.read()));
    }

    private void shareQuietly() {
        try {
            share();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("rate limits not shared this time: %s", e.getMessage());
        }
    }

    /** One exchange with the other instances: what this one took since the last, and what they took. */
    synchronized void share() throws SQLException {
        List<RateUsage.Taken> mine = new ArrayList<>();
        buckets.asMap().forEach((projectId, bucket) -> {
            long taken = bucket.unreported();
            if (taken >= 0) {
                mine.add(new RateUsage.Taken(instanceId, projectId, bucket.id, taken));
            }
        });
        List<RateUsage.Taken> others = usage.exchange(instanceId, mine, window);
        for (RateUsage.Taken reported : mine) {
            Bucket bucket = buckets.getIfPresent(reported.projectId());
            if (bucket != null && bucket.id == reported.bucket()) {
                bucket.reported(reported.taken());
            }
        }
        long now = ticker.read();
        for (RateUsage.Taken other : others) {
            Seen before = seen.put(other.instanceId() + ' ' + other.projectId(), new Seen(other.bucket(), other.taken()));
            // the first read only learns where the others stand; a bucket seen for the first time later is new
            long spent = before == null ? (baselineRead ? other.taken() : 0)
                    : before.bucket() == other.bucket() ? other.taken() - before.taken() : other.taken();
            if (spent > 0) {
                // through compute, so that the bucket's expiry is worked out again after what it now owes
                buckets.asMap().compute(other.projectId(), (projectId, bucket) -> {
                    Bucket owing = bucket != null ? bucket : new Bucket(bucketIds.incrementAndGet(), burst, now);
                    owing.spend(spent, now, perNano, burst);
                    return owing;
                });
            }
        }
        baselineRead = true;
        if (++exchanges % EXCHANGES_PER_CLEANUP == 0) {
            usage.forgetIdle();
        }
    }

    /** This instance's id in {@code rate_usage}. */
    String instanceId() {
        return instanceId;
    }

    private static final class Bucket {
        private final long id;
        private double tokens;
        private long refilledAt;
        private long taken;
        private long reported = -1;

        Bucket(long id, double burst, long now) {
            this.id = id;
            this.tokens = burst;
            this.refilledAt = now;
        }

        private void refill(long now, double perNano, double burst) {
            tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
        }

        /** 0 when a request was taken, else the nanoseconds until one will be. */
        synchronized long take(long now, double perNano, double burst) {
            refill(now, perNano, burst);
            if (tokens >= 1) {
                tokens -= 1;
                taken++;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }

        synchronized long nanosToFull(long now, double perNano, double burst) {
            if (perNano <= 0) {
                return 0;
            }
            double at = Math.min(burst, tokens + (now - refilledAt) * perNano);
            return (long) Math.ceil((burst - at + 1) / perNano);
        }

        /** Requests taken on other instances: owed, below zero if need be, so the project gets its rate once. */
        synchronized void spend(long requests, long now, double perNano, double burst) {
            refill(now, perNano, burst);
            tokens -= requests;
        }

        /** What this bucket has taken, when that changed since the last report; else -1. */
        synchronized long unreported() {
            return taken == reported ? -1 : taken;
        }

        synchronized void reported(long taken) {
            reported = Math.max(reported, taken);
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
