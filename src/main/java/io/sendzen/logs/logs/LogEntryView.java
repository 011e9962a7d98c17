package io.sendzen.logs.logs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.sendzen.logs.shared.Placeholder;
import io.sendzen.logs.store.EntryQuery;
import io.sendzen.logs.store.LogEntries;

import java.util.List;

/** The response of {@code GET /v1/logs}, field for field and in the order of docs/logs-api.md. */
public final class LogEntryView {

    private LogEntryView() {
    }

    @JsonPropertyOrder({"project_id", "phone_number_id", "event_type", "payload", "created_at", "direction",
            "flyout_delivery_status", "flyout_delivery_response", "flyout_delivery_response_code", "flyout_url", "log_id",
            "api_response_code"})
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
            @JsonProperty("log_id") String logId,
            @JsonProperty("api_response_code") int apiResponseCode) {

        /** A stored entry as the list shows it. */
        public static Entry of(LogEntries.Row row) {
            return new Entry(
                    row.projectId().equals(LogService.UNROUTED) ? Placeholder.NONE : row.projectId(),
                    row.phoneNumberId(),
                    LogEntryView.eventType(row),
                    row.payload(),
                    row.createdAt(),
                    row.direction(),
                    row.flyoutStatus(),
                    row.flyoutResponse(),
                    row.flyoutResponseCode(),
                    row.flyoutUrl(),
                    Long.toString(row.logId()),
                    row.apiResponseCode());
        }
    }

    static String eventType(LogEntries.Row row) {
        return EntryQuery.type(row.eventType()).label();
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
