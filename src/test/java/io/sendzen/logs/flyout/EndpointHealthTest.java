package io.sendzen.logs.flyout;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sendzen.logs.flyout.Entries.Entry;
import io.sendzen.logs.flyout.Receiver.Answer;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each endpoint's health in the admin API: failed attempts since its last success and when that was; a 410 disables
 * it at once, failing for {@code sendzen.flyout.disable-after} (5 days) does too; what a disabled endpoint misses is
 * marked failed, and enabling it again offers the bulk redelivery of exactly that.
 */
@QuarkusTest
class EndpointHealthTest extends ReceiverFixture {

    private JsonPath endpoint(String webhookId) {
        return Admin.asAdmin().get("/v1/admin/projects/{p}/webhooks/{w}", project, webhookId)
                .then().statusCode(200).extract().jsonPath();
    }

    private List<Entry> awaitFailed(int count) {
        return await().atMost(Entries.PATIENCE).until(() -> Entries.of(project),
                all -> all.size() == count && all.stream().allMatch(e -> e.status().equals("failed")));
    }

    @Test
    void failuresInARowAndTheLastSuccessAreShown() {
        // 400 fails at once, without retries; then the endpoint recovers
        Admin.Endpoint hook = Admin.addWebhook(project, receiver.url("hook",
                Answer.of(400, "no"), Answer.of(400, "no"), Answer.of(400, "no"), Answer.of(200, "ok")));
        JsonPath fresh = endpoint(hook.id());
        assertEquals(0, fresh.getInt("health.consecutive_failures"));
        assertNull(fresh.get("health.last_success_at"));
        for (int i = 0; i < 3; i++) {
            Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
            int sent = i + 1;
            await().atMost(Entries.PATIENCE).until(() -> endpoint(hook.id()).getInt("health.consecutive_failures") == sent);
        }
        JsonPath failing = endpoint(hook.id());
        assertNotNull(failing.get("health.failing_since"));
        assertNull(failing.get("health.last_success_at"));
        assertTrue(failing.getBoolean("enabled"), "three failures do not disable it");

        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "read")).statusCode(200);
        JsonPath recovered = await().atMost(Entries.PATIENCE).until(() -> endpoint(hook.id()),
                e -> e.get("health.last_success_at") != null);
        assertEquals(0, recovered.getInt("health.consecutive_failures"));
        assertNull(recovered.get("health.failing_since"));
        assertNull(recovered.get("health.disabled_reason"));
    }

    @Test
    void goneDisablesAtOnceAndWhatItMissesIsMarkedNotDropped() {
        Admin.Endpoint hook = Admin.addWebhook(project, receiver.url("hook", Answer.of(410, "gone"), Answer.of(200, "back")));
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        JsonPath gone = await().atMost(Entries.PATIENCE).until(() -> endpoint(hook.id()), e -> !e.getBoolean("enabled"));
        assertEquals("gone", gone.getString("health.disabled_reason"));
        assertNotNull(gone.get("health.disabled_at"));

        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "read")).statusCode(200);
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "read")).statusCode(200);
        List<Entry> missed = awaitFailed(3);
        assertEquals(1, receiver.requests("hook").size(), "nothing sent to a disabled endpoint");
        long markedDisabled = missed.stream().filter(e -> "endpoint disabled".equals(e.response())).count();
        assertEquals(2, markedDisabled, "each entry it missed says why: " + missed);
    }

    @Test
    void enablingAgainOffersTheBulkRedeliveryOfWhatItMissed() {
        Admin.Endpoint hook = Admin.addWebhook(project, receiver.url("hook", Answer.of(410, "gone"), Answer.of(200, "back")));
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        await().atMost(Entries.PATIENCE).until(() -> !endpoint(hook.id()).getBoolean("enabled"));
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "read")).statusCode(200);
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "read")).statusCode(200);
        awaitFailed(3);

        JsonPath enabled = Admin.asAdmin("{\"enabled\":true}")
                .when().patch("/v1/admin/projects/{p}/webhooks/{w}", project, hook.id())
                .then().statusCode(200).extract().jsonPath();
        assertTrue(enabled.getBoolean("enabled"));
        assertNull(enabled.get("health.disabled_reason"));
        assertEquals("POST", enabled.getString("redeliver_missed.method"));
        assertEquals("/v1/logs/bulk-redeliver", enabled.getString("redeliver_missed.path"));
        Map<String, Object> filter = enabled.getMap("redeliver_missed.body.filter");
        assertEquals(hook.url(), filter.get("url"));
        assertEquals("failed", filter.get("flyoutStatus"));
        assertNull(endpoint(hook.id()).get("redeliver_missed"), "offered once, when enabled");

        String writer = TestTokens.project(project, "logs:write");
        String body = "{\"filter\":{\"url\":\"" + filter.get("url") + "\",\"flyoutStatus\":\"failed\",\"fromDate\":\""
                + filter.get("fromDate") + "\"}";
        given().auth().oauth2(writer).contentType("application/json").body(body + ",\"dry_run\":true}")
                .when().post("/v1/logs/bulk-redeliver")
                .then().statusCode(200).body("data.matching", org.hamcrest.Matchers.equalTo(2));
        given().auth().oauth2(writer).contentType("application/json").body(body + "}")
                .when().post("/v1/logs/bulk-redeliver").then().statusCode(202);
        await().atMost(Entries.PATIENCE).until(() -> receiver.requests("hook").size() == 3);
        await().atMost(Entries.PATIENCE).until(() -> Entries.of(project).stream()
                .filter(e -> e.status().equals("success")).count() == 2);
    }

    @Test
    void failingForFiveDaysWithoutASuccessDisables() throws SQLException {
        Admin.Endpoint hook = Admin.addWebhook(project, receiver.url("hook", Answer.of(400, "no")));
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        await().atMost(Entries.PATIENCE).until(() -> endpoint(hook.id()).getInt("health.consecutive_failures") == 1);
        // the streak began just under five days ago: one more failure does not disable it yet
        failingFor(hook.id(), "4 days 23 hours");
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        await().atMost(Entries.PATIENCE).until(() -> endpoint(hook.id()).getInt("health.consecutive_failures") == 2);
        assertTrue(endpoint(hook.id()).getBoolean("enabled"));
        failingFor(hook.id(), "5 days 1 minute");
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        JsonPath disabled = await().atMost(Entries.PATIENCE).until(() -> endpoint(hook.id()), e -> !e.getBoolean("enabled"));
        assertEquals("failing", disabled.getString("health.disabled_reason"));
        assertEquals(3, disabled.getInt("health.consecutive_failures"));

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("sendzen_flyout_endpoint_disabled_total{reason=\"failing\"}"))
                .body(containsString("sendzen_flyout_endpoint_consecutive_failures{webhook_id=\"" + hook.id() + "\"} 3.0"));
    }

    @Test
    void turnedOffByItsOwnerSaysSo() {
        Admin.Endpoint hook = Admin.addWebhook(project, receiver.url("hook"));
        JsonPath off = Admin.asAdmin("{\"enabled\":false}")
                .when().patch("/v1/admin/projects/{p}/webhooks/{w}", project, hook.id())
                .then().statusCode(200).extract().jsonPath();
        assertEquals("manual", off.getString("health.disabled_reason"));
        assertNull(off.get("redeliver_missed"));
    }

    /** Moves the start of the endpoint's failure streak back by {@code interval}. */
    private void failingFor(String webhookId, String interval) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "update webhook_endpoint set failing_since = now() - ?::interval where id = ?")) {
            s.setString(1, interval);
            s.setString(2, webhookId);
            assertEquals(1, s.executeUpdate());
        }
    }
}
