package io.sendzen.logs.messages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order of a message's statuses, whatever order Meta's webhooks arrived in: {@code failed} last (it is
 * terminal: nothing comes after it), the others by Meta's {@code timestamp}, then by rank (sent, delivered,
 * read or played) for those of the same second, then by receipt. A status with no readable timestamp goes after
 * those with one.
 */
public final class StatusOrder {

    /** A status as read from one entry; {@code receivedAt} and {@code logId} say which entry, and when. */
    public record Status(String status, Long timestamp, long receivedAt, long logId, List<MessageViews.ErrorView> errors) {
    }

    private static final Comparator<Status> ORDER = Comparator
            .comparing((Status s) -> s.status().equals("failed"))
            .thenComparing(Status::timestamp, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingInt(s -> rank(s.status()))
            .thenComparingLong(Status::receivedAt)
            .thenComparingLong(Status::logId);

    private StatusOrder() {
    }

    /**
     * {@code received} (in order of receipt) without repeats, in the message's order. One event stored for several
     * webhook endpoints is one entry per endpoint: the same (status, timestamp) counts once, as first received.
     */
    public static List<Status> order(List<Status> received) {
        Set<List<Object>> seen = new HashSet<>();
        List<Status> statuses = new ArrayList<>();
        for (Status status : received) {
            if (seen.add(Arrays.asList(status.status(), status.timestamp()))) {
                statuses.add(status);
            }
        }
        statuses.sort(ORDER);
        return statuses;
    }

    /** The last status of {@code ordered}, null when there is none. */
    public static String latest(List<Status> ordered) {
        return ordered.isEmpty() ? null : ordered.get(ordered.size() - 1).status();
    }

    /** The errors of {@code ordered}, each once, in the statuses' order. */
    public static List<MessageViews.ErrorView> errors(List<Status> ordered) {
        List<MessageViews.ErrorView> errors = new ArrayList<>();
        for (Status status : ordered) {
            for (MessageViews.ErrorView error : status.errors()) {
                if (!errors.contains(error)) {
                    errors.add(error);
                }
            }
        }
        return errors;
    }

    /** Meta's statuses in the order a message passes through them; statuses Meta may add later rank after read. */
    static int rank(String status) {
        return switch (status) {
            case "sent" -> 1;
            case "delivered" -> 2;
            case "read", "played" -> 3;
            case "failed" -> 5;
            default -> 4;
        };
    }
}
