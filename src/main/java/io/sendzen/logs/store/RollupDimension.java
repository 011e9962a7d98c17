package io.sendzen.logs.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What stats group entries by ({@code groupBy}), and the column of the rollup (named as the entry's) that holds it. */
public enum RollupDimension {
    EVENT_TYPE("event_type"),
    STATUS("wa_status"),
    ERROR_CODE("error_code"),
    CATEGORY("category"),
    PHONE_NUMBER_ID("phone_number_id"),
    FLYOUT_STATUS("flyout_status"),
    RESPONSE_CODE("flyout_response_code"),
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
