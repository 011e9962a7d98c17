package io.sendzen.logs.flyout;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.store.EntriesStored;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends pending forwards: claims due work per endpoint (no more in flight to one endpoint than its limit, so a slow
 * or dead endpoint delays no other), POSTs with Vert.x's non-blocking client to the address it checked, and records
 * each outcome. Runs apart from the HTTP layer and from ingestion.
 */
@ApplicationScoped
public class FlyoutDispatcher {

    private static final Logger LOG = Logger.getLogger(FlyoutDispatcher.class);
    private static final int EXCERPT_BYTES = 1024;
    private static final long IDLE_POLL_MS = 500;
    /** Endpoints sharing a host (or an address) must not share a few connections: the per-endpoint limit bounds each. */
    private static final int MAX_CONNECTIONS_PER_HOST = 1024;

    private final FlyoutStore store;
    private final FlyoutMetrics metrics;
    private final Vertx vertx;
    private final RetrySchedule schedule;
    private final boolean allowPrivate;
    private final long connectTimeoutMs;
    private final long timeoutMs;
    private final int maxPerEndpoint;
    private final Duration lease;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private HttpClient client;
    private ExecutorService blocking;
    private long lastBacklogCheck;

    FlyoutDispatcher(FlyoutStore store, FlyoutMetrics metrics, Vertx vertx, SendzenConfig config) {
        this.store = store;
        this.metrics = metrics;
        this.vertx = vertx;
        this.schedule = RetrySchedule.parse(config.flyout().retrySchedule());
        this.allowPrivate = config.flyout().allowPrivateNetworks();
        this.connectTimeoutMs = config.flyout().connectTimeout().toMillis();
        this.timeoutMs = config.flyout().timeout().toMillis();
        this.maxPerEndpoint = Math.max(1, config.flyout().maxConcurrencyPerEndpoint());
        this.lease = Duration.ofMillis(connectTimeoutMs + timeoutMs).plusSeconds(30);
    }

