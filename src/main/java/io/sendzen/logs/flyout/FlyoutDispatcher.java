package io.sendzen.logs.flyout;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.store.EntriesStored;
import io.sendzen.logs.store.LatencyRollups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends pending forwards: claims due work per endpoint (no more in flight to one endpoint than its limit, so a slow
 * or dead endpoint delays no other), hands each signed request to the {@link WebhookClient}, asks the
 * {@link RetrySchedule} what a failure means, and records the outcome through the {@link FlyoutStore}. Runs apart
 * from the HTTP layer and from ingestion.
 */
@ApplicationScoped
public class FlyoutDispatcher {

    private static final Logger LOG = Logger.getLogger(FlyoutDispatcher.class);
    private static final long IDLE_POLL_MS = 500;

    private final FlyoutStore store;
    private final FlyoutMetrics metrics;
    private final LatencyRollups latencies;
    private final EndpointHealth health;
    private final WebhookClient client;
    private final RetrySchedule schedule;
    private final int maxPerEndpoint;
    private final Duration lease;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    /** Outcomes are written to the database, which blocks: never on the client's event loop. */
    private ExecutorService recorder;
    private long lastBacklogCheck;

    FlyoutDispatcher(FlyoutStore store, FlyoutMetrics metrics, LatencyRollups latencies, EndpointHealth health,
                     WebhookClient client, SendzenConfig config) {
        this.store = store;
        this.metrics = metrics;
        this.latencies = latencies;
        this.health = health;
        this.client = client;
        this.schedule = RetrySchedule.parse(config.flyout().retrySchedule());
        this.maxPerEndpoint = Math.max(1, config.flyout().maxConcurrencyPerEndpoint());
        // a claim outlives the longest exchange, so that only a dead instance's work is claimed again
        this.lease = Duration.ofMillis(client.longestExchangeMs()).plusSeconds(30);
    }

