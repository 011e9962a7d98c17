package io.sendzen.logs.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static io.sendzen.logs.logs.LogsApi.get;
import static io.sendzen.logs.logs.LogsApi.json;
import static io.sendzen.logs.logs.LogsApi.logIds;
import static io.sendzen.logs.logs.LogsApi.nextToken;
import static io.sendzen.logs.logs.LogsApi.page;
import static io.sendzen.logs.logs.LogsApi.reader;
import static io.sendzen.logs.logs.LogsApi.walk;
import static io.sendzen.logs.logs.LogsApi.withToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class LogsPagingTest {

    private static final int ENTRIES = 200;

    @Inject
    AgroalDataSource dataSource;

    private LogRows rows() {
        return new LogRows(dataSource);
    }

    private record Stored(long createdAt, long logId) {
    }

    private static final Comparator<Stored> ASCENDING = Comparator.comparingLong(Stored::createdAt)
            .thenComparingLong(Stored::logId);

    /** {@code count} entries over the last hours, a third of them sharing their created_at with a neighbour. */
    private List<Stored> entries(String project, int count, long seed) {
        Random random = new Random(seed);
        long at = LogRows.minutesAgo(300);
        List<LogRows.Entry> entries = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i == 0 || random.nextInt(3) != 0) {
                at += 1 + random.nextInt(5_000_000);
            }
            times.add(at);
        }
        // inserted out of order, so that log ids do not follow created_at
        Collections.shuffle(times, random);
        for (long time : times) {
            entries.add(LogRows.entry(project, time));
        }
        List<Long> ids = rows().insert(entries);
        List<Stored> stored = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stored.add(new Stored(times.get(i), ids.get(i)));
        }
        stored.sort(ASCENDING);
        return stored;
    }

    private static List<Long> ids(List<Stored> stored) {
        return stored.stream().map(Stored::logId).toList();
    }

    @Test
    void ascendingWalksWithEveryPageSizeSurviveInsertsAndDeletesBetweenPages() {
        for (int pageSize = 1; pageSize <= 20; pageSize++) {
            walkWhileEntriesComeAndGo(pageSize, false);
        }
    }

    @Test
    void descendingWalksWithEveryPageSizeSurviveInsertsAndDeletesBetweenPages() {
        for (int pageSize = 1; pageSize <= 20; pageSize++) {
            walkWhileEntriesComeAndGo(pageSize, true);
        }
    }

    /**
     * A walk over {@value #ENTRIES} entries. Between every two pages, entries are added behind, at and ahead of the
     * position reached, and three not yet shown are deleted. Each page must be exactly the next {@code pageSize}
     * entries after the position as the table stands when it is asked for; so every entry that exists throughout
     * is shown exactly once, in order, and a deleted one never after its deletion.
     */
    private void walkWhileEntriesComeAndGo(int pageSize, boolean descending) {
        String project = Admin.createProject();
        List<Stored> initial = entries(project, ENTRIES, pageSize * (descending ? -1L : 1L));
        Comparator<Stored> order = descending ? ASCENDING.reversed() : ASCENDING;
        TreeSet<Stored> live = new TreeSet<>(order);
        live.addAll(initial);
        Map<Long, Stored> byId = new HashMap<>();
        initial.forEach(s -> byId.put(s.logId(), s));
        Set<Long> deleted = new HashSet<>();
        Random random = new Random(pageSize);
        long first = initial.get(0).createdAt();
        long last = initial.get(initial.size() - 1).createdAt();
        List<Long> shown = new ArrayList<>();
        String query = (descending ? "order=desc&" : "") + "pageSize=" + pageSize;
        String bearer = reader(project);
        String context = query + ", page ";

        Stored reached = null;
        String token = null;
        for (int pageNumber = 1; ; pageNumber++) {
            JsonNode page = page(bearer, token == null ? query : withToken(query, token));
            List<Long> expected = (reached == null ? live : live.tailSet(reached, false)).stream()
                    .limit(pageSize).map(Stored::logId).toList();
            List<Long> ids = logIds(page);
            assertEquals(expected, ids, context + pageNumber);
            shown.addAll(ids);
            token = nextToken(page);
            if (ids.isEmpty()) {
                assertNull(token, context + pageNumber + ": the rest was deleted, so this is the end");
                break;
            }
            reached = byId.get(ids.get(ids.size() - 1));
            assertEquals(live.higher(reached) != null, token != null,
                    context + pageNumber + ": a token exactly when more entries remain");
            if (token == null) {
                break;
            }

            long at = reached.createdAt();
            long[] times = {
                    descending ? at + 1 + random.nextLong(last - at + 1) : first + random.nextLong(at - first + 1),
                    at,
                    descending ? at - 1 : at + 1};
            List<LogRows.Entry> fresh = new ArrayList<>();
            for (long time : times) {
                fresh.add(LogRows.entry(project, time));
            }
            List<Long> freshIds = rows().insert(fresh);
            for (int i = 0; i < times.length; i++) {
                Stored s = new Stored(times[i], freshIds.get(i));
                byId.put(s.logId(), s);
                live.add(s);
            }
            List<Stored> ahead = new ArrayList<>(live.tailSet(reached, false));
            Collections.shuffle(ahead, random);
            List<Stored> doomed = ahead.subList(0, Math.min(3, ahead.size()));
            rows().delete(project, doomed.stream().map(Stored::logId).toList());
            doomed.forEach(s -> deleted.add(s.logId()));
            live.removeAll(doomed);
        }

        assertEquals(shown.size(), new HashSet<>(shown).size(), context + "an entry was shown twice");
        assertTrue(shown.stream().noneMatch(deleted::contains), context + "a deleted entry was shown");
        List<Long> throughout = initial.stream().map(Stored::logId).filter(id -> !deleted.contains(id)).toList();
        assertTrue(shown.containsAll(throughout), context + "an entry that existed throughout was skipped");
    }

    @Test
    void entriesWithTheSameCreatedAtArePagedByLogId() {
        String project = Admin.createProject();
        long at = LogRows.minutesAgo(60);
        List<LogRows.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            entries.add(LogRows.entry(project, at));
        }
        entries.add(LogRows.entry(project, at - 1));
        entries.add(LogRows.entry(project, at + 1));
        List<Long> ids = rows().insert(entries);
        List<Long> tied = new ArrayList<>(ids.subList(0, 50));
        Collections.sort(tied);
        List<Long> ascending = new ArrayList<>();
        ascending.add(ids.get(50));
        ascending.addAll(tied);
        ascending.add(ids.get(51));
        List<Long> descending = new ArrayList<>(ascending);
        Collections.reverse(descending);

        String bearer = reader(project);
        for (int pageSize : new int[]{1, 3, 7, 20}) {
            assertEquals(ascending, walk(bearer, "", pageSize), "pageSize " + pageSize);
            assertEquals(descending, walk(bearer, "order=desc", pageSize), "pageSize " + pageSize);
        }
    }

    @Test
    void ticksAtBothEndsOfTheRangeArePagedExactly() {
        String project = Admin.createProject();
        long[] times = {Ticks.MIN, Ticks.MIN, 1, 100_000_000_000_000_000L, 100_000_000_000_000_001L,
                Ticks.UNIX_EPOCH, 999_999_999_999_999_999L, Ticks.MAX - 1, Ticks.MAX, Ticks.MAX};
        List<LogRows.Entry> entries = new ArrayList<>();
        for (long time : times) {
            entries.add(LogRows.entry(project, time));
        }
        List<Long> ids = rows().insert(entries);
        String bearer = reader(project);
        String range = "fromDate=0&toDate=" + Ticks.MAX;

        for (int pageSize = 1; pageSize <= 3; pageSize++) {
            assertEquals(ids, walk(bearer, range, pageSize), "pageSize " + pageSize);
            List<Long> reversed = new ArrayList<>(ids);
            Collections.reverse(reversed);
            assertEquals(reversed, walk(bearer, range + "&order=desc", pageSize), "pageSize " + pageSize);
        }

        Response response = get(bearer, range);
        String text = response.asString();
        for (long time : times) {
            assertTrue(text.contains("\"created_at\":" + time + ","), () -> time + " not in " + text);
        }
        List<Long> createdAt = new ArrayList<>();
        json(text).get("data").get("logs").forEach(log -> createdAt.add(log.get("created_at").asLong()));
        assertEquals(java.util.Arrays.stream(times).boxed().toList(), createdAt);
    }

    @Test
    void boundsAtTheEndsOfTheRangeSelectOnlyTheEnds() {
        String project = Admin.createProject();
        List<Long> ids = rows().insert(List.of(LogRows.entry(project, Ticks.MIN), LogRows.entry(project, 1),
                LogRows.entry(project, Ticks.MAX - 1), LogRows.entry(project, Ticks.MAX)));
        String bearer = reader(project);

        assertEquals(List.of(ids.get(0)), logIds(page(bearer, "fromDate=0&toDate=0")));
        assertEquals(List.of(ids.get(3)), logIds(page(bearer, "fromDate=" + Ticks.MAX + "&toDate=" + Ticks.MAX)));
        assertEquals(List.of(ids.get(2), ids.get(3)), logIds(page(bearer, "fromDate=" + (Ticks.MAX - 1) + "&toDate=" + Ticks.MAX)));
        assertEquals(List.of(ids.get(0), ids.get(1)), logIds(page(bearer, "toDate=1")));
    }

    @Test
    void omittedToDateIsFixedByTheFirstPage() {
        String project = Admin.createProject();
        long at = LogRows.minutesAgo(10);
        List<Long> ids = rows().insert(List.of(LogRows.entry(project, at), LogRows.entry(project, at + 1)));
        String bearer = reader(project);

        JsonNode first = page(bearer, "pageSize=1");
        assertEquals(List.of(ids.get(0)), logIds(first));
        rows().insert(LogRows.entry(project, Ticks.now() + Ticks.PER_SECOND));
        JsonNode second = page(bearer, withToken("pageSize=1", nextToken(first)));

        assertEquals(List.of(ids.get(1)), logIds(second));
        assertNull(nextToken(second), "an entry newer than the first page's 'now' joined the walk");
    }

    @Test
    void pageSizeMayChangeBetweenPages() {
        String project = Admin.createProject();
        List<Stored> stored = entries(project, 30, 7);
        String bearer = reader(project);

        JsonNode first = page(bearer, "pageSize=4");
        JsonNode second = page(bearer, withToken("pageSize=20", nextToken(first)));

        List<Long> both = new ArrayList<>(logIds(first));
        both.addAll(logIds(second));
        assertEquals(ids(stored).subList(0, 24), both);
    }

    @Test
    void sameTokenTwiceGivesTheSamePage() {
        String project = Admin.createProject();
        entries(project, 10, 8);
        String bearer = reader(project);
        String token = nextToken(page(bearer, "pageSize=3"));

        Response once = get(bearer, withToken("pageSize=3", token));
        Response twice = get(bearer, withToken("pageSize=3", token));

        assertEquals(200, once.statusCode());
        assertEquals(once.asString(), twice.asString());
    }
}
