package io.sendzen.logs.deletion;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/logs/bulk-delete} by ids (at once) and the dry run of a filter (a count). */
@QuarkusTest
class BulkDeleteTest {

    @Inject
    AgroalDataSource dataSource;

    private Tables tables;
    private String project;

    @BeforeEach
    void setUp() {
        tables = new Tables(dataSource);
        project = Admin.createProject();
    }

    static ValidatableResponse bulkDelete(String projectId, String json) {
        return given().auth().oauth2(TestTokens.project(projectId, "logs:write"))
                .contentType(ContentType.JSON).body(json)
                .when().post("/v1/logs/bulk-delete").then();
    }

    private static String ids(List<?> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void idsAreDeletedAtOnceAndTheUnknownAreListed() {
        List<Long> ids = tables.entries(project, 3, 30);
        bulkDelete(project, "{\"log_ids\":" + ids(List.of(ids.get(0), ids.get(2), "987654321987654")) + "}")
                .statusCode(200)
                .body("message", equalTo("Log entries deleted"))
                .body("data.deleted", equalTo(2))
                .body("data.not_found", equalTo(List.of("987654321987654")));
        assertFalse(tables.exists(project, ids.get(0)));
        assertTrue(tables.exists(project, ids.get(1)));
        assertFalse(tables.exists(project, ids.get(2)));
    }

    @Test
    void idsTakeTheirPendingForwardsAndAttempts() {
        List<Long> ids = tables.entries(project, 2, 30);
        ids.forEach(id -> tables.forwarding(project, id, 1));
        bulkDelete(project, "{\"log_ids\":" + ids(ids) + "}").statusCode(200).body("data.deleted", equalTo(2));
        for (long id : ids) {
            assertEquals(0, tables.pendingForwards(id));
            assertEquals(0, tables.attempts(project, id));
        }
    }

    @Test
    void anotherProjectsIdsAreNotFoundAndKept() {
        String other = Admin.createProject();
        List<Long> theirs = tables.entries(other, 2, 30);
        bulkDelete(project, "{\"log_ids\":" + ids(theirs) + "}")
                .statusCode(200)
                .body("data.deleted", equalTo(0))
                .body("data.not_found", equalTo(theirs.stream().map(String::valueOf).toList()));
        assertEquals(2, tables.entriesOf(other));
    }

    @Test
    void anIdGivenTwiceIsDeletedOnce() {
        long id = tables.entries(project, 1, 30).get(0);
        bulkDelete(project, "{\"log_ids\":" + ids(List.of(id, id)) + "}")
                .statusCode(200).body("data.deleted", equalTo(1)).body("data.not_found", equalTo(List.of()));
    }

    @Test
    void athousandIdsAreTaken() {
        List<Long> ids = tables.entries(project, 1000, 30);
        bulkDelete(project, "{\"log_ids\":" + ids(ids) + "}").statusCode(200).body("data.deleted", equalTo(1000));
        assertEquals(0, tables.entriesOf(project));
    }

    @Test
    void deleteByIdsIsAuditedWithTheIdsDeletedAndTheirCount() {
        List<Long> ids = tables.entries(project, 2, 30);
        bulkDelete(project, "{\"log_ids\":" + ids(List.of(ids.get(1), "987654321987654")) + "}").statusCode(200);
        assertEquals(List.of("{\"log_ids\": [\"" + ids.get(1) + "\"]} 1"), tables.audit(project, "log.bulk_delete"));
    }

    @Test
    void dryRunCountsWhatTheFilterSelectsAndDeletesNothing() {
        tables.entries(project, 5, 30);
        tables.execute("update log_entry set wa_status = 'failed' where project_id = ? and log_id in "
                + "(select log_id from log_entry where project_id = ? order by log_id limit 2)", project, project);
        bulkDelete(project, "{\"filter\":{\"status\":\"failed\"},\"dry_run\":true}")
                .statusCode(200)
                .body("message", equalTo("Log entries counted"))
                .body("data.matching", equalTo(2));
        assertEquals(5, tables.entriesOf(project));
    }

    @Test
    void dryRunOfEverythingCountsOnlyTheProjectsOwn() {
        tables.entries(project, 3, 30);
        tables.entries(Admin.createProject(), 4, 30);
        bulkDelete(project, "{\"filter\":{},\"all\":true,\"dry_run\":true}").statusCode(200)
                .body("data.matching", equalTo(3));
    }

    @Test
    void dryRunTakesTheFiltersAsJsonTypes() {
        List<Long> ids = tables.entries(project, 4, 30);
        long from = tables.count("select created_at from log_entry where log_id = ?", ids.get(1));
        bulkDelete(project, "{\"filter\":{\"fromDate\":" + from + ",\"eventTypes\":[\"Message Status\"],"
                + "\"status\":[\"delivered\",\"read\"],\"responseCode\":0},\"dry_run\":true}")
                .statusCode(200).body("data.matching", equalTo(3));
    }

    @Test
    void readOnlyTokenIsForbidden() {
        long id = tables.entries(project, 1, 30).get(0);
        given().auth().oauth2(TestTokens.project(project, "logs:read"))
                .contentType(ContentType.JSON).body("{\"log_ids\":[\"" + id + "\"]}")
                .when().post("/v1/logs/bulk-delete").then().statusCode(403);
        assertTrue(tables.exists(project, id));
    }
}