    void start(@Observes StartupEvent event) {
        recorder = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "flyout-recorder");
            t.setDaemon(true);
            return t;
        });
        running = true;
        thread = new Thread(this::run, "flyout-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake.release();
        if (thread != null) {
            thread.join(5_000);
        }
        if (recorder != null) {
            recorder.shutdown();
            recorder.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    void onStored(@Observes EntriesStored stored) {
        if (stored.forwards() > 0) {
            wake();
        }
    }

    /** New work was committed: look now rather than at the next poll. */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void run() {
        while (running) {
            int dispatched = 0;
            try {
                dispatched = dispatchDue();
                refreshBacklog();
            } catch (Exception e) {
                LOG.warnf("flyout dispatch round failed, retrying: %s", e.toString());
            }
            if (dispatched == 0) {
                try {
                    wake.tryAcquire(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private int dispatchDue() throws Exception {
        int dispatched = 0;
        for (String webhookId : store.dueEndpoints()) {
            AtomicInteger busy = inFlight.computeIfAbsent(webhookId, k -> new AtomicInteger());
            int free = maxPerEndpoint - busy.get();
            if (free <= 0) {
                continue;
            }
            List<FlyoutStore.Job> jobs = store.claim(webhookId, free, lease);
            if (jobs.isEmpty()) {
                continue;
            }
            Optional<FlyoutStore.Endpoint> endpoint;
            try {
                endpoint = store.endpoint(webhookId);
            } catch (IllegalStateException e) {
                // its secret does not open (a data key missing from sendzen.secret-keys): retried, the others go on
                for (FlyoutStore.Job job : jobs) {
                    busy.incrementAndGet();
                    dispatched++;
                    record(job, new WebhookClient.NoAnswer(Instant.now(), 0, "signing secret unavailable: " + e.getMessage(), true));
                }
                continue;
            }
            Map<Long, String> payloads = store.payloads(jobs);
            for (FlyoutStore.Job job : jobs) {
                busy.incrementAndGet();
                dispatched++;
                String payload = payloads.get(job.logId());
                if (endpoint.isEmpty() || !endpoint.get().enabled() || payload == null) {
                    String reason = endpoint.isEmpty() ? "endpoint deleted"
                            : !endpoint.get().enabled() ? "endpoint disabled" : "log entry deleted";
                    record(job, new WebhookClient.NoAnswer(Instant.now(), 0, reason, false));
                    continue;
                }
                byte[] body = payload.getBytes(StandardCharsets.UTF_8);
                client.post(job.url(), signedHeaders(job, endpoint.get(), body), body)
                        .thenAcceptAsync(result -> {
                            if (result instanceof WebhookClient.NoAnswer) {
                                health.unanswered(job.webhookId());
                            }
                            record(job, result);
                        }, recorder);
            }
        }
        return dispatched;
    }

    /** Meta's signature for receivers written for Meta, and the Standard Webhooks headers. */
    private static Map<String, String> signedHeaders(FlyoutStore.Job job, FlyoutStore.Endpoint endpoint, byte[] body) {
        String id = Long.toString(job.logId());
        long timestamp = Instant.now().getEpochSecond();
        return Map.of(
                "Content-Type", "application/json",
                "User-Agent", "sendzen-logs-flyout/1.0",
                "X-Hub-Signature-256", FlyoutSignature.hubSignature(endpoint.secrets().get(0), body),
                "webhook-id", id,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", FlyoutSignature.standardSignature(endpoint.secrets(), id, timestamp, body));
    }

    /** What the attempt's result means for the entry, written down. */
    private void record(FlyoutStore.Job job, WebhookClient.Result result) {
        int attempt = job.attempts() + 1;
        FlyoutStore.Attempt recorded;
        if (result instanceof WebhookClient.Answer answer) {
            boolean delivered = answer.status() >= 200 && answer.status() < 300;
            health.answered(job.webhookId(), answer.status());
            Optional<Duration> retryIn = delivered || !RetrySchedule.retried(answer.status()) ? Optional.empty()
                    : schedule.after(attempt, RetrySchedule.retryAfter(answer.retryAfter(), Instant.now()));
            recorded = new FlyoutStore.Attempt(job, answer.startedAt(), answer.durationMs(), answer.status(),
                    answer.excerpt(), null, delivered ? AttemptOutcome.SUCCESS : outcome(retryIn), retryIn.orElse(null));
        } else {
            WebhookClient.NoAnswer none = (WebhookClient.NoAnswer) result;
            Optional<Duration> retryIn = none.mayPass() ? schedule.after(attempt, null) : Optional.empty();
            recorded = new FlyoutStore.Attempt(job, none.startedAt(), none.durationMs(), 0, null, none.reason(),
                    outcome(retryIn), retryIn.orElse(null));
        }
        try {
            store.record(recorded);
            metrics.attempt(recorded.outcome(), recorded.durationMs());
            latencies.forwarded(job.projectId(), job.url(), recorded.startedAt(), recorded.durationMs(),
                    recorded.outcome() != AttemptOutcome.SUCCESS);
        } catch (Exception e) {
            // the lease runs out and the attempt is made again: at least once
            LOG.warnf("could not record a forward of entry %d: %s", job.logId(), e.toString());
        } finally {
            AtomicInteger busy = inFlight.get(job.webhookId());
            if (busy != null) {
                busy.decrementAndGet();
            }
            wake();
        }
    }

    private static AttemptOutcome outcome(Optional<Duration> retryIn) {
        return retryIn.isPresent() ? AttemptOutcome.RETRY : AttemptOutcome.FAILED;
    }

    private void refreshBacklog() throws Exception {
        long now = System.currentTimeMillis();
        if (now - lastBacklogCheck > 5_000) {
            lastBacklogCheck = now;
            long[] backlog = store.backlog();
            metrics.backlog(backlog[0], backlog[1]);
        }
    }
}
