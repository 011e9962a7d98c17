package io.sendzen.logs.flyout;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sendzen.logs.projects.WebhookService;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each attempt tells of its endpoint, written down: a 2xx ends its streak of failures and stamps its last
 * success, anything else lengthens the streak (and may disable it, see {@link WebhookService#failed}), a 410 disables
 * it at once. A success is written at most once a second per endpoint while nothing failed between, so a healthy
 * endpoint's forwards do not queue on its row. Metrics per endpoint: {@code sendzen_flyout_endpoint_consecutive_failures},
 * {@code sendzen_flyout_endpoint_last_success_seconds} (as this instance last saw them) and
 * {@code sendzen_flyout_endpoint_disabled_total} by reason.
 */
@ApplicationScoped
public class EndpointHealth {

    private static final Logger LOG = Logger.getLogger(EndpointHealth.class);
    private static final long SUCCESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** This instance's view of one endpoint. */
    private static final class Seen {
        final AtomicLong failures = new AtomicLong();
        final AtomicLong lastSuccessSeconds = new AtomicLong();
        volatile long successWrittenAt = System.nanoTime() - 2 * SUCCESS_EVERY_NANOS;
    }

    private final WebhookService webhooks;
    private final MeterRegistry registry;
    private final Map<String, Seen> endpoints = new ConcurrentHashMap<>();

    EndpointHealth(WebhookService webhooks, MeterRegistry registry) {
        this.webhooks = webhooks;
        this.registry = registry;
    }

    /** The endpoint answered {@code status}. */
    void answered(String webhookId, int status) {
        if (status >= 200 && status < 300) {
            succeeded(webhookId);
        } else if (status == 410) {
            failed(webhookId);
            try {
                if (webhooks.disableGone(webhookId)) {
                    disabled("gone");
                }
            } catch (RuntimeException e) {
                LOG.warnf("could not disable endpoint %s after its 410: %s", webhookId, e.toString());
            }
        } else {
            failed(webhookId);
        }
    }

    /** No answer came from the endpoint (refused, reset, timed out, a name that does not resolve, ...). */
    void unanswered(String webhookId) {
        failed(webhookId);
    }

    private void succeeded(String webhookId) {
        Seen seen = seen(webhookId);
        long now = System.nanoTime();
        seen.lastSuccessSeconds.set(System.currentTimeMillis() / 1000);
        if (seen.failures.get() == 0 && now - seen.successWrittenAt < SUCCESS_EVERY_NANOS) {
            return;
        }
        try {
            webhooks.succeeded(webhookId);
            seen.failures.set(0);
            seen.successWrittenAt = now;
        } catch (RuntimeException e) {
            LOG.warnf("could not write down a success of endpoint %s: %s", webhookId, e.toString());
        }
    }

    private void failed(String webhookId) {
        Seen seen = seen(webhookId);
        try {
            WebhookService.Streak streak = webhooks.failed(webhookId);
            seen.failures.set(streak.failures());
            if (streak.disabled()) {
                disabled("failing");
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not write down a failure of endpoint %s: %s", webhookId, e.toString());
        }
    }

    private void disabled(String reason) {
        registry.counter("sendzen.flyout.endpoint.disabled", "reason", reason).increment();
    }

    private Seen seen(String webhookId) {
        return endpoints.computeIfAbsent(webhookId, id -> {
            Seen seen = new Seen();
            Gauge.builder("sendzen.flyout.endpoint.consecutive.failures", seen.failures, AtomicLong::get)
                    .tag("webhook_id", id).register(registry);
            Gauge.builder("sendzen.flyout.endpoint.last.success.seconds", seen.lastSuccessSeconds, AtomicLong::get)
                    .tag("webhook_id", id).register(registry);
            return seen;
        });
    }
}
