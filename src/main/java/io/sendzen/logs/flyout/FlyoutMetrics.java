package io.sendzen.logs.flyout;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** {@code sendzen_flyout_*}: attempts by outcome, their latency, the pending backlog and the age of its oldest. */
@ApplicationScoped
public class FlyoutMetrics {

    private final MeterRegistry registry;
    private final Timer latency;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();

    FlyoutMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("sendzen.flyout.attempt.duration").publishPercentileHistogram().register(registry);
        registry.gauge("sendzen.flyout.pending", backlog);
        registry.gauge("sendzen.flyout.oldest.pending.seconds", oldestSeconds);
    }

    void attempt(AttemptOutcome outcome, long durationMs) {
        registry.counter("sendzen.flyout.attempts", "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
        latency.record(durationMs, TimeUnit.MILLISECONDS);
    }

    void backlog(long pending, long oldest) {
        backlog.set(pending);
        oldestSeconds.set(oldest);
    }
}
