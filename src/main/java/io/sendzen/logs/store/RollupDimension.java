package io.sendzen.logs.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What stats group entries by ({@code groupBy}), and the column of the rollup (named as the entry's) that holds it,
 * or the expression over its columns.
 */
public enum RollupDimension {
    EVENT_TYPE("event_type"),
    STATUS("wa_status"),
    ERROR_CODE("error_code"),
    CATEGORY("category"),
    PHONE_NUMBER_ID("phone_number_id"),
    FLYOUT_STATUS("flyout_status"),
    // the forward's answer on a received entry, Meta's on a send, as the logs' responseCode filter reads it
    RESPONSE_CODE("case when direction = 2 then api_response_code else flyout_response_code end"),
    URL("flyout_url");

    private final String column;

    RollupDimension(String column) {
        this.column = column;
    }

    String column() {
        return column;
    }

    /** As {@code groupBy} names it: {@code event_type}, {@code status}, … */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RollupDimension> named(String name) {
        return Arrays.stream(values()).filter(d -> d.parameter().equals(name)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(RollupDimension::parameter).collect(Collectors.joining(", "));
    }
}
