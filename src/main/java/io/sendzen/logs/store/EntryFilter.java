package io.sendzen.logs.store;

import io.sendzen.logs.shared.EventType;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What selects log entries of a project: the filters of {@code GET /v1/logs} (docs/logs-api.md), and so of every
 * read that takes them. Empty lists and nulls mean "no filter". {@code toDate} is null when the client left it out
 * (a list then fixes it to "now" when it starts). {@code q} is the free text as given ({@link
 * io.sendzen.logs.shared.SearchText#query} reads it), {@code responseClass} the first digit of a response code;
 * {@code responseCode} and {@code responseClass} are the forward's on received entries and Meta's on outgoing ones.
 * {@code direction} is 1 (received) or 2 (sent); {@code tagName} and {@code tagRecipientType} select outgoing records
 * by their tags. {@link EntryQuery} turns it into SQL.
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
        Integer responseCode,
        String q,
        String category,
        String templateName,
        Integer responseClass,
        Integer direction,
        String tagName,
        String tagRecipientType) {

    /** The filters that came before direction and tags. */
    public EntryFilter(List<EventType> eventTypes, long fromDate, Long toDate, String phoneNumberId, String url,
                       List<String> statuses, String messageId, String waId, Integer errorCode, String flyoutStatus,
                       Integer responseCode, String q, String category, String templateName, Integer responseClass) {
        this(eventTypes, fromDate, toDate, phoneNumberId, url, statuses, messageId, waId, errorCode, flyoutStatus,
                responseCode, q, category, templateName, responseClass, null, null, null);
    }

    /** The filters that came before search, category, template name and response class. */
    public EntryFilter(List<EventType> eventTypes, long fromDate, Long toDate, String phoneNumberId, String url,
                       List<String> statuses, String messageId, String waId, Integer errorCode, String flyoutStatus,
                       Integer responseCode) {
        this(eventTypes, fromDate, toDate, phoneNumberId, url, statuses, messageId, waId, errorCode, flyoutStatus,
                responseCode, null, null, null, null, null, null, null);
    }

    /**
     * Every filter in a fixed form: a page token is bound to it. The later filters are named and added only when
     * set, so that a filter without them has the form it always had (and its tokens stay valid).
     */
    public String canonical() {
        StringBuilder later = new StringBuilder();
        named(later, "q", q);
        named(later, "category", category);
        named(later, "templateName", templateName);
        named(later, "responseClass", responseClass);
        named(later, "direction", direction);
        named(later, "tag.name", tagName);
        named(later, "tag.recipient_type", tagRecipientType);
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
                String.valueOf(responseCode)) + later;
    }

    private static void named(StringBuilder out, String name, Object value) {
        if (value != null) {
            out.append('\u0001').append(name).append('=').append(value);
        }
    }
}
