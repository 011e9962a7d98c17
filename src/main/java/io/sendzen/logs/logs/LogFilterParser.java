package io.sendzen.logs.logs;

import io.sendzen.logs.shared.Cursor;
import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.shared.Placeholder;
import io.sendzen.logs.shared.QueryParams;
import io.sendzen.logs.shared.SearchText;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.shared.Validation;
import io.sendzen.logs.store.EntryFilter;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static io.sendzen.logs.shared.QueryParams.integer;
import static io.sendzen.logs.shared.QueryParams.single;

/** Reads the query string of {@code GET /v1/logs} by hand, so that every bad value is a 400 naming it (never a 404). */
public final class LogFilterParser {

    static final int MAX_PAGE_SIZE = 20;
    static final Set<String> STATUSES = Set.of("sent", "delivered", "read", "failed", "played", "deleted");
    static final Set<String> FLYOUT_STATUSES = Set.of(Placeholder.NONE, "pending", "success", "failed");
    private static final int MAX_TEXT = 2048;
    /** The longest tag value a send may carry (and so a category or tag filter). */
    public static final int MAX_TAG = 128;
    private static final Pattern RESPONSE_CLASS = Pattern.compile("[2-5]xx");

    private LogFilterParser() {
    }

    public static LogFilter parse(MultivaluedMap<String, String> query) {
        Validation validation = new Validation();
        QueryParams.PageRequest page = QueryParams.page(validation, query, MAX_PAGE_SIZE);
        LogFilter filter = parse(validation, query, page);
        validation.throwIfAny();
        return filter;
    }

    /** The query string of {@code GET /v1/logs/export}: the list's filters and order, no paging, and a format. */
    public static ExportRequest parseExport(MultivaluedMap<String, String> query) {
        Validation validation = new Validation();
        for (String paging : List.of(QueryParams.PAGE_SIZE, Cursor.PARAMETER)) {
            if (query.containsKey(paging)) {
                validation.add(paging, "is not taken by the export, which returns every match");
            }
        }
        LogFilter filter = parse(validation, query, new QueryParams.PageRequest(MAX_PAGE_SIZE, null));
        String name = single(validation, query, "format");
        ExportFormat format = ExportFormat.NDJSON;
        if (name != null) {
            format = ExportFormat.named(name.trim().toLowerCase(Locale.ROOT)).orElse(null);
            if (format == null) {
                validation.add("format", "must be ndjson or csv");
            }
        }
        validation.throwIfAny();
        return new ExportRequest(filter.entries(), filter.descending(), format);
    }

    private static LogFilter parse(Validation validation, MultivaluedMap<String, String> query,
                                   QueryParams.PageRequest page) {
        List<EventType> eventTypes = eventTypes(validation, query.get("eventTypes"));
        Long fromDate = ticks(validation, "fromDate", single(validation, query, "fromDate"));
        Long toDate = ticks(validation, "toDate", single(validation, query, "toDate"));
        if (fromDate != null && toDate != null && fromDate > toDate) {
            validation.add("fromDate", "must not be after toDate");
        }
        String phoneNumberId = text(validation, "phoneNumberId", single(validation, query, "phoneNumberId"));
        String url = text(validation, "url", single(validation, query, "url"));
        List<String> statuses = statuses(validation, query.get("status"));
        String messageId = text(validation, "messageId", single(validation, query, "messageId"));
        String waId = text(validation, "waId", single(validation, query, "waId"));
        Integer errorCode = integer(validation, "errorCode", single(validation, query, "errorCode"), 0, Integer.MAX_VALUE);
        String flyoutStatus = single(validation, query, "flyoutStatus");
        if (flyoutStatus != null) {
            flyoutStatus = flyoutStatus.trim().toLowerCase(Locale.ROOT);
            if (!FLYOUT_STATUSES.contains(flyoutStatus)) {
                validation.add("flyoutStatus", "must be one of -, pending, success, failed");
            }
        }
        String code = single(validation, query, "responseCode");
        Integer responseCode = null;
        Integer responseClass = null;
        if (code != null && RESPONSE_CLASS.matcher(code.trim().toLowerCase(Locale.ROOT)).matches()) {
            responseClass = code.trim().charAt(0) - '0';
        } else if (code != null && !code.trim().matches("-?[0-9]+")) {
            validation.add("responseCode", "must be an HTTP status code (0 to 999) or a class: 2xx, 3xx, 4xx or 5xx");
        } else {
            responseCode = integer(validation, "responseCode", code, 0, 999);
        }
        String q = text(validation, "q", single(validation, query, "q"));
        if (q != null) {
            try {
                if (SearchText.query(q) == null) {
                    validation.add("q", "must contain a word (letters or digits)");
                }
            } catch (IllegalArgumentException e) {
                validation.add("q", "must have " + e.getMessage());
            }
        }
        String category = single(validation, query, "category");
        if (category != null) {
            category = category.trim().toLowerCase(Locale.ROOT);
            if (category.isEmpty() || category.length() > MAX_TAG || category.chars().anyMatch(Character::isISOControl)) {
                validation.add("category", "must be a pricing category such as marketing, utility, authentication "
                        + "or service, or the category tag of a send (at most " + MAX_TAG + " characters)");
            }
        }
        Integer direction = integer(validation, "direction", single(validation, query, "direction"), 1, 2);
        String tagName = tag(validation, "tag.name", single(validation, query, "tag.name"));
        String tagRecipientType = tag(validation, "tag.recipient_type",
                single(validation, query, "tag.recipient_type"));
        String templateName = text(validation, "templateName", single(validation, query, "templateName"));
        if (templateName != null && templateName.isBlank()) {
            validation.add("templateName", "must name a template");
        }
        String order = single(validation, query, "order");
        boolean descending = false;
        if (order != null) {
            switch (order.trim().toLowerCase(Locale.ROOT)) {
                case "asc" -> descending = false;
                case "desc" -> descending = true;
                default -> validation.add("order", "must be asc or desc");
            }
        }
        if (direction != null) {
            eventTypes = ofDirection(eventTypes, direction);
        }
        EntryFilter entries = new EntryFilter(eventTypes, fromDate == null ? Ticks.MIN : fromDate, toDate,
                phoneNumberId, url, statuses, messageId, waId, errorCode, flyoutStatus, responseCode, q, category,
                templateName, responseClass, direction, tagName, tagRecipientType);
        return new LogFilter(entries, descending, page.pageSize(), page.nextPageToken());
    }

