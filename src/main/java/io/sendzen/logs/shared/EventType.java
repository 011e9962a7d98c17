package io.sendzen.logs.shared;

import java.util.Locale;
import java.util.Optional;

/** The event types of a log entry, with the names the API uses: three received from Meta, one sent to it. */
public enum EventType {
    INCOMING_MESSAGE("Incoming Message"),
    MESSAGE_STATUS("Message Status"),
    OTHER("Other"),
    /** A send through the Cloud API, made by the service or reported to it (direction 2). */
    OUTGOING_MESSAGE("Outgoing Message");

    private final String label;

    EventType(String label) {
        this.label = label;
    }

    /** 1 for what Meta sent the service, 2 for what was sent to Meta. */
    public int direction() {
        return this == OUTGOING_MESSAGE ? 2 : 1;
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

    /** The types of events received from Meta: those a webhook endpoint may be given (sends are not forwarded). */
    public static String receivedNames() {
        return "Incoming Message, Message Status, Other";
    }

    public static String names() {
        return "Incoming Message, Message Status, Other, Outgoing Message";
    }
}
