package io.sendzen.logs.logs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The response of {@code GET /v1/logs}, field for field and in the order of docs/logs-api.md. */
public final class LogEntryView {

    private LogEntryView() {
    }

    @JsonPropertyOrder({"project_id", "phone_number_id", "event_type", "payload", "created_at", "direction",
            "flyout_delivery_status", "flyout_delivery_response", "flyout_delivery_response_code", "flyout_url", "log_id"})
    public record Entry(
            @JsonProperty("project_id") String projectId,
            @JsonProperty("phone_number_id") String phoneNumberId,
            @JsonProperty("event_type") String eventType,
            @JsonProperty("payload") String payload,
            @JsonProperty("created_at") long createdAt,
            @JsonProperty("direction") int direction,
            @JsonProperty("flyout_delivery_status") String flyoutDeliveryStatus,
            @JsonProperty("flyout_delivery_response") String flyoutDeliveryResponse,
            @JsonProperty("flyout_delivery_response_code") int flyoutDeliveryResponseCode,
            @JsonProperty("flyout_url") String flyoutUrl,
            @JsonProperty("log_id") String logId) {
    }

    @JsonPropertyOrder({"logs", "next_page_token"})
    public record Page(
            @JsonProperty("logs") List<Entry> logs,
            @JsonProperty("next_page_token") @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {
    }

    @JsonPropertyOrder({"message", "data"})
    public record Response(@JsonProperty("message") String message, @JsonProperty("data") Page data) {
        public static Response of(Page page) {
            return new Response("Notification logs retrieved successfully", page);
        }
    }
}
