package io.sendzen.logs.outgoing;

import io.sendzen.logs.shared.SendzenConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST of a message to the Cloud API ({@code {base-url}/{version}/{phone_number_id}/messages}) with Vert.x's
 * non-blocking client: no thread waits while Meta takes its time. The whole exchange is bounded by the configured
 * timeout; a failure to get an answer is a {@link NoAnswer} naming why, never an exception. What the answer means is
 * not its business.
 */
@ApplicationScoped
public class CloudApiClient {

    /** The most of Meta's answer kept; its answers to a send are a few hundred bytes. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    /** What came back: Meta's status and body, or why there was none. */
    public sealed interface Result {
        long durationNanos();
    }

    public record Answer(int status, String body, long durationNanos) implements Result {
    }

    public record NoAnswer(String reason, long durationNanos) implements Result {
    }

    private final Vertx vertx;
    private final String baseUrl;
    private final String version;
    private final long connectTimeoutMs;
    private final long timeoutMs;
    private final HttpClient client;

    CloudApiClient(Vertx vertx, SendzenConfig config) {
        this.vertx = vertx;
        SendzenConfig.CloudApi api = config.cloudApi();
        this.baseUrl = api.baseUrl().endsWith("/") ? api.baseUrl().substring(0, api.baseUrl().length() - 1)
                : api.baseUrl();
        this.version = api.version();
        this.connectTimeoutMs = api.connectTimeout().toMillis();
        this.timeoutMs = api.timeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) connectTimeoutMs)
                        .setKeepAlive(true)
                        .setVerifyHost(true)
                        .setForceSni(true),
                new PoolOptions().setHttp1MaxSize(api.maxConnections()));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Where a send from {@code phoneNumberId} goes. */
    String url(String phoneNumberId) {
        return baseUrl + "/" + version + "/" + phoneNumberId + "/messages";
    }

    /** POSTs {@code body} (JSON) with the bearer {@code token}; the future always completes with a result. */
    public CompletableFuture<Result> send(String phoneNumberId, String token, byte[] body) {
        long start = System.nanoTime();
        CompletableFuture<Result> result = new CompletableFuture<>();
        RequestOptions options;
        try {
            options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setAbsoluteURI(url(phoneNumberId))
                    .setConnectTimeout(connectTimeoutMs)
                    .setFollowRedirects(false)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Accept", "application/json")
                    .putHeader("Authorization", "Bearer " + token);
        } catch (RuntimeException e) {
            result.complete(new NoAnswer("invalid Cloud API URL", System.nanoTime() - start));
            return result;
        }
        vertx.runOnContext(ignored -> {
            // one timer bounds the whole exchange, the answer's body included; cancelled as soon as it ends, since
            // a pending timer keeps the request it would reset (and all it holds) alive until it fires
            HttpClientRequest[] started = {null};
            boolean[] timedOut = {false};
            long timer = vertx.setTimer(timeoutMs, t -> {
                timedOut[0] = true;
                if (started[0] != null) {
                    started[0].reset();
                }
            });
            client.request(options)
                    .compose(request -> {
                        if (timedOut[0]) {
                            request.reset();
                            return Future.failedFuture("timed out");
                        }
                        started[0] = request;
                        return request.send(Buffer.buffer(body));
                    })
                    .compose(response -> read(response).map(text -> new Answer(response.statusCode(), text,
                            System.nanoTime() - start)))
                    .onComplete(outcome -> {
                        vertx.cancelTimer(timer);
                        started[0] = null;
                        if (outcome.succeeded()) {
                            result.complete(outcome.result());
                        } else {
                            result.complete(new NoAnswer(timedOut[0] ? "timed out after " + seconds(timeoutMs)
                                    : reason(outcome.cause()), System.nanoTime() - start));
                        }
                    });
        });
        return result;
    }

    /** The body as text, at most {@link #MAX_ANSWER_BYTES} of it (the rest is read and dropped). */
    private static Future<String> read(HttpClientResponse response) {
        Buffer kept = Buffer.buffer();
        response.handler(chunk -> {
            int room = MAX_ANSWER_BYTES - kept.length();
            if (room > 0) {
                kept.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
            }
        });
        return response.end().map(ignored -> kept.toString(StandardCharsets.UTF_8).replace("\u0000", ""));
    }

    private String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || String.valueOf(t.getMessage()).contains("Connection refused")) {
                return "connection refused";
            }
            if (t instanceof SSLException) {
                return "TLS handshake failed";
            }
            if (t.getClass().getSimpleName().contains("ConnectTimeout") || t instanceof TimeoutException) {
                return "connect timed out after " + seconds(connectTimeoutMs);
            }
            if (t instanceof UnknownHostException) {
                return "host not found";
            }
            if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("closed")) {
                return "connection closed before an answer";
            }
        }
        return "connection failed: " + failure.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
