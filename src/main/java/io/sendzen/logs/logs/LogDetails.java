package io.sendzen.logs.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sendzen.logs.flyout.FlyoutStore;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntryQuery;
import io.sendzen.logs.store.LogEntries;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.List;

/**
 * One entry in full (what its event says, the delivery it came in, every forwarding attempt) and that delivery's body,
 * for the project's entries (or the unrouted ones, project ""). Another project's entry is a 404 like an unknown one.
 */
@ApplicationScoped
public class LogDetails {

    /** The most digits a log id (a positive bigint) can have. */
    private static final int MAX_DIGITS = 19;

    private final LogEntries entries;
    private final FlyoutStore forwards;
    private final ObjectMapper json;

    LogDetails(LogEntries entries, FlyoutStore forwards, ObjectMapper json) {
        this.entries = entries;
        this.forwards = forwards;
        this.json = json;
    }

    public LogDetailView.Response detail(String projectId, String logId) throws SQLException {
        long id = parse(logId);
        LogEntries.Detail found = entries.detail(projectId, id).orElseThrow(ApiException::notFound);
        LogEntries.Row row = found.row();
        FlyoutStore.History history = forwards.history(projectId, id);
        List<LogDetailView.Attempt> attempts = history.attempts().stream()
                .map(a -> new LogDetailView.Attempt(a.attempt(), a.trigger().label(), Ticks.iso(a.startedAt()),
                        a.durationMs(), a.url(), a.responseCode(), a.response(), a.error()))
                .toList();
        LogDetailView.Delivery delivery = found.deliveryId() == null ? null
                : new LogDetailView.Delivery(Long.toString(found.deliveryId()), Ticks.iso(found.deliveryReceivedAt()),
                found.deliveryEvents(), found.deliveryBytes());
        return LogDetailView.Response.of(new LogDetailView.Detail(
                LogEntryView.Entry.of(row),
                Ticks.iso(row.createdAt()),
                row.direction() == 2 ? EventFields.outgoing(json, row.payload(), found.apiResponse())
                        : EventFields.of(json, EntryQuery.type(row.eventType()), row.payload()),
                delivery,
                attempts,
                history.nextAttemptAt() == null ? null : Ticks.iso(history.nextAttemptAt()),
                stored(found.apiResponse()),
                stored(found.tags())));
    }

    /** JSON kept with an outgoing record as it is; a text that is not JSON (why Meta gave no answer) as a string. */
    private JsonNode stored(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    /** The delivery the entry came in, byte for byte; a 404 also when it was stored before deliveries were kept. */
    public LogEntries.Delivery delivery(String projectId, String logId) throws SQLException {
        return entries.delivery(projectId, parse(logId)).orElseThrow(ApiException::notFound);
    }

    /** A log id is 1 to 19 decimal digits naming a positive bigint; anything else is a 400 naming {@code log_id}. */
    static long parse(String logId) {
        if (logId == null || logId.isEmpty() || logId.length() > MAX_DIGITS
                || !logId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid();
        }
        try {
            return Long.parseLong(logId);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("log_id", "must be a log id: decimal digits, at most " + Long.MAX_VALUE);
    }
}
