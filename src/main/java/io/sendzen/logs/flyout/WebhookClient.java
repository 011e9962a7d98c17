package io.sendzen.logs.flyout;

import io.sendzen.logs.shared.SendzenConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST to a customer's endpoint: resolves the host and checks the address it will connect to (the private-network
 * guard, which DNS cannot dodge because the request goes to that very address), makes the exchange with Vert.x's
 * non-blocking client within the connect timeout and the whole-exchange timeout, keeps the first 1 KiB of the answer
 * as text, and names what went wrong when there is no answer. What to do with the result is not its business.
 */
@ApplicationScoped
public class WebhookClient {

    static final int EXCERPT_BYTES = 1024;
    /** The most of an answer's body read to keep its connection; past it the connection is reset. */
    static final int MAX_DRAINED_BYTES = 64 * 1024;
    /** Endpoints sharing a host (or an address) must not share a few connections: the per-endpoint limit bounds each. */
    private static final int MAX_CONNECTIONS_PER_HOST = 1024;

    /** The result of one attempt, answered or not, with when it started and how long it took. */
    public sealed interface Result {
        Instant startedAt();

        long durationMs();
    }

    /** The receiver answered: its status, the start of its body as text, and its {@code Retry-After} header if any. */
    public record Answer(Instant startedAt, long durationMs, int status, String excerpt, String retryAfter)
            implements Result {
    }

    /**
     * No answer, and why. {@code mayPass} says whether the same request could get through later (a refused
     * connection may; an address the guard refuses, or a URL that cannot be read, will not).
     */
    public record NoAnswer(Instant startedAt, long durationMs, String reason, boolean mayPass) implements Result {
    }

    private final Vertx vertx;
    private final HostResolver dns;
    private final boolean allowPrivate;
    private final List<AddressGuard.Network> allowedNetworks;
    private final long connectTimeoutMs;
    private final long timeoutMs;
    private final HttpClient client;
    /** DNS lookups block; they are kept off the event loop and off the dispatcher's thread. */
    private final ExecutorService resolver;

    WebhookClient(Vertx vertx, SendzenConfig config, HostResolver dns) {
        this.vertx = vertx;
        this.dns = dns;
        this.allowPrivate = config.flyout().allowPrivateNetworks();
        try {
            this.allowedNetworks = config.flyout().allowedNetworks().orElse(List.of()).stream()
                    .map(AddressGuard.Network::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sendzen.flyout.allowed-networks: " + e.getMessage());
        }
        this.connectTimeoutMs = config.flyout().connectTimeout().toMillis();
        this.timeoutMs = config.flyout().timeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) connectTimeoutMs)
                .setForceSni(true)
                .setVerifyHost(true)
                .setMaxPoolSize(MAX_CONNECTIONS_PER_HOST)
                .setKeepAlive(true));
        this.resolver = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "flyout-resolver");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void close() throws InterruptedException {
        resolver.shutdown();
        resolver.awaitTermination(5, TimeUnit.SECONDS);
        client.close();
    }

    /** The longest one exchange can take, connection included. */
    public long longestExchangeMs() {
        return connectTimeoutMs + timeoutMs;
    }

    /** POSTs {@code body} to {@code url}; the future always completes with a result, never exceptionally. */
    public CompletableFuture<Result> post(String url, Map<String, String> headers, byte[] body) {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        CompletableFuture<Result> result = new CompletableFuture<>();
        resolver.execute(() -> {
            URI uri;
            InetAddress address;
            try {
                uri = URI.create(url);
                address = resolve(uri.getHost());
            } catch (UnknownHostException e) {
                result.complete(new NoAnswer(started, elapsed(startNanos), "host not found", true));
                return;
            } catch (IllegalArgumentException e) {
                result.complete(new NoAnswer(started, elapsed(startNanos), "invalid URL", false));
                return;
            } catch (Refused e) {
                result.complete(new NoAnswer(started, elapsed(startNanos), e.getMessage(), false));
                return;
            }
            exchange(url, uri, address, headers, body, started, startNanos, result);
        });
        return result;
    }

    /** The address the request will connect to: the first the guard allows among those the host resolves to. */
    private InetAddress resolve(String host) throws UnknownHostException {
        if (host == null) {
            throw new IllegalArgumentException("no host");
        }
        InetAddress[] addresses = dns.lookup(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        if (addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        for (InetAddress candidate : addresses) {
            if (allowPrivate || AddressGuard.refusal(candidate) == null
                    || allowedNetworks.stream().anyMatch(network -> network.contains(candidate))) {
                return candidate;
            }
        }
        throw new Refused("refused: " + host + " resolves to a " + AddressGuard.refusal(addresses[0])
                + " address (" + addresses[0].getHostAddress() + ")");
    }

    private void exchange(String url, URI uri, InetAddress address, Map<String, String> headers, byte[] body,
                          Instant started, long startNanos, CompletableFuture<Result> result) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setConnectTimeout(connectTimeoutMs)
                .setFollowRedirects(false);
        headers.forEach(options::putHeader);
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
                    .compose(response -> read(response, started, startNanos))
                    .onComplete(outcome -> {
                        done[0] = true;
                        vertx.cancelTimer(timer);
                        if (outcome.succeeded()) {
                            result.complete(outcome.result());
                        } else {
                            String reason = timedOut[0] ? "timed out after " + seconds(timeoutMs) : reason(outcome.cause());
                            result.complete(new NoAnswer(started, elapsed(startNanos), reason, true));
                        }
                    });
        });
    }

    /**
     * Keeps the first 1 KiB of the body as text, and any Retry-After. The rest of a small body is read and dropped, so
     * the connection can serve the next forward; past 64 KiB the answer is taken as it is and the connection reset,
     * so a huge or endless body costs neither the time nor the memory of reading it.
     */
    private static Future<Answer> read(HttpClientResponse response, Instant started, long startNanos) {
        Buffer excerpt = Buffer.buffer();
        long[] read = {0};
        Promise<Answer> answer = Promise.promise();
        String retryAfter = response.getHeader("Retry-After");
        response.handler(chunk -> {
            int room = EXCERPT_BYTES - excerpt.length();
            if (room > 0) {
                excerpt.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
            }
            read[0] += chunk.length();
            if (read[0] > MAX_DRAINED_BYTES && answer.tryComplete(new Answer(started, elapsed(startNanos),
                    response.statusCode(), excerpt(excerpt.getBytes()), retryAfter))) {
                response.request().reset();
            }
        });
        response.end().onComplete(ended -> {
            if (ended.succeeded()) {
                answer.tryComplete(new Answer(started, elapsed(startNanos), response.statusCode(),
                        excerpt(excerpt.getBytes()), retryAfter));
            } else {
                answer.tryFail(ended.cause());
            }
        });
        return answer.future();
    }

    /**
     * The bytes as text, without a character the 1 KiB cut split (it would decode to a 3-byte replacement) and
     * without NUL, which PostgreSQL's text cannot hold.
     */
    static String excerpt(byte[] bytes) {
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
        return new String(bytes, 0, end, StandardCharsets.UTF_8).replace("\u0000", "");
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
