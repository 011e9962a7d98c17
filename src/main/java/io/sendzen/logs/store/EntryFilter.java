package io.sendzen.logs.store;

import io.sendzen.logs.shared.EventType;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What selects log entries of a project: the filters of {@code GET /v1/logs} (docs/logs-api.md), and so of every
 * read that takes them. Empty lists and nulls mean "no filter". {@code toDate} is null when the client left it out
 * (a list then fixes it to "now" when it starts). {@link EntryQuery} turns it into SQL.
 */
public record EntryFilter(
        List<EventType> eventTypes,
        long fromDate,
        Long toDate,
        String phoneNumberId,
        String url,
        List<String> statuses,
        String messageId,
        String waId,
        Integer errorCode,
        String flyoutStatus,
        Integer responseCode) {

    /** Every filter in a fixed form: a page token is bound to it. */
    public String canonical() {
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
                String.valueOf(responseCode));
    }
}
