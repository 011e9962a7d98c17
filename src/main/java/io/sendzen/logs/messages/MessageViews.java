package io.sendzen.logs.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The answers of {@code /v1/messages}, in the order of docs/messages-api.md (names in snake case on the wire). */
public final class MessageViews {

    private MessageViews() {
    }

    /** One status of a message; {@code timestamp} is Meta's (Unix seconds), {@code receivedAt} ours. */
    @JsonPropertyOrder({"status", "timestamp", "received_at", "log_id"})
    public record StatusView(String status, Long timestamp, String receivedAt, String logId) {
    }

    /** An error Meta reported on a status. */
    @JsonPropertyOrder({"code", "title", "details"})
    public record ErrorView(Integer code, String title, String details) {
    }

    @JsonPropertyOrder({"message_id", "phone_number_id", "wa_id", "direction", "latest_status", "statuses", "errors",
            "entries"})
    public record Timeline(String messageId, String phoneNumberId, String waId, String direction, String latestStatus,
                           List<StatusView> statuses, List<ErrorView> errors, List<String> entries) {
    }

    /** A message whose first status is a {@code sent} that nothing followed. */
    @JsonPropertyOrder({"message_id", "phone_number_id", "wa_id", "sent_at", "log_id"})
    public record Stuck(String messageId, String phoneNumberId, String waId, String sentAt, String logId) {
    }

    @JsonPropertyOrder({"messages", "next_page_token"})
    public record StuckPage(List<Stuck> messages,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {
    }

    @JsonPropertyOrder({"message", "data"})
    public record Response<T>(String message, T data) {
    }
}
