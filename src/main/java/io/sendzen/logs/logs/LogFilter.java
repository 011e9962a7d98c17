package io.sendzen.logs.logs;

import io.sendzen.logs.shared.EventType;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed, valid request of {@code GET /v1/logs}: empty lists and nulls mean "no filter". {@code toDate} is null
 * when the client left it out (the first page then fixes it to "now", carried in the page token).
 */
public record LogFilter(
        List<EventType> eventTypes,
        long fromDate,
        Long toDate,
        String phoneNumberId,
        String url,
        int pageSize,
        String nextPageToken,
        List<String> statuses,
        String messageId,
        String waId,
        Integer errorCode,
        String flyoutStatus,
        Integer responseCode,
        boolean descending) {

    /** Everything that selects entries, in a fixed form: a page token is bound to it. */
    String canonical() {
        return String.join("\u0001",
                eventTypes.stream().map(EventType::label).sorted().collect(Collectors.joining(",")),
                Long.toString(fromDate),
                String.valueOf(toDate),
                String.valueOf(phoneNumberId),
                String.valueOf(url),
                statuses.stream().sorted().collect(Collectors.joining(",")),
                String.valueOf(messageId),
                String.valueOf(waId),
                String.valueOf(errorCode),
                String.valueOf(flyoutStatus),
                String.valueOf(responseCode),
                descending ? "desc" : "asc");
    }
}
