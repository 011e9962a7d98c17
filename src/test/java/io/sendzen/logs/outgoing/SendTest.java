package io.sendzen.logs.outgoing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sendzen.logs.shared.SendzenConfig;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/messages}: what goes to the Cloud API, what the client is answered, what is recorded. */
@QuarkusTest
class SendTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SendzenConfig config;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    @Test
    void aTextIsPostedToTheNumbersMessagesUrlWithItsTokenAsMetaTakesIt() {
        Sending s = Sending.withToken();

        s.sendText("Your order has shipped").then().statusCode(200);

        List<FakeCloudApi.Request> got = Sending.fake().requests(s.phone());
        assertEquals(1, got.size());
        assertEquals("v21.0", got.get(0).version());
        assertEquals("Bearer " + s.accessToken(), got.get(0).authorization());
        assertEquals(json("{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\""
                + Sending.CUSTOMER + "\",\"type\":\"text\",\"text\":{\"body\":\"Your order has shipped\"}}"),
                got.get(0).json());
    }

    @Test
    void metasAcceptanceIsAnsweredWithTheMessageIdAndTheLogId() {
        Sending s = Sending.withToken();

        JsonPath answer = s.sendText("hello").then().statusCode(200).extract().jsonPath();

        assertEquals("Message sent successfully", answer.getString("message"));
        assertTrue(answer.getString("data.message_id").startsWith("wamid."), answer.prettify());
        assertTrue(answer.getString("data.log_id").matches("[0-9]+"));
    }

    @Test
    void theDisplayPhoneNumberNamesTheSenderToo() {
        Sending s = Sending.withToken();

        s.send(Sending.text(s.display().replace(" ", ""), "hi")).then().statusCode(200);

        assertEquals(1, Sending.fake().requests(s.phone()).size());
    }

    @Test
    void theSendIsRecordedAsAnOutgoingEntryWithTheRequestAsSent() {
        Sending s = Sending.withToken();
        String logId = s.sendText("recorded").then().statusCode(200).extract().path("data.log_id");

        JsonNode logs = json(s.reader().queryParam("eventTypes", "Outgoing Message").when().get("/v1/logs")
                .then().statusCode(200).extract().asString()).path("data").path("logs");

        assertEquals(1, logs.size());
        JsonNode entry = logs.get(0);
        assertEquals(logId, entry.path("log_id").asText());
        assertEquals("Outgoing Message", entry.path("event_type").asText());
        assertEquals(2, entry.path("direction").asInt());
        assertEquals(s.phone(), entry.path("phone_number_id").asText());
        assertEquals(200, entry.path("api_response_code").asInt());
        assertEquals(List.of("-", "-", "0", "-"), List.of(entry.path("flyout_delivery_status").asText(),
                entry.path("flyout_delivery_response").asText(), entry.path("flyout_delivery_response_code").asText(),
                entry.path("flyout_url").asText()));
        assertEquals(Sending.fake().requests(s.phone()).get(0).json(), json(entry.path("payload").asText()));
    }

    @Test
    void sendsCommittedTogetherEachGetTheirOwnRecord() throws Exception {
        Sending s = Sending.withToken();
        s.sendText("warm").then().statusCode(200); // the number in memory: the rest take the event loop's path
        int sends = 30;
        ExecutorService clients = Executors.newFixedThreadPool(sends);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < sends; i++) {
                String text = "together-" + i;
                answers.add(clients.submit(() -> json(s.sendText(text).then().statusCode(200).extract().asString())));
            }
            Set<String> logIds = new HashSet<>();
            for (int i = 0; i < sends; i++) {
                JsonNode data = answers.get(i).get().path("data");
                String logId = data.path("log_id").asText();
                assertTrue(logIds.add(logId), "log id " + logId + " answered twice");
                JsonNode entry = json(s.detail(logId).then().statusCode(200).extract().asString()).path("data");
                // the record of this send, with Meta's answer to it, under the log id this send was given
                assertEquals("together-" + i, json(entry.path("log").path("payload").asText()).path("text").path("body").asText());
                assertEquals(data.path("message_id").asText(), entry.path("event").path("message_id").asText());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void theTokenIsInNoAnswerAndNotInTheRecord() {
        Sending s = Sending.withToken();
        Sending.fake().script(s.phone(), FakeCloudApi.error(401, 190, "Error validating access token", "expired"));
        String answer = s.sendText("secret?").asString();
        String logId = JSON.valueToTree(json(answer)).path("data").path("log_id").asText();

        String page = s.reader().when().get("/v1/logs").asString();
        String detail = s.detail(logId).asString();

        for (String text : List.of(answer, page, detail)) {
            assertFalse(text.contains(s.accessToken()), text);
            assertFalse(text.contains("ZZsecretZZ"), text);
        }
    }

    @Test
    void theDetailShowsMetasAnswerAndTheTags() {
        Sending s = Sending.withToken();
        String logId = s.send("{\"from\":\"" + s.phone() + "\",\"to\":\"" + Sending.CUSTOMER + "\",\"type\":\"text\","
                + "\"text\":{\"body\":\"tagged\"},\"tags\":{\"category\":\"Marketing Campaign\",\"name\":\"Black Friday\","
                + "\"recipient_type\":\"Leads\"}}").then().statusCode(200).extract().path("data.log_id");

        JsonNode data = json(s.detail(logId).then().statusCode(200).extract().asString()).path("data");

        assertEquals("whatsapp", data.path("api_response").path("messaging_product").asText());
        assertEquals(json("{\"category\":\"Marketing Campaign\",\"name\":\"Black Friday\",\"recipient_type\":\"Leads\"}"),
                data.path("tags"));
        assertEquals("text", data.path("event").path("type").asText());
        assertEquals(Sending.CUSTOMER, data.path("event").path("wa_id").asText());
        assertTrue(data.path("delivery").isNull());
    }

    @Test
    void aSendZenTemplateIsSentWithItsLanguageAsMetaNamesIt() {
        Sending s = Sending.withToken();

        s.send("{\"from\":\"" + s.phone() + "\",\"to\":\"" + Sending.CUSTOMER + "\",\"type\":\"template\","
                + "\"template\":{\"name\":\"order_update\",\"lang_code\":\"en_US\",\"components\":[{\"type\":\"body\","
                + "\"parameters\":[{\"type\":\"text\",\"text\":\"4711\"}]}]}}").then().statusCode(200);

        JsonNode template = Sending.fake().requests(s.phone()).get(0).json().path("template");
        assertEquals(json("{\"name\":\"order_update\",\"language\":{\"code\":\"en_US\"},\"components\":[{\"type\":"
                + "\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"4711\"}]}]}"), template);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "image", "video", "audio", "document", "sticker", "location", "contacts",
            "interactive", "reaction"})
    void everyMessageTypeIsPassedToMetaAsGiven(String type) {
        Sending s = Sending.withToken();
        String content = "{\"link\":\"https://example.com/x\",\"nested\":{\"kept\":[1,2]}}";

        s.send("{\"from\":\"" + s.phone() + "\",\"to\":\"" + Sending.CUSTOMER + "\",\"type\":\"" + type + "\",\""
                + type + "\":" + content + "}").then().statusCode(200);

        JsonNode sent = Sending.fake().requests(s.phone()).get(0).json();
        assertEquals(type, sent.path("type").asText());
        assertEquals(json(content), sent.path(type));
    }

    @Test
    void aSendWithAnIdempotencyKeyIsAnsweredAgainWithoutASecondSend() {
        Sending s = Sending.withToken();
        String key = "order-" + s.phone();

        String first = s.sender().header("Idempotency-Key", key).body(Sending.text(s.phone(), "once"))
                .when().post("/v1/messages").then().statusCode(200).extract().asString();
        String again = s.sender().header("Idempotency-Key", key).body(Sending.text(s.phone(), "once"))
                .when().post("/v1/messages").then().statusCode(200).extract().asString();

        assertEquals(first, again);
        assertEquals(1, Sending.fake().requests(s.phone()).size());
    }

    @Test
    void aMetaErrorIsAlsoAnsweredAgainForItsKey() {
        Sending s = Sending.withToken();
        Sending.fake().script(s.phone(), FakeCloudApi.error(400, 131009, "(#131009) Parameter value is not valid",
                "bad"), FakeCloudApi.accepted());

        Response first = s.sender().header("Idempotency-Key", "k1").body(Sending.text(s.phone(), "x")).post("/v1/messages");
        Response again = s.sender().header("Idempotency-Key", "k1").body(Sending.text(s.phone(), "x")).post("/v1/messages");

        assertEquals(400, first.statusCode());
        assertEquals(400, again.statusCode());
        assertEquals(first.asString(), again.asString());
        assertEquals(1, Sending.fake().requests(s.phone()).size());
    }

    @Test
    void aKeyUsedForAnotherBodyIsAConflictAndSendsNothing() {
        Sending s = Sending.withToken();
        s.sender().header("Idempotency-Key", "k2").body(Sending.text(s.phone(), "one")).post("/v1/messages")
                .then().statusCode(200);

        s.sender().header("Idempotency-Key", "k2").body(Sending.text(s.phone(), "two")).post("/v1/messages")
                .then().statusCode(409).body("errors[0].parameter", org.hamcrest.Matchers.equalTo("Idempotency-Key"));

        assertEquals(1, Sending.fake().requests(s.phone()).size());
    }

    @Test
    void aKeyLeftUnansweredByAStoppedInstanceIsClaimedAfreshOnceItsSendCannotStillBeUnderWay() throws Exception {
        Sending s = Sending.withToken();
        String key = "left-" + s.phone();
        s.sender().header("Idempotency-Key", key).body(Sending.text(s.phone(), "left")).post("/v1/messages")
                .then().statusCode(200);
        Duration abandoned = IdempotencyKeys.abandonedAfter(config.cloudApi().timeout());

        // what an instance stopped between claiming the key and keeping Meta's answer leaves behind
        leaveUnanswered(s.project(), key, abandoned.minusSeconds(10));
        s.sender().header("Idempotency-Key", key).body(Sending.text(s.phone(), "left")).post("/v1/messages")
                .then().statusCode(409).body("errors[0].parameter", org.hamcrest.Matchers.equalTo("Idempotency-Key"));
        assertEquals(1, Sending.fake().requests(s.phone()).size(), "a send that may still be under way is not repeated");

        leaveUnanswered(s.project(), key, abandoned.plusSeconds(5));
        String taken = s.sender().header("Idempotency-Key", key).body(Sending.text(s.phone(), "left"))
                .post("/v1/messages").then().statusCode(200).extract().asString();
        assertEquals(2, Sending.fake().requests(s.phone()).size(), "the abandoned key was claimed afresh and sent");
        String again = s.sender().header("Idempotency-Key", key).body(Sending.text(s.phone(), "left"))
                .post("/v1/messages").then().statusCode(200).extract().asString();
        assertEquals(taken, again, "the new claim keeps its answer as any other");
        assertEquals(2, Sending.fake().requests(s.phone()).size());
    }

    private void leaveUnanswered(String project, String key, Duration claimedAgo) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement("""
                update send_request set status = null, body = null, created_at = now() - make_interval(secs => ?)
                where project_id = ? and idempotency_key = ?
                """)) {
            update.setLong(1, claimedAgo.toSeconds());
            update.setString(2, project);
            update.setString(3, key);
            assertEquals(1, update.executeUpdate());
        }
    }

    @Test
    void concurrentRepeatsOfAKeySendOnce() throws Exception {
        Sending s = Sending.withToken();
        Sending.fake().script(s.phone(), FakeCloudApi.slow(500, FakeCloudApi.accepted()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(pool.submit(() -> s.sender().header("Idempotency-Key", "race")
                        .body(Sending.text(s.phone(), "race")).post("/v1/messages").statusCode()));
            }
            int ok = 0;
            for (java.util.concurrent.Future<Integer> status : statuses) {
                int code = status.get();
                assertTrue(code == 200 || code == 409, "status " + code);
                ok += code == 200 ? 1 : 0;
            }
            assertTrue(ok >= 1);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Sending.fake().requests(s.phone()).size());
    }
}
