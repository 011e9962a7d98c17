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
import java.util.List;
import java.util.Map;

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
