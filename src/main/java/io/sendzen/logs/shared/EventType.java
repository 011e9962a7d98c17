package io.sendzen.logs.shared;

import java.util.Locale;
import java.util.Optional;

/** The three event types of a log entry, with the names the API uses. */
public enum EventType {
    INCOMING_MESSAGE("Incoming Message"),
    MESSAGE_STATUS("Message Status"),
    OTHER("Other");

    private final String label;

    EventType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Case-insensitive, surrounding blanks ignored. */
    public static Optional<EventType> parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (EventType type : values()) {
            if (type.label.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static String names() {
        return "Incoming Message, Message Status, Other";
    }
}
