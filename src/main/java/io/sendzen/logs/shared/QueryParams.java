package io.sendzen.logs.shared;

import jakarta.ws.rs.core.MultivaluedMap;

import java.util.List;

/**
 * Query parameters read by hand, so that every bad value is a 400 naming it (JAX-RS would answer a parameter that
 * fails to convert with 404), and the paging parameters every list takes.
 */
public final class QueryParams {

    /** {@code pageSize} and {@code nextPageToken} of a list: the size to show and the token of the previous page, if any. */
    public record PageRequest(int pageSize, String nextPageToken) {
    }

    public static final String PAGE_SIZE = "pageSize";
    public static final int DEFAULT_PAGE_SIZE = 20;

    private QueryParams() {
    }

    /** The paging parameters of an admin list: {@code pageSize} 1 to {@code maxPageSize}, default 20. */
    public static PageRequest page(MultivaluedMap<String, String> query, int maxPageSize) {
        Validation validation = new Validation();
        PageRequest page = page(validation, query, maxPageSize);
        validation.throwIfAny();
        return page;
    }

    public static PageRequest page(Validation validation, MultivaluedMap<String, String> query, int maxPageSize) {
        Integer pageSize = integer(validation, PAGE_SIZE, single(validation, query, PAGE_SIZE), 1, maxPageSize);
        String token = single(validation, query, Cursor.PARAMETER);
        if (token != null && token.isBlank()) {
            token = null;
        }
        return new PageRequest(pageSize == null ? Math.min(DEFAULT_PAGE_SIZE, maxPageSize) : pageSize, token);
    }

    /** The one value of {@code name}, null when absent; given twice, a problem. */
    public static String single(Validation validation, MultivaluedMap<String, String> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            validation.add(name, "must be given at most once");
            return null;
        }
        return values.get(0);
    }

    /** {@code value} as an integer in {@code min..max}; null when absent or not one (then a problem). */
    public static Integer integer(Validation validation, String name, String value, int min, int max) {
        if (value == null) {
            return null;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number < min || number > max) {
                validation.add(name, "must be between " + min + " and " + max);
                return null;
            }
            return (int) number;
        } catch (NumberFormatException e) {
            validation.add(name, "must be an integer");
            return null;
        }
    }
}
