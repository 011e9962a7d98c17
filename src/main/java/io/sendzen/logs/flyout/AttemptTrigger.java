package io.sendzen.logs.flyout;

import java.util.Locale;

/** What made a forwarding attempt: the retry schedule, a redelivery of one entry, or one of many entries at once. */
public enum AttemptTrigger {
    AUTOMATIC, MANUAL, BULK;

    /** As stored in {@code flyout_job.trigger} and {@code flyout_attempt.trigger}, and shown by the API. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AttemptTrigger of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
