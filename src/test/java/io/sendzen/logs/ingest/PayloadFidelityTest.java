package io.sendzen.logs.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.support.Meta.CUSTOMER;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Meta signs exactly the bytes it sends; what is stored keeps them: escapes, raw UTF-8, spacing and key order. */
@QuarkusTest
class PayloadFidelityTest {

    /** Escaped as Meta escapes: accents and emoji as \\u escapes (a surrogate pair for the emoji), '/' as '\/'. */
    private static final String ESCAPED_TEXT = "Caf\\u00e9 cr\\u00e8me \\ud83d\\ude00 https:\\/\\/example.com\\/menu"
            + " \\\"quoted\\\" back\\\\slash tab\\there user@example.com";

    @Inject
    LogTable table;

    private static String textMessage(String wamid, String text) {
        return Meta.textMessage(wamid, CUSTOMER, text);
    }

    @Test
    void escapesOfASingleEventSurviveByteForByte() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String body = Meta.incoming("1101", phone, textMessage(Meta.wamid(), ESCAPED_TEXT), CUSTOMER);
        Meta.post(body).statusCode(200);
        assertEquals(body, table.byPhoneNumber(phone).get(0).payload());
        JsonPath page = LogsApi.projectLogs(project, "");
        assertEquals(body, page.getString("data.logs[0].payload"));
    }

    @Test
    void rawUtf8EmojiAndAccentsSurviveByteForByte() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String body = Meta.incoming("1102", phone,
                textMessage(Meta.wamid(), "Caf\u00e9 \uD83D\uDE00 \uD83C\uDDEA\uD83C\uDDF8 \u4F60\u597D"), CUSTOMER);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Meta.post(bytes).statusCode(200);
        assertArrayEquals(bytes, table.byPhoneNumber(phone).get(0).payload().getBytes(StandardCharsets.UTF_8));
        assertEquals(body, LogsApi.projectLogs(project, "").getString("data.logs[0].payload"));
    }

    @Test
    void escapesSurviveInEachEventOfASplitBatch() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String first = textMessage(Meta.wamid(), ESCAPED_TEXT);
        String second = textMessage(Meta.wamid(), "\uD83D\uDE00 raw and escaped \\ud83d\\ude00 \\/");
        String contacts = "\"contacts\":[" + Meta.contact(CUSTOMER, "Jos\\u00e9") + "]";
        String body = Meta.envelope("1103", Meta.messagesChange(phone,
                contacts + ",\"messages\":[" + first + "," + second + "]"));
        Meta.post(body.getBytes(StandardCharsets.UTF_8)).statusCode(200).body("data.stored", equalTo(2));
        List<String> payloads = table.byPhoneNumber(phone).stream().map(LogTable.Row::payload).toList();
        assertEquals(List.of(
                Meta.envelope("1103", Meta.messagesChange(phone, contacts + ",\"messages\":[" + first + "]")),
                Meta.envelope("1103", Meta.messagesChange(phone, contacts + ",\"messages\":[" + second + "]"))), payloads);
    }

    @Test
    void spacingAndKeyOrderOfASingleEventSurvive() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String wamid = Meta.wamid();
        String body = "{\n  \"entry\" : [ {\n    \"changes\" : [ {\n      \"field\" : \"messages\",\n"
                + "      \"value\" : {\n        \"statuses\" : [ { \"status\" : \"read\", \"id\" : \"" + wamid + "\","
                + " \"recipient_id\" : \"" + CUSTOMER + "\", \"timestamp\" : \"1704067200\" } ],\n"
                + "        \"metadata\" : { \"phone_number_id\" : \"" + phone + "\", \"display_phone_number\" : \"15551234567\" },\n"
                + "        \"messaging_product\" : \"whatsapp\"\n      }\n    } ],\n    \"id\" : \"1104\"\n  } ],\n"
                + "  \"object\" : \"whatsapp_business_account\"\n}\n";
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        LogTable.Row row = table.byMessageId(wamid).get(0);
        assertEquals(body, row.payload());
        assertEquals("read", row.waStatus());
    }

    @Test
    void splitEventsKeepTheKeyOrderAndTimeOfTheEnvelope() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String s1 = Meta.documentedStatus(Meta.wamid(), "sent", CUSTOMER);
        String s2 = Meta.documentedStatus(Meta.wamid(), "delivered", CUSTOMER);
        String value = "{\"statuses\":[%s],\"metadata\":{\"phone_number_id\":\"" + phone + "\"},\"messaging_product\":\"whatsapp\"}";
        String body = "{\"entry\":[{\"time\":1704067200,\"changes\":[{\"field\":\"messages\",\"value\":"
                + value.formatted(s1 + "," + s2) + "}],\"id\":\"1105\"}],\"object\":\"whatsapp_business_account\"}";
        Meta.post(body).statusCode(200).body("data.stored", equalTo(2));
        List<String> payloads = table.byPhoneNumber(phone).stream().map(LogTable.Row::payload).toList();
        assertEquals(body.replace(s1 + "," + s2, s1), payloads.get(0));
        assertEquals(body.replace(s1 + "," + s2, s2), payloads.get(1));
    }

    @Test
    void escapedSlashInAMessageIdIsStoredDecoded() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String wamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgA\\/GBJDQjZCMzlE+QUE4OTJBMTE4RTUA";
        String decoded = wamid.replace("\\/", "/");
        Meta.post(Meta.statuses("1106", phone, Meta.documentedStatus(wamid, "read", CUSTOMER))).statusCode(200);
        assertEquals(1, table.byMessageId(decoded).size());
        given().auth().oauth2(TestTokens.project(project, "logs:read")).queryParam("messageId", decoded)
                .when().get("/v1/logs")
                .then().statusCode(200).body("data.logs", hasSize(1));
    }

    @Test
    void nulEscapeInsideAnIdentifierDoesNotKeepTheEventFromBeingStored() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String body = Meta.statuses("1107", phone, Meta.documentedStatus("wamid.with\\u0000nul", "read", CUSTOMER + "\\u0000"));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        LogTable.Row row = table.byPhoneNumber(phone).get(0);
        assertEquals(body, row.payload());
        assertEquals("wamid.withnul", row.messageId());
    }
}
