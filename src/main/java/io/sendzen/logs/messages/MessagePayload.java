package io.sendzen.logs.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an entry's payload says about one message: the item of {@code value.statuses} (or {@code value.messages})
 * whose {@code id} is the message's, found wherever it is in Meta's envelope.
 */
final class MessagePayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MessagePayload() {
    }

    /** The item of {@code array} ({@code statuses} or {@code messages}) about {@code messageId}; empty if none. */
    static Optional<JsonNode> item(String payload, String array, String messageId) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null) {
            return Optional.empty();
        }
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                for (JsonNode item : change.path("value").path(array)) {
                    if (messageId.equals(item.path("id").asText(null))) {
                        return Optional.of(item);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Meta's {@code timestamp} (Unix seconds, sent as a string), null when missing or not a number. */
    static Long timestamp(JsonNode item) {
        JsonNode timestamp = item.path("timestamp");
        if (timestamp.isIntegralNumber() && timestamp.canConvertToLong()) {
            return timestamp.asLong();
        }
        if (timestamp.isTextual()) {
            try {
                return Long.parseLong(timestamp.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** The item's {@code errors}: code, title, and {@code error_data.details} (else Meta's {@code message}). */
    static List<MessageViews.ErrorView> errors(JsonNode item) {
        List<MessageViews.ErrorView> errors = new ArrayList<>();
        for (JsonNode error : item.path("errors")) {
            JsonNode code = error.path("code");
            JsonNode details = error.path("error_data").path("details");
            errors.add(new MessageViews.ErrorView(
                    code.isInt() ? Integer.valueOf(code.asInt()) : null,
                    error.path("title").isTextual() ? error.path("title").asText() : null,
                    details.isTextual() ? details.asText()
                            : error.path("message").isTextual() ? error.path("message").asText() : null));
        }
        return errors;
    }
}
