package io.sendzen.logs.jobs;

import java.time.OffsetDateTime;
import java.util.Locale;

/** One row of {@code job}: a project's background work, what it works on ({@code params}, JSON) and how far it got
 * ({@code done}, of which {@code skipped} were passed over). */
public record Job(String id, String projectId, String kind, State state, String params, String actorSub,
                  String actorJti, Long matching, long done, long skipped, String position, OffsetDateTime createdAt,
                  OffsetDateTime startedAt, OffsetDateTime finishedAt, String error) {

    public enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }

        public boolean ended() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }
    }
}
