package io.sendzen.logs.deletion;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.deletion.BulkDeleteTest.bulkDelete;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A delete by filter runs as a job (batches of {@code sendzen.jobs.batch-size}, 50 in tests, with a rest between
 * them): it reports progress, ends done, can be cancelled, and is taken up again after its instance stopped.
 */
@QuarkusTest
class BulkDeleteJobTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource dataSource;

    private Tables tables;
    private String project;

    @BeforeEach
    void setUp() {
        tables = new Tables(dataSource);
        project = Admin.createProject();
    }

    private String start(String projectId, String body) {
        return bulkDelete(projectId, body).statusCode(202)
                .body("message", equalTo("Bulk delete started"))
                .extract().jsonPath().getString("data.job_id");
    }

    private static JsonPath job(String projectId, String jobId) {
        return given().auth().oauth2(TestTokens.project(projectId, "logs:read"))
                .when().get("/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitJob(String projectId, String jobId, Predicate<JsonPath> until) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> job(projectId, jobId), until);
    }

    private static boolean in(JsonPath job, String state) {
        return job.getString("data.state").equals(state);
    }

    @Test
    void jobDeletesWhatTheFilterSelectsAndEndsDone() {
        tables.entries(project, 300, 30);
        tables.execute("update log_entry set wa_status = 'failed' where project_id = ? and log_id % 3 = 0", project);
        long failed = tables.count("select count(*) from log_entry where project_id = ? and wa_status = 'failed'",
                project);
        String jobId = start(project, "{\"filter\":{\"status\":\"failed\"}}");
        JsonPath done = awaitJob(project, jobId, j -> in(j, "done"));
        assertEquals(failed, done.getLong("data.matching"));
        assertEquals(failed, done.getLong("data.done"));
        assertEquals("bulk_delete", done.getString("data.kind"));
        assertNotNull(done.getString("data.started_at"));
        assertNotNull(done.getString("data.finished_at"));
        assertNull(done.getString("data.error"));
        assertEquals(0, tables.count("select count(*) from log_entry where project_id = ? and wa_status = 'failed'",
                project));
        assertEquals(300 - failed, tables.entriesOf(project));
    }

    @Test
    void jobReportsProgressAsItGoes() {
        tables.entries(project, 1000, 30);
        String jobId = start(project, "{\"filter\":{},\"all\":true}");
        JsonPath midway = awaitJob(project, jobId,
                j -> in(j, "running") && j.getLong("data.done") > 0 && j.getLong("data.done") < 1000);
        assertEquals(1000, midway.getLong("data.matching"));
        assertEquals(0, midway.getLong("data.done") % 50, "done moves by whole batches");
        awaitJob(project, jobId, j -> in(j, "done") && j.getLong("data.done") == 1000);
    }

    @Test
    void jobIsAnsweredWithItsLocation() {
        tables.entries(project, 1, 30);
        String location = bulkDelete(project, "{\"filter\":{},\"all\":true}").statusCode(202)
                .extract().header("Location");
        assertTrue(location.matches(".*/v1/jobs/job_[A-Za-z0-9_-]{16}"), location);
    }

    @Test
    void entriesThatArriveAfterTheJobStartedAreKept() {
        tables.entries(project, 100, 30);
        String jobId = start(project, "{\"filter\":{},\"all\":true}");
        long later = tables.entries(project, 1, -1).get(0);
        awaitJob(project, jobId, j -> in(j, "done"));
        assertEquals(1, tables.entriesOf(project));
        assertTrue(tables.exists(project, later));
    }

    @Test
    void jobNeverDeletesAnotherProjectsEntries() {
        String other = Admin.createProject();
        tables.entries(other, 120, 30);
        tables.entries(project, 120, 30);
        String jobId = start(project, "{\"filter\":{},\"all\":true}");
        awaitJob(project, jobId, j -> in(j, "done"));
        assertEquals(0, tables.entriesOf(project));
        assertEquals(120, tables.entriesOf(other));
    }

    @Test
    void jobTakesThePendingForwardsAndAttemptsOfItsEntries() {
        List<Long> ids = tables.entries(project, 3, 30);
        ids.forEach(id -> tables.forwarding(project, id, 2));
        String jobId = start(project, "{\"filter\":{},\"all\":true}");
        awaitJob(project, jobId, j -> in(j, "done"));
        for (long id : ids) {
            assertEquals(0, tables.pendingForwards(id));
            assertEquals(0, tables.attempts(project, id));
        }
    }

    @Test
    void cancelStopsTheJobAndKeepsWhatItHadNotDeleted() {
        tables.entries(project, 3000, 30);
        String jobId = start(project, "{\"filter\":{},\"all\":true}");
        awaitJob(project, jobId, j -> in(j, "running") && j.getLong("data.done") > 0);
        JsonPath cancelled = given().auth().oauth2(TestTokens.project(project, "logs:write"))
                .when().delete("/v1/jobs/" + jobId).then().statusCode(200)
                .body("message", equalTo("Job cancelled"))
                .body("data.state", equalTo("cancelled"))
                .body("data.finished_at", matchesPattern(".+"))
                .extract().jsonPath();
        long done = cancelled.getLong("data.done");
        assertTrue(done < 3000, "cancelled after " + done);
        assertEquals(3000 - done, tables.entriesOf(project));
        // no batch after the cancel: what is left stays, and so does the count
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> tables.entriesOf(project) == 3000 - done);
        assertEquals(done, job(project, jobId).getLong("data.done"));
    }

    @Test
    void cancelOfAnEndedJobIsAConflict() {
        tables.entries(project, 1, 30);
        String jobId = start(project, "{\"filter\":{},\"all\":true}");
        awaitJob(project, jobId, j -> in(j, "done"));
        given().auth().oauth2(TestTokens.project(project, "logs:write"))
                .when().delete("/v1/jobs/" + jobId).then().statusCode(409)
                .body("errors[0].parameter", equalTo("job_id"));
        assertEquals("done", job(project, jobId).getString("data.state"));
    }

    @Test
    void anotherProjectsJobIsNotFound() {
        tables.entries(project, 1, 30);
        String jobId = start(project, "{\"filter\":{},\"all\":true}");
        String other = Admin.createProject();
        given().auth().oauth2(TestTokens.project(other, "logs:read"))
                .when().get("/v1/jobs/" + jobId).then().statusCode(404).body("message", equalTo("Not found"));
        given().auth().oauth2(TestTokens.project(other, "logs:write"))
                .when().delete("/v1/jobs/" + jobId).then().statusCode(404);
        awaitJob(project, jobId, j -> in(j, "done"));
    }

    @Test
    void unknownJobIsNotFound() {
        given().auth().oauth2(TestTokens.project(project, "logs:read"))
                .when().get("/v1/jobs/job_AAAAAAAAAAAAAAAA").then().statusCode(404);
    }

    @Test
    void jobEndIsAuditedWithItsFilterAndCount() {
        tables.entries(project, 70, 30);
        String jobId = start(project, "{\"filter\":{\"phoneNumberId\":\"106540352242922\"}}");
        awaitJob(project, jobId, j -> in(j, "done"));
        List<String> records = tables.audit(project, "log.bulk_delete_job");
        assertEquals(1, records.size(), records.toString());
        assertTrue(records.get(0).startsWith("{\"state\": \"done\", \"filter\": {\"phoneNumberId\": \"106540352242922\"}, "
                + "\"job_id\": \"" + jobId + "\", \"to_date\": "), records.get(0));
        assertTrue(records.get(0).endsWith(" 70"), records.get(0));
    }

    @Test
    void jobLeftRunningByAStoppedInstanceIsTakenUpAgainFromWhereItWas() {
        List<Long> ids = tables.entries(project, 200, 30);
        long[] key = keyOf(ids.get(59));
        String jobId = "job_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        // as an instance leaves a job when it stops: running, 60 done up to the 60th entry, its lease run out
        tables.execute("""
                insert into job (id, project_id, kind, state, params, actor_sub, matching, done, position,
                                 started_at, lease_token, locked_until)
                values (?, ?, 'bulk_delete', 'running', ?::jsonb, 'tester', 260, 60, ?, now() - interval '1 minute',
                        ?, now() - interval '1 second')
                """, jobId, project, "{\"filter\":{},\"to_date\":" + Ticks.now() + "}", key[0] + ":" + key[1],
                UUID.randomUUID());
        JsonPath done = awaitJob(project, jobId, j -> in(j, "done"));
        assertEquals(200, done.getLong("data.done"), "60 before the stop, 140 after");
        assertEquals(260, done.getLong("data.matching"), "counted once, not again");
        // the first 60 were past its position: a job that started over would have deleted them
        assertEquals(60, tables.entriesOf(project));
        assertTrue(tables.exists(project, ids.get(59)));
    }

    @Test
    void jobWhoseLeaseIsStillHeldIsLeftToItsInstance() {
        tables.entries(project, 10, 30);
        String jobId = "job_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        tables.execute("""
                insert into job (id, project_id, kind, state, params, actor_sub, matching, started_at, lease_token,
                                 locked_until)
                values (?, ?, 'bulk_delete', 'running', ?::jsonb, 'tester', 10, now(), ?, now() + interval '1 hour')
                """, jobId, project, "{\"filter\":{},\"to_date\":" + Ticks.now() + "}", UUID.randomUUID());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> tables.entriesOf(project) == 10);
        assertEquals(0, job(project, jobId).getLong("data.done"));
        tables.execute("update job set state = 'cancelled' where id = ?", jobId);
    }

    private long[] keyOf(long logId) {
        return new long[]{tables.count("select created_at from log_entry where log_id = ?", logId), logId};
    }
}
