package io.sendzen.logs.ingest;

import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.HubSignature;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.shared.Ticks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Checks a delivery from Meta, splits it into events and hands them to the writer; answers once they are committed. */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final IngestWriter writer;
    private final IngestMetrics metrics;
    private final List<String> appSecrets;
    private final byte[] verifyToken;
    private final int maxBodyBytes;

    IngestService(IngestWriter writer, IngestMetrics metrics, SendzenConfig config) {
        this.writer = writer;
        this.metrics = metrics;
        this.appSecrets = config.meta().appSecrets().orElse(List.of()).stream().filter(s -> !s.isBlank()).toList();
        this.verifyToken = config.meta().verifyToken().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.maxBodyBytes = config.meta().maxBodyBytes();
        if (appSecrets.isEmpty()) {
            LOG.warn("sendzen.meta.app-secrets is not set: every webhook delivery will be refused with 401");
        }
    }

    public boolean handshakeAccepted(String mode, String token) {
        return "subscribe".equals(mode) && token != null && verifyToken != null
                && MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8));
    }

    public CompletionStage<Response> receive(String signature, byte[] body) {
        long start = System.nanoTime();
        long receivedAt = Ticks.now();
        metrics.delivery();
        if (body.length > maxBodyBytes) {
            throw ApiException.status(413);
        }
        if (!HubSignature.verify(signature, body, appSecrets)) {
            metrics.signatureFailure();
            LOG.warnf("webhook refused: %s signature on a body of %d bytes",
                    signature == null ? "missing" : "wrong", body.length);
            throw ApiException.status(401);
        }
        List<SplitEvent> events;
        try {
            events = EventSplitter.split(body);
        } catch (RawJson.InvalidJson e) {
            throw ApiException.badRequest("body", e.getMessage());
        }
        // completed by hand rather than chained, so a failure reaches ErrorMapper as itself, not wrapped
        CompletableFuture<Response> answer = new CompletableFuture<>();
        writer.submit(body, receivedAt, events).whenComplete((result, failure) -> {
            metrics.acknowledged(start);
            if (failure == null) {
                if (result.redelivered() > 0) {
                    metrics.redelivered(result.redelivered());
                }
                answer.complete(accepted(events.size(), result));
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof IngestWriter.Unavailable) {
                metrics.unavailable(1);
                answer.completeExceptionally(ApiException.status(503));
            } else {
                answer.completeExceptionally(cause);
            }
        });
        return answer;
    }

    private static Response accepted(int events, IngestWriter.DeliveryResult result) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("events", events);
        data.put("stored", result.stored());
        data.put("redelivered", result.redelivered());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "Webhook received");
        body.put("data", data);
        return Response.ok(body).build();
    }
}
