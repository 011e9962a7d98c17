package io.sendzen.logs.shared;

/** What a log entry shows where it has no value: a phone number, project or forward it has none of (docs/logs-api.md). */
public final class Placeholder {

    public static final String NONE = "-";

    private Placeholder() {
    }
}