    void start(@Observes StartupEvent event) {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) connectTimeoutMs)
                .setForceSni(true)
                .setVerifyHost(true)
                .setMaxPoolSize(MAX_CONNECTIONS_PER_HOST)
                .setKeepAlive(true));
        blocking = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "flyout-io");
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
        if (blocking != null) {
            blocking.shutdown();
            blocking.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (client != null) {
            client.close();
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
            Optional<FlyoutStore.Endpoint> endpoint = store.endpoint(webhookId);
            Map<Long, String> payloads = store.payloads(jobs);
            for (FlyoutStore.Job job : jobs) {
                busy.incrementAndGet();
                dispatched++;
                String payload = payloads.get(job.logId());
                if (endpoint.isEmpty() || !endpoint.get().enabled() || payload == null) {
                    String reason = endpoint.isEmpty() ? "endpoint deleted"
                            : !endpoint.get().enabled() ? "endpoint disabled" : "log entry deleted";
                    finish(job, Instant.now(), 0, 0, null, reason, false, null);
                    continue;
                }
                send(job, endpoint.get(), payload.getBytes(StandardCharsets.UTF_8));
            }
        }
        return dispatched;
    }

    private void send(FlyoutStore.Job job, FlyoutStore.Endpoint endpoint, byte[] body) {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        blocking.execute(() -> {
            URI uri;
            InetAddress address;
            try {
                uri = URI.create(job.url());
                address = resolve(uri.getHost());
            } catch (UnknownHostException e) {
                finish(job, started, elapsed(startNanos), 0, null, "host not found", true, null);
                return;
            } catch (IllegalArgumentException e) {
                finish(job, started, elapsed(startNanos), 0, null, "invalid URL", false, null);
                return;
            } catch (Refused e) {
                finish(job, started, elapsed(startNanos), 0, null, e.getMessage(), false, null);
                return;
            }
            post(job, endpoint, body, uri, address, started, startNanos);
        });
    }

    /** The address the request will connect to, checked before connecting (an SSRF guard that DNS cannot dodge). */
    private InetAddress resolve(String host) throws UnknownHostException {
        if (host == null) {
            throw new IllegalArgumentException("no host");
        }
        InetAddress[] addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        for (InetAddress candidate : addresses) {
            String refusal = AddressGuard.refusal(candidate);
            if (refusal == null || allowPrivate) {
                return candidate;
            }
        }
        throw new Refused("refused: " + host + " resolves to a " + AddressGuard.refusal(addresses[0])
                + " address (" + addresses[0].getHostAddress() + ")");
    }

    private void post(FlyoutStore.Job job, FlyoutStore.Endpoint endpoint, byte[] body, URI uri, InetAddress address,
                      Instant started, long startNanos) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String id = Long.toString(job.logId());
        long timestamp = Instant.now().getEpochSecond();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(job.url())
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setConnectTimeout(connectTimeoutMs)
                .setFollowRedirects(false)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "sendzen-logs-flyout/1.0")
                .putHeader("X-Hub-Signature-256", FlyoutSignature.hubSignature(endpoint.secrets().get(0), body))
                .putHeader("webhook-id", id)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", FlyoutSignature.standardSignature(endpoint.secrets(), id, timestamp, body));
        vertx.runOnContext(ignored -> {
            boolean[] timedOut = {false};
            boolean[] done = {false};
            long timer = vertx.setTimer(timeoutMs, t -> timedOut[0] = true);
            client.request(options)
                    .compose(request -> {
                        // the whole exchange, body included, must end within the timeout
                        vertx.setTimer(Math.max(1, timeoutMs - elapsed(startNanos)), t -> {
                            if (!done[0]) {
                                timedOut[0] = true;
                                request.reset();
                            }
                        });
                        return request.send(Buffer.buffer(body));
                    })
                    .compose(this::readAnswer)
                    .onComplete(result -> {
                        done[0] = true;
                        vertx.cancelTimer(timer);
                        long duration = elapsed(startNanos);
                        if (result.succeeded()) {
                            Answer answer = result.result();
                            blocking.execute(() -> finishAnswered(job, started, duration, answer));
                        } else {
                            String reason = timedOut[0] ? "timed out after " + seconds(timeoutMs)
                                    : reason(result.cause());
                            blocking.execute(() -> finish(job, started, duration, 0, null, reason, true, null));
                        }
                    });
        });
    }

    /** What a receiver answered: its status, the start of its body as text, and any Retry-After it asked for. */
    private record Answer(int code, String excerpt, Duration retryAfter) {
    }

    /** Reads at most 1 KiB of the body as text, drains the rest, and keeps any Retry-After. */
    private io.vertx.core.Future<Answer> readAnswer(HttpClientResponse response) {
        Buffer excerpt = Buffer.buffer();
        response.handler(chunk -> {
            int room = EXCERPT_BYTES - excerpt.length();
            if (room > 0) {
                excerpt.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
            }
        });
        String retryAfter = response.getHeader("Retry-After");
        return response.end().map(v -> new Answer(response.statusCode(),
                wholeCharacters(excerpt.getBytes()).replace("\u0000", ""),
                retryAfter == null ? null : parseRetryAfter(retryAfter)));
    }

    /** The bytes as text, without a character the 1 KiB cut split (it would decode to a 3-byte replacement). */
    private static String wholeCharacters(byte[] bytes) {
        int end = bytes.length;
        int lead = end - 1;
        while (lead >= 0 && lead > end - 4 && (bytes[lead] & 0xc0) == 0x80) {
            lead--;
        }
        if (lead >= 0) {
            int b = bytes[lead] & 0xff;
            int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            if (end - lead < length) {
                end = lead;
            }
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private void finishAnswered(FlyoutStore.Job job, Instant started, long duration, Answer answer) {
        int code = answer.code();
        String excerpt = answer.excerpt();
        if (code >= 200 && code < 300) {
            record(new FlyoutStore.Attempt(job, started, duration, code, excerpt, null, FlyoutStore.Outcome.SUCCESS, null));
            return;
        }
        boolean retryable = code == 408 || code == 425 || code == 429 || code >= 500;
        finish(job, started, duration, code, excerpt, null, retryable, answer.retryAfter());
    }

    private void finish(FlyoutStore.Job job, Instant started, long duration, int code, String excerpt, String error,
                        boolean retryable, Duration retryAfter) {
        int attempt = job.attempts() + 1;
        if (retryable && attempt <= schedule.retries()) {
            record(new FlyoutStore.Attempt(job, started, duration, code, excerpt, error, FlyoutStore.Outcome.RETRY,
                    schedule.delayAfter(attempt, retryAfter)));
        } else {
            record(new FlyoutStore.Attempt(job, started, duration, code, excerpt, error, FlyoutStore.Outcome.FAILED, null));
        }
    }

    private void record(FlyoutStore.Attempt attempt) {
        try {
            store.record(attempt);
            metrics.attempt(attempt.outcome(), attempt.durationMs());
        } catch (Exception e) {
            // the lease runs out and the attempt is made again: at least once
            LOG.warnf("could not record a forward of entry %d: %s", attempt.job().logId(), e.toString());
        } finally {
            AtomicInteger busy = inFlight.get(attempt.job().webhookId());
            if (busy != null) {
                busy.decrementAndGet();
            }
            wake();
        }
    }

    private void refreshBacklog() throws Exception {
        long now = System.currentTimeMillis();
        if (now - lastBacklogCheck > 5_000) {
            lastBacklogCheck = now;
            long[] backlog = store.backlog();
            metrics.backlog(backlog[0], backlog[1]);
        }
    }

    static Duration parseRetryAfter(String value) {
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Instant at = java.time.ZonedDateTime.parse(value.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (java.time.format.DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || String.valueOf(t.getMessage()).contains("Connection refused")) {
                return "connection refused";
            }
            if (t instanceof SSLException) {
                return "TLS handshake failed";
            }
            // Vert.x fails a request that got no connection (TCP and TLS) within the connect timeout with a TimeoutException
            if (t.getClass().getSimpleName().contains("ConnectTimeout") || t instanceof TimeoutException) {
                return "connect timed out after " + seconds(connectTimeoutMs);
            }
            if (t instanceof UnknownHostException) {
                return "host not found";
            }
        }
        return "connection failed: " + failure.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static long elapsed(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
