package io.sendzen.logs.messages;

import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.QueryParams;
import io.sendzen.logs.shared.Validation;
import jakarta.ws.rs.core.MultivaluedMap;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the input of {@code /v1/messages} by hand, so that every bad value is a 400 naming it. */
public final class MessageRequests {

    /** {@code GET /v1/messages?stuck=}: the duration, and the page asked for. */
    public record StuckRequest(Duration stuck, int pageSize, String nextPageToken) {

        /** The filter a page token is bound to: the duration, whichever way it was written. */
        public String canonical() {
            return "stuck=" + stuck;
        }
    }

    public static final String WAMID = "wamid";
    public static final String STUCK = "stuck";
    static final int MAX_WAMID = 256;
    static final int MAX_PAGE_SIZE = 100;
    static final Duration MIN_STUCK = Duration.ofMinutes(1);
    static final Duration MAX_STUCK = Duration.ofDays(30);
    // the service's own form of durations, as in its configuration (15m, 2h, 1d)
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");
    private static final String DURATION = "must be an ISO-8601 duration such as PT15M (or 15m, 2h, 1d)";

    private MessageRequests() {
    }

    /** The message id of the path, as given; malformed, a 400 naming {@code wamid}. */
    public static String wamid(String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(WAMID, "must not be empty");
        }
        if (value.length() > MAX_WAMID) {
            throw ApiException.badRequest(WAMID, "must be at most " + MAX_WAMID + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(WAMID, "must not contain control characters");
        }
        return value;
    }

    public static StuckRequest stuck(MultivaluedMap<String, String> query) {
        Validation validation = new Validation();
        String value = QueryParams.single(validation, query, STUCK);
        Duration stuck = null;
        if (value == null) {
            if (validation.ok()) {
                validation.add(STUCK, "is required: " + DURATION);
            }
        } else {
            stuck = duration(value.trim());
            if (stuck == null) {
                validation.add(STUCK, DURATION);
            } else if (stuck.compareTo(MIN_STUCK) < 0 || stuck.compareTo(MAX_STUCK) > 0) {
                validation.add(STUCK, "must be between PT1M and P30D");
                stuck = null;
            }
        }
        QueryParams.PageRequest page = QueryParams.page(validation, query, MAX_PAGE_SIZE);
        validation.throwIfAny();
        return new StuckRequest(stuck, page.pageSize(), page.nextPageToken());
    }

    private static Duration duration(String value) {
        Matcher shortForm = SHORT.matcher(value.toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }
}
