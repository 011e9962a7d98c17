package io.sendzen.logs.ingest;

import io.sendzen.logs.shared.EventType;

/**
 * One event of a delivery, ready to be stored: its reduced envelope as {@code payload} and the columns the logs API
 * filters on. {@code routeKey} and {@code digest} identify a redelivery of the same event; {@code search} is its
 * searchable text as lexemes (SearchText.Document), {@code category} the pricing category of a status.
 */
public record SplitEvent(
        EventType type,
        String phoneNumberId,
        String wabaId,
        String payload,
        String waStatus,
        String messageId,
        String waId,
        Integer errorCode,
        String routeKey,
        byte[] digest,
        String search,
        String category,
        String templateName) {

    SplitEvent withPayload(String newPayload) {
        return new SplitEvent(type, phoneNumberId, wabaId, newPayload, waStatus, messageId, waId, errorCode, routeKey, digest,
                search, category, templateName);
    }
}
