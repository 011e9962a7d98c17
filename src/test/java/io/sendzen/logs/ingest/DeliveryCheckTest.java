package io.sendzen.logs.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.sendzen.logs.support.Meta.CUSTOMER;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the endpoint accepts before storing: the signature over the raw bytes, the size limit, JSON at all. */
@QuarkusTest
class DeliveryCheckTest {

    private static final int MAX_BODY_BYTES = 4_194_304;
    private static final String ROTATED_SECRET = "rotated-app-secret";

    @Inject
    LogTable table;

    /** A valid one-status delivery padded, inside the status, to exactly {@code size} bytes. */
    private static byte[] deliveryOfSize(String phone, int size) {
        String template = Meta.statuses("1201", phone, "{\"id\":\"" + Meta.wamid() + "\",\"status\":\"sent\","
                + "\"timestamp\":\"1704067200\",\"recipient_id\":\"" + CUSTOMER + "\",\"biz_opaque_callback_data\":\"#\"}");
        int padding = size - (template.length() - 1);
        byte[] body = template.replace("#", "x".repeat(padding)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(size, body.length);
        return body;
    }

    @Test
    void bodyExactlyAtTheSizeLimitIsAccepted() throws Exception {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        HttpResponse<String> response = Meta.postLarge(deliveryOfSize(phone, MAX_BODY_BYTES));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, JsonPath.from(response.body()).getInt("data.stored"));
        assertEquals(MAX_BODY_BYTES, table.payloadBytes(phone));
    }

    @Test
    void bodyOneByteOverTheSizeLimitIsPayloadTooLarge() throws Exception {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        HttpResponse<String> response = Meta.postLarge(deliveryOfSize(phone, MAX_BODY_BYTES + 1));
        assertEquals(413, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        Map<?, ?> envelope = new ObjectMapper().readValue(response.body(), Map.class);
        assertEquals("Payload too large", envelope.get("message"));
        assertTrue(envelope.containsKey("data") && envelope.get("data") == null, response.body());
        assertEquals(List.of(), table.byPhoneNumber(phone));
    }

    @Test
    void signatureOverReserialisedJsonIsRefused() throws Exception {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String original = Meta.incoming("1202", phone, Meta.textMessage(Meta.wamid(), CUSTOMER,
                "Caf\\u00e9 \\ud83d\\ude00 https:\\/\\/example.com\\/a user@example.com"), CUSTOMER);
        ObjectMapper mapper = new ObjectMapper();
        byte[] reserialised = mapper.writeValueAsBytes(mapper.readValue(original, Map.class));
        byte[] sent = original.getBytes(StandardCharsets.UTF_8);
        assertNotEquals(new String(sent, StandardCharsets.UTF_8), new String(reserialised, StandardCharsets.UTF_8));
        Meta.postSigned(Meta.APP_SECRET, reserialised, sent)
                .statusCode(401).contentType("application/json").body("message", equalTo("Unauthorized"));
        assertEquals(List.of(), table.byPhoneNumber(phone));
    }

    @Test
    void signatureWithTheRotatedSecretIsAccepted() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        byte[] body = Meta.singleStatus(phone, Meta.wamid(), "sent").getBytes(StandardCharsets.UTF_8);
        Meta.postSigned(ROTATED_SECRET, body, body).statusCode(200).body("data.stored", equalTo(1));
        assertEquals(1, table.byPhoneNumber(phone).size());
    }

    @Test
    void malformedSignatureHeaderIsRefused() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        byte[] body = Meta.singleStatus(phone, Meta.wamid(), "sent").getBytes(StandardCharsets.UTF_8);
        String hex = Meta.signature(Meta.APP_SECRET, body).substring("sha256=".length());
        for (String header : List.of(hex, "sha1=" + hex, "sha256=" + hex.substring(2), "sha256=" + hex + "00",
                "sha256=" + "zz" + hex.substring(2))) {
            Meta.postWithSignature(header, body).statusCode(401);
        }
        assertEquals(List.of(), table.byPhoneNumber(phone));
    }

    @Test
    void signedBodyThatIsNotJsonIsBadRequest() {
        for (String body : List.of("not json at all", "{\"object\":", "{\"a\":1} trailing", "")) {
            Meta.post(body).statusCode(400).contentType("application/json")
                    .body("message", equalTo("Invalid request parameters"))
                    .body("data", nullValue())
                    .body("errors.parameter", hasItem("body"));
        }
    }

    @Test
    void signedBodyThatIsNotUtf8IsBadRequest() {
        byte[] latin1 = "{\"text\":\"Caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        Meta.post(latin1).statusCode(400).body("message", equalTo("Invalid request parameters"));
    }

    @Test
    void topLevelArrayIsStoredAsUnroutedOther() {
        assertStoredAsUnroutedOther("[1,2," + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) + "]");
    }

    @Test
    void objectWithoutEntryIsStoredAsUnroutedOther() {
        assertStoredAsUnroutedOther("{\"foo\":" + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) + "}");
    }

    @Test
    void entryThatIsNotAListIsStoredAsUnroutedOther() {
        assertStoredAsUnroutedOther("{\"object\":\"whatsapp_business_account\",\"entry\":\""
                + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) + "\"}");
    }

    @Test
    void envelopeWithNoEntriesIsStoredAsUnroutedOther() {
        assertStoredAsUnroutedOther("{\"object\":\"whatsapp_business_account\",\"entry\":[],\"n\":"
                + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) + "}");
    }

    private void assertStoredAsUnroutedOther(String body) {
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        List<LogTable.Row> rows = table.byPayload(body);
        assertEquals(1, rows.size());
        assertEquals("Other", rows.get(0).eventType());
        assertEquals("", rows.get(0).projectId());
        assertEquals("-", rows.get(0).phoneNumberId());
        JsonPath page = LogsApi.unrouted("?eventTypes=Other&phoneNumberId=-&order=desc&pageSize=20");
        List<String> payloads = page.getList("data.logs.payload");
        assertTrue(payloads.contains(body), "unrouted entries should show " + body);
        int index = payloads.indexOf(body);
        assertEquals("-", page.getString("data.logs[" + index + "].project_id"));
        assertEquals("Other", page.getString("data.logs[" + index + "].event_type"));
    }

    @Test
    void unsignedBodyIsNotStored() {
        String body = "{\"foo\":\"unsigned-" + ThreadLocalRandom.current().nextLong() + "\"}";
        Meta.postUnsigned(body).statusCode(401).body("message", equalTo("Unauthorized"));
        assertEquals(List.of(), table.byPayload(body));
    }
}
