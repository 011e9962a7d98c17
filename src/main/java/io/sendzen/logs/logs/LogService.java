package io.sendzen.logs.logs;

import io.sendzen.logs.shared.Cursor;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntryQuery.EntryKey;
import io.sendzen.logs.store.LogEntries;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a project's log entries (or of the unrouted ones, project ""), with the token for the next. The token
 * carries the keyset position and the fixed upper bound ({@code toDate}, "now" when the first page was served).
 */
@ApplicationScoped
public class LogService {

    /** The project id under which unrouted entries are stored. */
    public static final String UNROUTED = "";

    private final LogEntries entries;
    private final Cursor cursor;

    LogService(LogEntries entries, Cursor cursor) {
        this.entries = entries;
        this.cursor = cursor;
    }

    public LogEntryView.Response page(String projectId, LogFilter filter) throws SQLException {
        Cursor.Listing list = projectId.equals(UNROUTED) ? Cursor.Listing.UNROUTED : Cursor.Listing.LOGS;
        EntryKey after = null;
        long toDate = filter.entries().toDate() != null ? filter.entries().toDate() : Ticks.now();
        if (filter.nextPageToken() != null) {
            Cursor.Keyset position = cursor.read(filter.nextPageToken(), list, projectId, filter.canonical());
            after = new EntryKey(position.number(0), position.number(1));
            toDate = position.number(2);
        }
        List<LogEntries.Row> rows = entries.page(projectId, filter.entries(), toDate, after, filter.descending(),
                filter.pageSize() + 1);
        boolean more = rows.size() > filter.pageSize();
        List<LogEntries.Row> shown = more ? rows.subList(0, filter.pageSize()) : rows;
        List<LogEntryView.Entry> views = new ArrayList<>(shown.size());
        for (LogEntries.Row row : shown) {
            views.add(LogEntryView.Entry.of(row));
        }
        String next = null;
        if (more) {
            LogEntries.Row last = shown.get(shown.size() - 1);
            next = cursor.issue(list, projectId, filter.canonical(),
                    Cursor.Keyset.of(last.createdAt(), last.logId(), toDate));
        }
        return LogEntryView.Response.of(new LogEntryView.Page(views, next));
    }
}
