package io.sendzen.logs.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.store.EntryQuery.EntryKey;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import io.sendzen.logs.support.PostgresResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A search page is read in page order within a window of entries when the word fills it there, and through the
 * search index when it does not: both reads give the same pages, forwards and backwards, whatever the word's
 * frequency.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class SearchWindowTest {

    private static final int ENTRIES = 300;
    private static final int WINDOW = 40;

    private static String project;
    /** The log ids of every entry, oldest first. */
    private static List<Long> ids;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LogEntries entries;

    /** Every entry has "every"; every 2nd "half"; every 50th "sparse"; the 3 oldest "oldest". */
    private static String words(int i) {
        StringBuilder words = new StringBuilder("every");
        if (i % 2 == 0) {
            words.append(" half");
        }
        if (i % 50 == 0) {
            words.append(" sparse");
        }
        if (i < 3) {
            words.append(" oldest");
        }
        return words.toString();
    }

    @BeforeEach
    void storeOnce() {
        if (project != null) {
            return;
        }
        project = Admin.uniqueId("search-window");
        long start = LogRows.minutesAgo(60);
        List<LogRows.Entry> rows = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            // pairs share a created_at, so that the log id breaks the tie within and across the window
            rows.add(LogRows.entry(project, start + (i / 2) * 10L).payload(words(i)));
        }
        LogRows writer = new LogRows(dataSource);
        ids = writer.insert(rows);
        writer.execute("update log_entry set search = array_to_tsvector(string_to_array(payload, ' ')) "
                + "where project_id = '" + project + "'");
    }

    private static EntryFilter search(String q) {
        return new EntryFilter(List.of(), 0, null, null, null, List.of(), null, null, null, null, null,
                q, null, null, null);
    }

    /** Every page of {@code q} of {@code size}, in the given order, read with {@code window}. */
    private List<Long> pages(String q, boolean descending, int size, int window) throws SQLException {
        List<Long> read = new ArrayList<>();
        EntryKey after = null;
        long toDate = LogRows.minutesAgo(0);
        while (true) {
            List<LogEntries.Row> page = entries.page(project, search(q), toDate, after, descending, size, window);
            page.forEach(row -> read.add(row.logId()));
            if (page.size() < size) {
                return read;
            }
            LogEntries.Row last = page.get(page.size() - 1);
            after = new EntryKey(last.createdAt(), last.logId());
        }
    }

    private static List<Long> expected(String word, boolean descending) {
        List<Long> matching = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            if (List.of(words(i).split(" ")).contains(word)) {
                matching.add(ids.get(i));
            }
        }
        if (descending) {
            Collections.reverse(matching);
        }
        return matching;
    }

    @ParameterizedTest(name = "{0}, descending {1}, pages of {2}")
    @CsvSource({
            "every, true, 7", "every, false, 7",
            "half, true, 20", "half, false, 20",
            "sparse, true, 2", "sparse, false, 2",
            "oldest, true, 2", "oldest, false, 2",
            "absent, true, 5"})
    void everyFrequencyReadsTheSamePagesThroughEitherPath(String word, boolean descending, int size)
            throws SQLException {
        List<Long> expected = expected(word, descending);

        assertEquals(expected, pages(word, descending, size, WINDOW), "within a window of " + WINDOW);
        assertEquals(expected, pages(word, descending, size, 1), "through the search index alone");
        assertEquals(expected, pages(word, descending, size, ENTRIES * 2), "within a window of every entry");
    }
}
