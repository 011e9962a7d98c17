package io.sendzen.logs.stats;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntryRollups;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code GET /v1/stats}: counts per bucket and key, from the rollups, with the filters of the logs. */
@QuarkusTest
class StatsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntryRollups rollups;

    private LogRows rows;
    private String project;
    private long today;

    @BeforeEach
    void setUp() {
        rows = new LogRows(dataSource);
        project = Admin.createProject();
        today = Ticks.of(Instant.now().truncatedTo(ChronoUnit.DAYS));
    }

    static ValidatableResponse stats(String projectId, Map<String, ?> query) {
        return given().auth().oauth2(TestTokens.project(projectId, "logs:read")).queryParams(query)
                .when().get("/v1/stats").then();
    }

    private long hoursAgo(int hours) {
        return Ticks.now() - hours * EntryRollups.HOUR;
    }

    @Test
    void countsAreGroupedByStatusPerDay() throws Exception {
        long yesterday = today - Ticks.PER_DAY + 5 * EntryRollups.HOUR;
        rows.insert(List.of(LogRows.entry(project, yesterday).status("failed"),
                LogRows.entry(project, yesterday).status("failed"),
                LogRows.entry(project, yesterday).status("sent"),
                LogRows.entry(project, today + 1).status("failed")));
        rollups.compact();
        stats(project, Map.of("groupBy", "status", "interval", "day", "fromDate", today - Ticks.PER_DAY))
                .statusCode(200)
                .body("message", equalTo("Stats retrieved successfully"))
                .body("data.interval", equalTo("day"))
                .body("data.group_by", equalTo("status"))
                .body("data.buckets", equalTo(List.of(
                        Map.of("start", Ticks.toInstant(today - Ticks.PER_DAY).toString(), "key", "failed", "count", 2),
                        Map.of("start", Ticks.toInstant(today - Ticks.PER_DAY).toString(), "key", "sent", "count", 1),
                        Map.of("start", Ticks.toInstant(today).toString(), "key", "failed", "count", 1))))
                .body("data.totals", equalTo(List.of(Map.of("key", "failed", "count", 3),
                        Map.of("key", "sent", "count", 1))));
    }

    /**
     * The daily buckets of a series, read from the daily rollups, and its hourly ones summed per day; buckets are
     * whole, so toDate's day is counted in full: the hourly series runs to its end.
     */
    private void assertDaysAreTheirHours(Map<String, Object> query) {
        Map<String, Object> hourly = new HashMap<>(query);
        hourly.put("interval", "hour");
        if (query.get("toDate") instanceof Long to) {
            hourly.put("toDate", to - to % Ticks.PER_DAY + Ticks.PER_DAY - 1);
        }
        Map<String, Object> daily = new HashMap<>(query);
        daily.put("interval", "day");
        Map<String, Long> fromHours = new TreeMap<>();
        for (Map<String, Object> b : stats(project, hourly).statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("data.buckets")) {
            String day = Ticks.toInstant(Ticks.of(Instant.parse((String) b.get("start")).truncatedTo(ChronoUnit.DAYS)))
                    .toString();
            fromHours.merge(day + " " + b.get("key"), ((Number) b.get("count")).longValue(), Long::sum);
        }
        Map<String, Long> fromDays = new TreeMap<>();
        for (Map<String, Object> b : stats(project, daily).statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("data.buckets")) {
            fromDays.put(b.get("start") + " " + b.get("key"), ((Number) b.get("count")).longValue());
        }
        assertEquals(fromHours, fromDays, "daily and hourly series of " + query);
    }

    @Test
    void aDailySeriesCountsWhatItsHoursCount() throws Exception {
        long hour = EntryRollups.HOUR;
        rows.insert(List.of(
                LogRows.entry(project, today - 3 * Ticks.PER_DAY + 10 * hour).status("sent").phone("111"),
                LogRows.entry(project, today - 2 * Ticks.PER_DAY + 1).status("failed").errorCode(131047).phone("111"),
                LogRows.entry(project, today - 2 * Ticks.PER_DAY + 1).status("read").phone("222"),
                LogRows.entry(project, today - 2 * Ticks.PER_DAY + 23 * hour + 5).status("failed").errorCode(131026),
                LogRows.entry(project, today - Ticks.PER_DAY + 12 * hour).type(1).phone("222"),
                LogRows.entry(project, today + 1).status("delivered").phone("111")));
        rollups.compact();
        // two entries more, left in the deltas: one before the middle of their day, one after it
        rows.insert(List.of(LogRows.entry(project, today - 2 * Ticks.PER_DAY + 2 * hour).status("sent").phone("222"),
                LogRows.entry(project, today - 2 * Ticks.PER_DAY + 20 * hour).status("read").phone("111")));
        long from = today - 4 * Ticks.PER_DAY;
        long midDay = today - 2 * Ticks.PER_DAY + 12 * hour;
        for (String groupBy : List.of("status", "event_type", "error_code", "phone_number_id", "response_code")) {
            assertDaysAreTheirHours(Map.of("groupBy", groupBy, "fromDate", from));
            assertDaysAreTheirHours(Map.of("groupBy", groupBy, "fromDate", from, "toDate", midDay));
            assertDaysAreTheirHours(Map.of("groupBy", groupBy, "fromDate", from, "eventTypes", "Message Status"));
            assertDaysAreTheirHours(Map.of("groupBy", groupBy, "fromDate", from, "phoneNumberId", "111"));
            assertDaysAreTheirHours(Map.of("groupBy", groupBy, "fromDate", from, "toDate", midDay, "status", "failed"));
        }
        // a window that ends within a day counts that day whole, as an hourly one counts toDate's hour
        stats(project, Map.of("groupBy", "status", "interval", "day", "fromDate", from, "toDate", midDay))
                .statusCode(200)
                .body("data.totals", equalTo(List.of(Map.of("key", "sent", "count", 2),
                        Map.of("key", "failed", "count", 2), Map.of("key", "read", "count", 2))));
    }

    @Test
    void deltasNotYetFoldedAreCounted() {
        rows.insert(List.of(LogRows.entry(project, hoursAgo(1)), LogRows.entry(project, hoursAgo(1))));
        stats(project, Map.of("groupBy", "event_type")).statusCode(200)
                .body("data.totals", equalTo(List.of(Map.of("key", "Message Status", "count", 2))));
    }

    @Test
    void hourlyBucketsStartOnTheHour() throws Exception {
        long now = Ticks.now();
        long hour = now - now % EntryRollups.HOUR - 2 * EntryRollups.HOUR;
        rows.insert(List.of(LogRows.entry(project, hour + 10), LogRows.entry(project, hour + EntryRollups.HOUR + 10)));
        rollups.compact();
        stats(project, Map.of("groupBy", "phone_number_id", "interval", "hour", "fromDate", hour + 5))
                .statusCode(200)
                .body("data.buckets.start", equalTo(List.of(Ticks.toInstant(hour).toString(),
                        Ticks.toInstant(hour + EntryRollups.HOUR).toString())))
                .body("data.buckets.key", equalTo(List.of("106540352242922", "106540352242922")));
    }

    @Test
    void theFiltersOfTheLogsSelectWhatIsCounted() throws Exception {
        rows.insert(List.of(
                LogRows.entry(project, hoursAgo(2)).status("failed").errorCode(131047).phone("111"),
                LogRows.entry(project, hoursAgo(2)).status("failed").errorCode(131026).phone("222"),
                LogRows.entry(project, hoursAgo(2)).status("delivered").phone("111")
                        .forwarded("https://a.example.com/h", "success", "ok", 200),
                LogRows.entry(project, hoursAgo(2)).status("delivered").phone("111")
                        .forwarded("https://a.example.com/h", "failed", "no", 503)));
        rollups.compact();
        stats(project, Map.of("groupBy", "error_code", "phoneNumberId", "111", "status", "failed")).statusCode(200)
                .body("data.totals", equalTo(List.of(Map.of("key", "131047", "count", 1))));
        stats(project, Map.of("groupBy", "response_code", "responseCode", "5xx")).statusCode(200)
                .body("data.totals", equalTo(List.of(Map.of("key", "503", "count", 1))));
        stats(project, Map.of("groupBy", "flyout_status", "url", "https://a.example.com/h")).statusCode(200)
                .body("data.totals.key", equalTo(List.of("failed", "success")));
    }

    @Test
    void aColumnAnEntryLacksIsANullKey() throws Exception {
        rows.insert(LogRows.entry(project, hoursAgo(1)));
        rollups.compact();
        stats(project, Map.of("groupBy", "error_code")).statusCode(200)
                .body("data.totals.size()", equalTo(1))
                .body("data.totals[0].key", nullValue())
                .body("data.totals[0].count", equalTo(1));
    }

    @Test
    void anotherProjectsEntriesAreNeverCounted() throws Exception {
        String other = Admin.createProject();
        rows.insert(List.of(LogRows.entry(other, hoursAgo(1)), LogRows.entry(other, hoursAgo(1)),
                LogRows.entry(project, hoursAgo(1))));
        rollups.compact();
        stats(project, Map.of("groupBy", "status")).statusCode(200)
                .body("data.totals", equalTo(List.of(Map.of("key", "delivered", "count", 1))));
        stats(other, Map.of("groupBy", "status")).statusCode(200)
                .body("data.totals", equalTo(List.of(Map.of("key", "delivered", "count", 2))));
    }

    @Test
    void aDeletedEntryIsNoLongerCounted() throws Exception {
        List<Long> ids = rows.insert(List.of(LogRows.entry(project, hoursAgo(1)), LogRows.entry(project, hoursAgo(1))));
        rows.delete(project, List.of(ids.get(0)));
        stats(project, Map.of("groupBy", "status")).statusCode(200)
                .body("data.totals", equalTo(List.of(Map.of("key", "delivered", "count", 1))));
        rollups.compact();
        stats(project, Map.of("groupBy", "status")).statusCode(200)
                .body("data.totals", equalTo(List.of(Map.of("key", "delivered", "count", 1))));
    }

    @Test
    void statsNeedTheLogsReadScope() {
        given().auth().oauth2(TestTokens.project(project, "logs:write")).queryParam("groupBy", "status")
                .when().get("/v1/stats").then().statusCode(403);
    }

    @Test
    void theDefaultWindowIsTheLast30Days() throws Exception {
        rows.insert(List.of(LogRows.entry(project, Ticks.now() - 31 * Ticks.PER_DAY),
                LogRows.entry(project, hoursAgo(1))));
        rollups.compact();
        ValidatableResponse answer = stats(project, Map.of("groupBy", "status")).statusCode(200);
        answer.body("data.totals", equalTo(List.of(Map.of("key", "delivered", "count", 1))));
        assertEquals(1, answer.extract().jsonPath().getList("data.buckets").size());
    }

    @Test
    void everyGroupByIsAccepted() {
        for (String groupBy : List.of("event_type", "status", "error_code", "category", "phone_number_id",
                "flyout_status", "response_code", "url")) {
            stats(project, Map.of("groupBy", groupBy)).statusCode(200).body("data.group_by", equalTo(groupBy));
        }
    }

    @Test
    void theAnswerNamesItsWindow() {
        stats(project, Map.of("groupBy", "status", "fromDate", today, "toDate", today + Ticks.PER_DAY - 1))
                .statusCode(200)
                .body("data.from_date", equalTo(Ticks.toInstant(today).toString()))
                .body("data.buckets", equalTo(List.of()))
                .body("data.totals", equalTo(List.of()));
    }

    @Test
    void unroutedEntriesAreNoProjects() throws Exception {
        rows.insert(LogRows.entry("", hoursAgo(1)));
        rollups.compact();
        stats(project, Map.of("groupBy", "status")).statusCode(200).body("data.totals", equalTo(List.of()));
    }
}
