package io.sendzen.logs.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class WhatsAppWebhookTest {

    private static JsonPath logs(String projectId, String query) {
        return given().auth().oauth2(TestTokens.project(projectId, "logs:read"))
                .when().get("/v1/logs" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void handshakeEchoesTheChallengeAsPlainText() {
        String body = given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "test-verify-token")
                .queryParam("hub.challenge", "1158201444")
                .when().get("/v1/webhooks/whatsapp")
                .then().statusCode(200).contentType("text/plain").extract().asString();
        assertEquals("1158201444", body);
    }

    @Test
    void handshakeWithWrongVerifyTokenIsForbidden() {
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "wrong")
                .queryParam("hub.challenge", "1158201444")
                .when().get("/v1/webhooks/whatsapp")
                .then().statusCode(403).body("message", equalTo("Forbidden"));
    }

    @Test
    void handshakeWithAnotherModeIsForbidden() {
        given().queryParam("hub.mode", "unsubscribe").queryParam("hub.verify_token", "test-verify-token")
                .queryParam("hub.challenge", "1158201444")
                .when().get("/v1/webhooks/whatsapp")
                .then().statusCode(403).contentType("application/json").body("message", equalTo("Forbidden"));
    }

    @Test
    void handshakeWithoutVerifyTokenIsForbidden() {
        given().queryParam("hub.mode", "subscribe").queryParam("hub.challenge", "1158201444")
                .when().get("/v1/webhooks/whatsapp")
                .then().statusCode(403).contentType("application/json").body("message", equalTo("Forbidden"));
    }

    @Test
    void singleEventIsStoredByteForByte() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String body = Meta.singleStatus(phone, Meta.wamid(), "delivered");
        Meta.post(body).statusCode(200);
        JsonPath page = logs(project, "");
        assertEquals(1, page.getList("data.logs").size());
        assertEquals(body, page.getString("data.logs[0].payload"));
        assertEquals("Message Status", page.getString("data.logs[0].event_type"));
        assertEquals(phone, page.getString("data.logs[0].phone_number_id"));
        assertEquals(project, page.getString("data.logs[0].project_id"));
    }

    @Test
    void batchIsSplitIntoOneEntryPerEvent() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String s1 = Meta.status(Meta.wamid(), "sent", "111");
        String s2 = Meta.status(Meta.wamid(), "read", "222");
        String m1 = Meta.textMessage(Meta.wamid(), "333", "hola");
        String body = Meta.envelope("9001",
                Meta.messagesChange(phone, "\"statuses\":[" + s1 + "," + s2 + "]"),
                Meta.messagesChange(phone, "\"contacts\":[" + Meta.contact("333", "Ana") + "],\"messages\":[" + m1 + "]"));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(3));
        JsonPath page = logs(project, "");
        List<String> payloads = page.getList("data.logs.payload");
        assertEquals(3, payloads.size());
        String expectedFirst = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"9001\",\"changes\":[{\"value\":"
                + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15551234567\",\"phone_number_id\":\""
                + phone + "\"},\"statuses\":[" + s1 + "]},\"field\":\"messages\"}]}]}";
        assertEquals(expectedFirst, payloads.get(0));
        String expectedMessage = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"9001\",\"changes\":[{\"value\":"
                + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15551234567\",\"phone_number_id\":\""
                + phone + "\"},\"contacts\":[" + Meta.contact("333", "Ana") + "],\"messages\":[" + m1 + "]},\"field\":\"messages\"}]}]}";
        assertEquals(expectedMessage, payloads.get(2));
        assertEquals(List.of("Message Status", "Message Status", "Incoming Message"), page.getList("data.logs.event_type"));
    }

    @Test
    void wrongSignatureIsUnauthorizedAndNothingIsStored() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String body = Meta.singleStatus(phone, Meta.wamid(), "sent");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Meta.postSigned("not-the-secret", bytes, bytes).statusCode(401).body("message", equalTo("Unauthorized"));
        Meta.postUnsigned(body).statusCode(401);
        assertEquals(0, logs(project, "").getList("data.logs").size());
    }

    @Test
    void redeliveryIsAnsweredButNotStoredTwice() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String body = Meta.singleStatus(phone, Meta.wamid(), "read");
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(0)).body("data.redelivered", equalTo(1));
        given().auth().oauth2(TestTokens.project(project, "logs:read")).when().get("/v1/logs")
                .then().statusCode(200).body("data.logs", hasSize(1));
    }
}
