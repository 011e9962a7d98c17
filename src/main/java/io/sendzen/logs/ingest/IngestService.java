package io.sendzen.logs.ingest;

import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.GroupCommit;
import io.sendzen.logs.shared.HubSignature;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.LatencyRollups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Checks a delivery from Meta, splits it into events and hands them to the writer; answers once they are committed. */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final IngestWriter writer;
    private final IngestMetrics metrics;
    private final LatencyRollups latencies;
    private final List<String> appSecrets;
    private final byte[] verifyToken;
    private final int maxBodyBytes;

    IngestService(IngestWriter writer, IngestMetrics metrics, LatencyRollups latencies, SendzenConfig config) {
        this.writer = writer;
        this.metrics = metrics;
        this.latencies = latencies;
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
                acknowledged(events, receivedAt, start);
                if (result.redelivered() > 0) {
                    metrics.redelivered(result.redelivered());
                }
                answer.complete(accepted(events.size(), result));
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof GroupCommit.Unavailable) {
                metrics.unavailable(1);
                answer.completeExceptionally(ApiException.status(503));
            } else {
                answer.completeExceptionally(cause);
            }
        });
        return answer;
    }

    /** How long Meta waited for the answer, counted once for each phone number the delivery was about. */
    private void acknowledged(List<SplitEvent> events, long receivedAt, long start) {
        long micros = (System.nanoTime() - start) / 1_000;
        Set<String> phones = new HashSet<>(2);
        for (SplitEvent event : events) {
            if (event.phoneNumberId() != null && !event.phoneNumberId().isEmpty() && phones.add(event.phoneNumberId())) {
                latencies.acknowledged(event.phoneNumberId(), event.wabaId(), receivedAt, micros);
            }
        }
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
