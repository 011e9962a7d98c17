package io.sendzen.logs.messages;

import com.fasterxml.jackson.databind.JsonNode;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Cursor;
import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntryQuery;
import io.sendzen.logs.store.EntryQuery.EntryKey;
import io.sendzen.logs.store.LogEntries;
import io.sendzen.logs.store.LogEntries.MessageEntry;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A message's story joined from its log entries, and the messages whose story stopped at {@code sent}. */
@ApplicationScoped
public class MessageService {

    /** Enough for every status of a message fanned out to many endpoints; beyond it, the oldest entries are shown. */
    static final int MAX_ENTRIES = 1000;

    private final LogEntries entries;
    private final Cursor cursor;
    private final Duration lookback;

    MessageService(LogEntries entries, Cursor cursor, SendzenConfig config) {
        this.entries = entries;
        this.cursor = cursor;
        this.lookback = config.messages().stuckLookback();
    }

    /** The story of the project's message {@code messageId}; not one of the project's, a 404. */
    public MessageViews.Timeline timeline(String projectId, String messageId) throws SQLException {
        List<MessageEntry> found = entries.messageEntries(projectId, messageId, MAX_ENTRIES);
        if (found.isEmpty()) {
            throw ApiException.notFound();
        }
        boolean incoming = false;
        String waId = null;
        List<StatusOrder.Status> received = new ArrayList<>();
        List<String> logIds = new ArrayList<>(found.size());
        // the send leads the story, whenever it was recorded (a reported send may come after its statuses)
        int sends = 0;
        for (MessageEntry entry : found) {
            EventType type = EntryQuery.type(entry.eventType());
            if (type == EventType.OUTGOING_MESSAGE) {
                logIds.add(sends++, Long.toString(entry.logId()));
            } else {
                logIds.add(Long.toString(entry.logId()));
            }
            if (waId == null || type == EventType.OUTGOING_MESSAGE && sends == 1) {
                waId = entry.waId();
            }
            if (type == EventType.INCOMING_MESSAGE) {
                incoming = true;
            } else if (type == EventType.MESSAGE_STATUS && entry.status() != null) {
                Optional<JsonNode> item = MessagePayload.item(entry.payload(), "statuses", messageId);
                received.add(new StatusOrder.Status(entry.status(),
                        item.map(MessagePayload::timestamp).orElse(null), entry.createdAt(), entry.logId(),
                        item.map(MessagePayload::errors).orElse(List.of())));
            }
        }
        List<StatusOrder.Status> ordered = StatusOrder.order(received);
        List<MessageViews.StatusView> statuses = ordered.stream()
                .map(s -> new MessageViews.StatusView(s.status(), s.timestamp(), Ticks.iso(s.receivedAt()),
                        Long.toString(s.logId())))
                .toList();
        return new MessageViews.Timeline(messageId, found.get(0).phoneNumberId(), waId,
                incoming ? "incoming" : "outgoing", StatusOrder.latest(ordered), statuses,
                StatusOrder.errors(ordered), logIds);
    }

    /**
     * The project's messages whose first status, a {@code sent}, arrived more than {@code request.stuck()} ago and
     * was followed by no delivered, read, played or failed; only messages first seen within the configured lookback
     * before that are looked at. "Now" is fixed by the first page and carried in the token, as the window with it.
     */
    public MessageViews.StuckPage stuck(String projectId, MessageRequests.StuckRequest request) throws SQLException {
        long now = Ticks.now();
        EntryKey after = null;
        if (request.nextPageToken() != null) {
            Cursor.Keyset position = cursor.read(request.nextPageToken(), Cursor.Listing.MESSAGES, projectId,
                    request.canonical());
            after = new EntryKey(position.number(0), position.number(1));
            now = position.number(2);
        }
        long cutoff = now - ticks(request.stuck());
        long from = Math.max(Ticks.MIN, cutoff - ticks(lookback));
        List<LogEntries.StuckMessage> rows = entries.stuck(projectId, from, cutoff, now, after, request.pageSize() + 1);
        boolean more = rows.size() > request.pageSize();
        List<LogEntries.StuckMessage> shown = more ? rows.subList(0, request.pageSize()) : rows;
        String next = null;
        if (more) {
            LogEntries.StuckMessage last = shown.get(shown.size() - 1);
            next = cursor.issue(Cursor.Listing.MESSAGES, projectId, request.canonical(),
                    Cursor.Keyset.of(last.createdAt(), last.logId(), now));
        }
        List<MessageViews.Stuck> messages = shown.stream()
                .map(row -> new MessageViews.Stuck(row.messageId(), row.phoneNumberId(), row.waId(),
                        Ticks.iso(row.createdAt()), Long.toString(row.logId())))
                .toList();
        return new MessageViews.StuckPage(messages, next);
    }

    private static long ticks(Duration duration) {
        return duration.toNanos() / 100;
    }
}
