package io.sendzen.logs.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /v1/messages/{wamid}}: a message's statuses, posted as Meta delivers them, come back in its order. */
@QuarkusTest
class MessageTimelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WABA = "102290129340398";
    private static final long T = 1704067200L;

    private static String project;
    private static String phone;

    @BeforeEach
    void projectWithAPhoneNumber() {
        if (project == null) {
            project = Admin.createProject();
            phone = Admin.addPhoneNumber(project);
        }
    }

    private static String status(String wamid, String status, long timestamp) {
        return "{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + timestamp
                + "\",\"recipient_id\":\"" + Meta.CUSTOMER + "\"}";
    }

    /** Each status in a delivery of its own, in the order given. */
    private static void deliver(String phoneNumberId, String... statuses) {
        for (String status : statuses) {
            Meta.post(Meta.statuses(WABA, phoneNumberId, status)).statusCode(200);
        }
    }

    static Response get(String projectId, String wamid) {
        return given().urlEncodingEnabled(false).auth().oauth2(TestTokens.project(projectId, Scopes.LOGS_READ))
                .when().get("/v1/messages/" + wamid);
    }

    private static JsonNode message(String wamid) {
        Response response = get(project, wamid);
        assertEquals(200, response.statusCode(), response::asString);
        try {
            JsonNode body = JSON.readTree(response.asString());
            assertEquals("Message retrieved successfully", body.get("message").asText());
            return body.get("data");
        } catch (Exception e) {
            throw new AssertionError(response.asString(), e);
        }
    }

    private static List<String> statuses(JsonNode data) {
        List<String> statuses = new ArrayList<>();
        data.get("statuses").forEach(s -> statuses.add(s.get("status").asText()));
        return statuses;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static String problemParameter(Response response) {
        assertEquals(400, response.statusCode(), response::asString);
        return response.jsonPath().getString("errors[0].parameter");
    }

    @Test
    void statusesPostedOutOfOrderComeBackInMetasOrder() {
        String wamid = Meta.wamid();
        deliver(phone, status(wamid, "read", T + 60), status(wamid, "sent", T), status(wamid, "delivered", T + 2));
        JsonNode data = message(wamid);
        assertEquals(List.of("sent", "delivered", "read"), statuses(data));
        List<Long> timestamps = new ArrayList<>();
        data.get("statuses").forEach(s -> timestamps.add(s.get("timestamp").asLong()));
        assertEquals(List.of(T, T + 2, T + 60), timestamps);
    }

    @Test
    void latestStatusIsTheLastInMetasOrderNotTheLastReceived() {
        String wamid = Meta.wamid();
        deliver(phone, status(wamid, "delivered", T + 5), status(wamid, "sent", T));
        assertEquals("delivered", message(wamid).get("latest_status").asText());
    }

    @Test
    void statusesOfTheSameSecondAreOrderedByRank() {
        String wamid = Meta.wamid();
        deliver(phone, status(wamid, "read", T), status(wamid, "delivered", T), status(wamid, "sent", T));
        JsonNode data = message(wamid);
        assertEquals(List.of("sent", "delivered", "read"), statuses(data));
        assertEquals("read", data.get("latest_status").asText());
    }

    @Test
    void failedIsTerminalWhateverItsTimestamp() {
        String wamid = Meta.wamid();
        deliver(phone, Meta.failedStatus(wamid, Meta.CUSTOMER, 131047), status(wamid, "sent", T + 500));
        JsonNode data = message(wamid);
        assertEquals(List.of("sent", "failed"), statuses(data));
        assertEquals("failed", data.get("latest_status").asText());
    }

    @Test
    void aFailedMessageCarriesMetasErrors() {
        String wamid = Meta.wamid();
        deliver(phone, status(wamid, "sent", T), Meta.failedStatus(wamid, Meta.CUSTOMER, 131047));
        JsonNode errors = message(wamid).get("errors");
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(131047, errors.get(0).get("code").asInt());
        assertEquals("Re-engagement message", errors.get(0).get("title").asText());
        assertEquals("Message failed to send because more than 24 hours have passed.",
                errors.get(0).get("details").asText());
    }

    @Test
    void eachStatusNamesItsEntryAndWhenItWasReceived() {
        String wamid = Meta.wamid();
        deliver(phone, status(wamid, "delivered", T + 2), status(wamid, "sent", T));
        JsonNode data = message(wamid);
        List<String> entries = texts(data.get("entries"));
        assertEquals(2, entries.size());
        assertEquals(List.of(entries.get(1), entries.get(0)),
                List.of(data.get("statuses").get(0).get("log_id").asText(),
                        data.get("statuses").get(1).get("log_id").asText()));
        for (JsonNode status : data.get("statuses")) {
            assertTrue(status.get("received_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z"),
                    status::toString);
        }
    }

    @Test
    void anOutgoingMessageNamesItsPhoneNumberAndCustomer() {
        String wamid = Meta.wamid();
        deliver(phone, status(wamid, "sent", T));
        JsonNode data = message(wamid);
        assertEquals(wamid, data.get("message_id").asText());
        assertEquals(phone, data.get("phone_number_id").asText());
        assertEquals(Meta.CUSTOMER, data.get("wa_id").asText());
        assertEquals("outgoing", data.get("direction").asText());
    }

    @Test
    void anIncomingMessageIsIncomingWithNoStatus() {
        String wamid = Meta.wamid();
        Meta.post(Meta.incoming(WABA, phone, Meta.textMessage(wamid, "16505550001", "Hi"), "16505550001"))
                .statusCode(200);
        JsonNode data = message(wamid);
        assertEquals("incoming", data.get("direction").asText());
        assertEquals("16505550001", data.get("wa_id").asText());
        assertTrue(data.get("latest_status").isNull(), data::toString);
        assertEquals(0, data.get("statuses").size());
        assertEquals(1, data.get("entries").size());
    }

    @Test
    void aStatusStoredForSeveralEndpointsCountsOnce() {
        String fannedOut = Admin.createProject();
        String fannedOutPhone = Admin.addPhoneNumber(fannedOut);
        Admin.addWebhook(fannedOut, "http://127.0.0.1:9/first");
        Admin.addWebhook(fannedOut, "http://127.0.0.1:9/second");
        String wamid = Meta.wamid();
        deliver(fannedOutPhone, status(wamid, "sent", T), status(wamid, "delivered", T + 1));
        Response response = get(fannedOut, wamid);
        assertEquals(200, response.statusCode(), response::asString);
        assertEquals(List.of("sent", "delivered"), response.jsonPath().getList("data.statuses.status"));
        assertEquals(4, response.jsonPath().getList("data.entries").size());
    }

    @Test
    void anUnknownMessageIsNotFound() {
        Response response = get(project, Meta.wamid());
        assertEquals(404, response.statusCode());
        assertEquals("{\"message\":\"Not found\",\"data\":null}", response.asString());
    }

    @Test
    void anotherProjectsMessageIsNotFound() {
        String wamid = Meta.wamid();
        deliver(phone, status(wamid, "sent", T));
        Response response = get(Admin.createProject(), wamid);
        assertEquals(404, response.statusCode());
        assertEquals("{\"message\":\"Not found\",\"data\":null}", response.asString());
    }

    @Test
    void anIdLongerThan256CharactersIsRejected() {
        assertEquals("wamid", problemParameter(get(project, "wamid." + "A".repeat(251))));
    }

    @Test
    void anIdOf256CharactersIsLookedUp() {
        assertEquals(404, get(project, "wamid." + "A".repeat(250)).statusCode());
    }

    @Test
    void anIdWithAControlCharacterIsRejected() {
        for (String id : new String[]{"wamid.%01A", "wamid.%0A", "wamid.%1F", "wamid.%7F"}) {
            assertEquals("wamid", problemParameter(get(project, id)), id);
        }
    }

    @Test
    void aBlankIdIsRejected() {
        assertEquals("wamid", problemParameter(get(project, "%20%20")));
    }

    @Test
    void anIdWithANulCharacterIsRejectedBeforeAnyLookUp() {
        assertEquals("path", problemParameter(get(project, "wamid.%00")));
    }

    @Test
    void anIdWithAnEncodedSlashIsLookedUpWhole() {
        String wamid = "wamid.HBgLMTY1/MDUw+NzY1MjA=";
        deliver(phone, status(wamid, "sent", T));
        Response response = get(project, "wamid.HBgLMTY1%2FMDUw%2BNzY1MjA%3D");
        assertEquals(200, response.statusCode(), response::asString);
        assertEquals(wamid, response.jsonPath().getString("data.message_id"));
    }

    @Test
    void aTokenWithoutLogsReadIsForbidden() {
        Response response = given().auth().oauth2(TestTokens.project(project, Scopes.LOGS_WRITE))
                .when().get("/v1/messages/" + Meta.wamid());
        assertEquals(403, response.statusCode());
    }
}
