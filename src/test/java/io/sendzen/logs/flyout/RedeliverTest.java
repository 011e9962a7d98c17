package io.sendzen.logs.flyout;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.sendzen.logs.flyout.Entries.Entry;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class RedeliverTest extends ReceiverFixture {

    private static ValidatableResponse redeliver(String token, String logId) {
        return given().auth().oauth2(token).when().post("/v1/logs/" + logId + "/redeliver").then();
    }

    private Entry forwarded() {
        Admin.addWebhook(project, receiver.url("hook"));
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        return Entries.awaitStatus(project, "success");
    }

    @Test
    void redeliverIsAcceptedAndSendsTheEntryAgain() {
        Entry entry = forwarded();
        redeliver(TestTokens.project(project, "logs:write"), entry.logId())
                .statusCode(202).body("data.log_id", equalTo(entry.logId()));
        List<Receiver.Request> requests = await().atMost(Entries.PATIENCE)
                .until(() -> receiver.requests("hook"), r -> r.size() == 2);
        assertEquals(2, requests.size());
        assertEquals(entry.logId(), requests.get(1).header("webhook-id"));
        assertEquals(entry.payload(), requests.get(1).bodyText());
        Entries.awaitStatus(project, "success");
    }

    @Test
    void redeliveryOfAFailedEntryCanSucceed() {
        // a 400 fails at once (a 410 would also disable the endpoint, see FaultMatrixTest)
        Admin.addWebhook(project, receiver.url("hook", Receiver.Answer.of(400, "not now"), Receiver.Answer.of(200, "back")));
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        Entry failed = Entries.awaitStatus(project, "failed");
        redeliver(TestTokens.project(project, "logs:write"), failed.logId()).statusCode(202);
        Entry entry = Entries.awaitStatus(project, "success");
        assertEquals("back", entry.response());
        assertEquals(2, Attempts.of(dataSource, project, entry.logId()).size());
    }

    @Test
    void unknownLogIdIsNotFound() {
        redeliver(TestTokens.project(project, "logs:write"), "987654321987").statusCode(404).body("message", equalTo("Not found"));
    }

    @Test
    void logIdOfAnotherProjectIsNotFound() {
        Entry entry = forwarded();
        String other = Admin.createProject();
        redeliver(TestTokens.project(other, "logs:write"), entry.logId()).statusCode(404).body("message", equalTo("Not found"));
        assertEquals(1, receiver.requests("hook").size());
    }

    @Test
    void readOnlyTokenIsForbidden() {
        Entry entry = forwarded();
        redeliver(TestTokens.project(project, "logs:read"), entry.logId()).statusCode(403).body("message", equalTo("Forbidden"));
        assertEquals(1, receiver.requests("hook").size());
    }

    @Test
    void entryWithNoEndpointIsAConflict() {
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        Entry entry = Entries.only(project);
        redeliver(TestTokens.project(project, "logs:write"), entry.logId())
                .statusCode(409).body("message", equalTo("Conflict")).body("errors[0].parameter", equalTo("log_id"));
    }
}
