package io.sendzen.logs.logs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The response of {@code GET /v1/logs/{log_id}}: one entry in full (docs/log-detail.md). */
public final class LogDetailView {

    private LogDetailView() {
    }

    @JsonPropertyOrder({"delivery_id", "received_at", "events", "bytes"})
    public record Delivery(
            @JsonProperty("delivery_id") String deliveryId,
            @JsonProperty("received_at") String receivedAt,
            @JsonProperty("events") int events,
            @JsonProperty("bytes") int bytes) {
    }

    @JsonPropertyOrder({"attempt", "trigger", "started_at", "duration_ms", "url", "response_code", "response", "error"})
    public record Attempt(
            @JsonProperty("attempt") int attempt,
            @JsonProperty("trigger") String trigger,
            @JsonProperty("started_at") String startedAt,
            @JsonProperty("duration_ms") int durationMs,
            @JsonProperty("url") String url,
            @JsonProperty("response_code") int responseCode,
            @JsonProperty("response") String response,
            @JsonProperty("error") String error) {
    }

    /** {@code api_response} (Meta's answer to a send) and {@code tags} are null on the entries of received events. */
    @JsonPropertyOrder({"log", "received_at", "event", "delivery", "attempts", "next_attempt_at", "api_response",
            "tags"})
    public record Detail(
            @JsonProperty("log") LogEntryView.Entry log,
            @JsonProperty("received_at") String receivedAt,
            @JsonProperty("event") Map<String, Object> event,
            @JsonProperty("delivery") Delivery delivery,
            @JsonProperty("attempts") List<Attempt> attempts,
            @JsonProperty("next_attempt_at") String nextAttemptAt,
            @JsonProperty("api_response") JsonNode apiResponse,
            @JsonProperty("tags") JsonNode tags) {
    }

    @JsonPropertyOrder({"message", "data"})
    public record Response(@JsonProperty("message") String message, @JsonProperty("data") Detail data) {
        public static Response of(Detail detail) {
            return new Response("Log entry retrieved successfully", detail);
        }
    }
}
