package io.sendzen.logs.logs;

import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.shared.Ticks;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** One page of a project's log entries (or of the unrouted ones, project ""), with the token for the next. */
@ApplicationScoped
public class LogService {

    private static final String NONE = "-";

    private final LogRepository repository;
    private final PageToken pageToken;

    LogService(LogRepository repository, PageToken pageToken) {
        this.repository = repository;
        this.pageToken = pageToken;
    }

    public LogEntryView.Response page(String projectId, LogFilter filter) throws SQLException {
        PageToken.Position after = filter.nextPageToken() == null ? null
                : pageToken.read(filter.nextPageToken(), projectId, filter);
        long toDate = after != null ? after.toDate() : filter.toDate() != null ? filter.toDate() : Ticks.now();
        List<LogRepository.Row> rows = repository.page(projectId, filter, toDate, after, filter.pageSize() + 1);
        boolean more = rows.size() > filter.pageSize();
        List<LogRepository.Row> shown = more ? rows.subList(0, filter.pageSize()) : rows;
        List<LogEntryView.Entry> entries = new ArrayList<>(shown.size());
        for (LogRepository.Row row : shown) {
            entries.add(view(row));
        }
        String next = null;
        if (more) {
            LogRepository.Row last = shown.get(shown.size() - 1);
            next = pageToken.issue(projectId, filter, new PageToken.Position(last.createdAt(), last.logId(), toDate));
        }
        return LogEntryView.Response.of(new LogEntryView.Page(entries, next));
    }

    private static LogEntryView.Entry view(LogRepository.Row row) {
        return new LogEntryView.Entry(
                row.projectId().isEmpty() ? NONE : row.projectId(),
                row.phoneNumberId(),
                EventType.values()[row.eventType() - 1].label(),
                row.payload(),
                row.createdAt(),
                row.direction(),
                row.flyoutStatus(),
                row.flyoutResponse(),
                row.flyoutResponseCode(),
                row.flyoutUrl(),
                Long.toString(row.logId()));
    }
}
