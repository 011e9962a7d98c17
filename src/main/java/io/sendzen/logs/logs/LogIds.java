package io.sendzen.logs.logs;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/** A log id as {@code GET /v1/logs} shows it: the decimal digits of a positive 64-bit number. */
public final class LogIds {

    public static final String PROBLEM = "must be a log id (digits, as GET /v1/logs returns it)";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

    private LogIds() {
    }

    public static OptionalLong parse(String value) {
        if (value == null || !DIGITS.matcher(value).matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
