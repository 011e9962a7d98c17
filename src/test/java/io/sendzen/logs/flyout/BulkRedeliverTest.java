package io.sendzen.logs.flyout;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.sendzen.logs.flyout.Entries.Entry;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code POST /v1/logs/bulk-redeliver}: by ids at once, by filter counted or run as a job; each entry sent again to
 * its endpoint with its attempt shown as {@code bulk}; entries never forwarded are skipped, not an error.
 */
@QuarkusTest
class BulkRedeliverTest extends ReceiverFixture {

    private static ValidatableResponse bulkRedeliver(String token, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post("/v1/logs/bulk-redeliver").then();
    }

    private String writer() {
        return TestTokens.project(project, "logs:write");
    }

    /** One entry that was never forwarded (no endpoint yet), then {@code forwarded} entries delivered to "hook". */
    private List<Entry> entries(int forwarded) {
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "sent")).statusCode(200);
        Admin.addWebhook(project, receiver.url("hook"));
        for (int i = 0; i < forwarded; i++) {
            Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        }
        return await().atMost(Entries.PATIENCE).until(() -> Entries.of(project),
                all -> all.size() == forwarded + 1 && all.stream().filter(e -> e.status().equals("success")).count() == forwarded);
    }

    private static Entry unforwarded(List<Entry> entries) {
        return entries.stream().filter(e -> e.flyoutUrl().equals("-")).findFirst().orElseThrow();
    }

    private String forwardedId() {
        return Entries.of(project).stream().filter(e -> !e.flyoutUrl().equals("-")).findFirst().orElseThrow().logId();
    }

    private JsonPath detail(String logId) {
        return given().auth().oauth2(TestTokens.project(project, "logs:read"))
                .when().get("/v1/logs/" + logId).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void byIdsSendsEachAgainAsBulkAndNamesWhatItSkipped() {
        List<Entry> entries = entries(3);
        List<String> forwarded = entries.stream().filter(e -> !e.flyoutUrl().equals("-")).map(Entry::logId).toList();
        String skipped = unforwarded(entries).logId();
        String ids = String.join("\",\"", forwarded) + "\",\"" + skipped + "\",\"987654321987";
        bulkRedeliver(writer(), "{\"log_ids\":[\"" + ids + "\"]}")
                .statusCode(202)
                .body("message", equalTo("Redelivery scheduled"))
                .body("data.redelivered", equalTo(3))
                .body("data.skipped", equalTo(1))
                .body("data.not_forwarded", equalTo(List.of(skipped)))
                .body("data.not_found", equalTo(List.of("987654321987")));
        await().atMost(Entries.PATIENCE).until(() -> receiver.requests("hook").size() == 6);
        for (String logId : forwarded) {
            List<String> triggers = await().atMost(Entries.PATIENCE)
                    .until(() -> detail(logId).getList("data.attempts.trigger", String.class), t -> t.size() == 2);
            assertEquals(List.of("automatic", "bulk"), triggers);
        }
        assertEquals(2, receiver.requests("hook").stream()
                .filter(r -> r.header("webhook-id").equals(forwarded.get(0))).count());
        given().auth().oauth2(TestTokens.project(project, "logs:read")).get("/v1/audit").then().statusCode(200)
                .body("data.records[0].action", equalTo("log.bulk_redeliver"))
                .body("data.records[0].count", equalTo(3));
    }

    @Test
    void dryRunCountsWhatWouldBeSentAndWhatWouldBeSkipped() {
        entries(2);
        bulkRedeliver(writer(), "{\"filter\":{\"phoneNumberId\":\"" + phone + "\"},\"dry_run\":true}")
                .statusCode(200)
                .body("message", equalTo("Log entries counted"))
                .body("data.matching", equalTo(3))
                .body("data.redeliverable", equalTo(2))
                .body("data.skipped", equalTo(1));
        assertEquals(2, receiver.requests("hook").size(), "a dry run sends nothing");
    }

    @Test
    void byFilterRunsAJobThatReportsWhatItSentAndSkipped() {
        List<Entry> entries = entries(4);
        Response started = given().auth().oauth2(writer()).contentType("application/json")
                .body("{\"filter\":{\"phoneNumberId\":\"" + phone + "\"}}")
                .when().post("/v1/logs/bulk-redeliver");
        started.then().statusCode(202)
                .body("message", equalTo("Bulk redelivery started"))
                .body("data.job_id", matchesPattern("job_[A-Za-z0-9_-]{16}"));
        String jobId = started.path("data.job_id");
        assertEquals("/v1/jobs/" + jobId, java.net.URI.create(started.header("Location")).getPath());
        JsonPath job = await().atMost(Duration.ofSeconds(60)).until(
                () -> given().auth().oauth2(TestTokens.project(project, "logs:read")).get("/v1/jobs/" + jobId)
                        .then().statusCode(200).extract().jsonPath(),
                j -> j.getString("data.state").equals("done"));
        assertEquals("bulk_redeliver", job.getString("data.kind"));
        assertEquals(5, job.getInt("data.matching"));
        assertEquals(5, job.getInt("data.done"));
        assertEquals(1, job.getInt("data.skipped"));
        await().atMost(Entries.PATIENCE).until(() -> receiver.requests("hook").size() == 8);
        String one = entries.stream().filter(e -> !e.flyoutUrl().equals("-")).findFirst().orElseThrow().logId();
        await().atMost(Entries.PATIENCE).until(() -> detail(one).getList("data.attempts.trigger", String.class),
                t -> t.equals(List.of("automatic", "bulk")));
        JsonPath audit = given().auth().oauth2(TestTokens.project(project, "logs:read")).get("/v1/audit")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("log.bulk_redeliver_job", audit.getString("data.records[0].action"));
        assertEquals(4, audit.getInt("data.records[0].count"));
        assertEquals(jobId, audit.getString("data.records[0].target.job_id"));
        assertEquals(1, audit.getInt("data.records[0].target.skipped"));
    }

    @Test
    void badBodiesAreRefusedAndSendNothing() {
        entries(1);
        String id = forwardedId();
        bulkRedeliver(writer(), "{\"log_ids\":[\"" + id + "\"],\"filter\":{\"status\":\"delivered\"}}")
                .statusCode(400).body("errors.parameter", hasItem("log_ids"));
        bulkRedeliver(writer(), "{\"filter\":{}}").statusCode(400).body("errors.parameter", hasItem("filter"));
        bulkRedeliver(writer(), "{\"filter\":{\"status\":\"bogus\"}}").statusCode(400)
                .body("errors.parameter", hasItem("filter.status"));
        bulkRedeliver(writer(), "{\"log_ids\":[\"12x\"]}").statusCode(400).body("errors.parameter", hasItem("log_ids[0]"));
        bulkRedeliver(writer(), "{\"log_ids\":[]}").statusCode(400);
        bulkRedeliver(writer(), "{\"log_ids\":[\"" + id + "\"],\"dry_run\":true}").statusCode(400)
                .body("errors.parameter", hasItem("dry_run"));
        bulkRedeliver(writer(), "{\"filter\":{\"fromDate\":\"2\",\"toDate\":\"1\"}}").statusCode(400);
        bulkRedeliver(writer(), "not json").statusCode(400).body("message", notNullValue());
        bulkRedeliver(writer(), "").statusCode(400);
        bulkRedeliver(TestTokens.project(project, "logs:read"), "{\"log_ids\":[\"" + id + "\"]}").statusCode(403);
        assertEquals(1, receiver.requests("hook").size(), "nothing sent again");
    }

    @Test
    void anotherProjectsEntriesAreNotFoundAndNotSent() {
        entries(1);
        String id = forwardedId();
        String other = Admin.createProject();
        bulkRedeliver(TestTokens.project(other, "logs:write"), "{\"log_ids\":[\"" + id + "\"]}")
                .statusCode(202).body("data.redelivered", equalTo(0)).body("data.not_found", equalTo(List.of(id)));
        bulkRedeliver(TestTokens.project(other, "logs:write"), "{\"filter\":{\"phoneNumberId\":\"" + phone + "\"},\"dry_run\":true}")
                .statusCode(200).body("data.matching", equalTo(0));
        assertEquals(1, receiver.requests("hook").size());
    }
}