    private static List<EventType> eventTypes(Validation validation, List<String> values) {
        if (values == null) {
            return List.of();
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String value : values) {
            if (namesNothing(value)) {
                validation.add("eventTypes", "must name an event type (" + EventType.names() + ")");
                continue;
            }
            for (String name : value.split(",", -1)) {
                if (name.isBlank()) {
                    continue;
                }
                EventType.parse(name).ifPresentOrElse(types::add, () -> validation.add("eventTypes",
                        "unknown event type '" + clip(name.trim()) + "' (" + EventType.names() + ")"));
            }
        }
        // all three is no filter at all
        return types.size() == EventType.values().length ? List.of() : List.copyOf(types);
    }

    /**
     * The event types of {@code direction} among those asked for (all of them when none was): a direction is read
     * through the event type index. None in common is kept as asked, and the direction then matches nothing.
     */
    private static List<EventType> ofDirection(List<EventType> asked, int direction) {
        List<EventType> both = new ArrayList<>();
        for (EventType type : EventType.values()) {
            if (type.direction() == direction && (asked.isEmpty() || asked.contains(type))) {
                both.add(type);
            }
        }
        return both.isEmpty() ? asked : both;
    }

    /** A tag of a send as given, surrounding blanks taken off; it is matched exactly. */
    private static String tag(Validation validation, String name, String value) {
        if (value == null) {
            return null;
        }
        String tag = value.trim();
        if (tag.isEmpty() || tag.length() > MAX_TAG) {
            validation.add(name, "must be a tag value of 1 to " + MAX_TAG + " characters");
            return null;
        }
        return tag;
    }

    private static List<String> statuses(Validation validation, List<String> values) {
        if (values == null) {
            return List.of();
        }
        Set<String> statuses = new LinkedHashSet<>();
        for (String value : values) {
            if (namesNothing(value)) {
                validation.add("status", "must name a status (sent, delivered, read, failed, played, deleted)");
                continue;
            }
            for (String name : value.split(",", -1)) {
                String status = name.trim().toLowerCase(Locale.ROOT);
                if (status.isEmpty()) {
                    continue;
                }
                if (STATUSES.contains(status)) {
                    statuses.add(status);
                } else {
                    validation.add("status", "unknown status '" + clip(name.trim())
                            + "' (sent, delivered, read, failed, played, deleted)");
                }
            }
        }
        return new ArrayList<>(statuses);
    }

    /** Blanks and commas only: a list that names nothing is a mistake, not "no filter". */
    private static boolean namesNothing(String value) {
        return value.replace(',', ' ').isBlank();
    }

    private static Long ticks(Validation validation, String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            long ticks = Long.parseLong(value.trim());
            if (!Ticks.inRange(ticks)) {
                validation.add(name, "must be Ticks between " + Ticks.MIN + " and " + Ticks.MAX);
                return null;
            }
            return ticks;
        } catch (NumberFormatException e) {
            validation.add(name, "must be an integer (Ticks: 100-nanosecond intervals since 0001-01-01T00:00:00Z)");
            return null;
        }
    }

    private static String text(Validation validation, String name, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            validation.add(name, "must be at most " + MAX_TEXT + " characters");
            return null;
        }
        return value;
    }

    /** Echoed values are cut short: an error message never carries a whole input back. */
    private static String clip(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
