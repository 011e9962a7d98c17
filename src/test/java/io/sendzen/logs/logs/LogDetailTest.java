package io.sendzen.logs.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.logs.LogsApi.json;
import static io.sendzen.logs.logs.LogsApi.page;
import static io.sendzen.logs.logs.LogsApi.reader;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class LogDetailTest {

    private static final String ISO_7 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{7}Z";
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    @Inject
    AgroalDataSource dataSource;

    private String project;
    private String phone;
    private HttpServer receiver;
    private final List<Integer> answers = new CopyOnWriteArrayList<>();
    private final AtomicInteger received = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        project = Admin.createProject();
        phone = Admin.addPhoneNumber(project);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                int n = received.getAndIncrement();
                int status = answers.isEmpty() ? 200 : answers.get(Math.min(n, answers.size() - 1));
                byte[] body = ("answer " + (n + 1)).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String hook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private static Response getDetail(String bearer, String path) {
        return given().urlEncodingEnabled(false).auth().oauth2(bearer).when().get(path);
    }

    private JsonNode detail(String logId) {
        Response response = getDetail(reader(project), "/v1/logs/" + logId);
        assertEquals(200, response.statusCode(), response::asString);
        JsonNode body = json(response.asString());
        assertEquals("Log entry retrieved successfully", body.path("message").asText());
        return body.path("data");
    }

    private List<JsonNode> entries() {
        List<JsonNode> list = new ArrayList<>();
        page(reader(project), "").path("data").path("logs").forEach(list::add);
        return list;
    }

    private JsonNode only() {
        List<JsonNode> list = entries();
        assertEquals(1, list.size());
        return list.get(0);
    }

    private String post(String body) {
        Meta.post(body).statusCode(200);
        return only().path("log_id").asText();
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Three statuses in one POST, with whitespace and escapes no serializer would write. */
    private String oddDelivery() {
        String body = Meta.statuses("102290129340398", phone,
                Meta.status(Meta.wamid(), "sent", Meta.CUSTOMER),
                Meta.status(Meta.wamid(), "delivered", Meta.CUSTOMER),
                Meta.status(Meta.wamid(), "read", Meta.CUSTOMER));
        return body.replace("{\"object\":", "{ \"object\" :\r\n\t")
                .replace("\"messaging_product\":\"whatsapp\"",
                        "\"messaging_product\" : \"whatsapp\" , \"note\":\"caf\\u00e9 \\ud83d\\ude00 \\/ \u00e9\"")
                + "\n  ";
    }

    @Test
    void statusWithPricingShowsItsFields() {
        String wamid = Meta.wamid();
        JsonNode event = detail(post(Meta.statuses("102290129340398", phone,
                Meta.documentedStatus(wamid, "sent", Meta.CUSTOMER)))).path("event");
        assertEquals("102290129340398", event.path("waba_id").asText());
        assertEquals("15551234567", event.path("display_phone_number").asText());
        assertEquals(wamid, event.path("message_id").asText());
        assertEquals("sent", event.path("status").asText());
        assertEquals(Meta.CUSTOMER, event.path("wa_id").asText());
        assertEquals(Long.parseLong(Meta.TIMESTAMP), event.path("timestamp").asLong());
        assertTrue(event.path("timestamp").isIntegralNumber());
        assertEquals("utility", event.path("pricing").path("category").asText());
        assertTrue(event.path("pricing").path("billable").asBoolean());
        assertEquals("c0b9c6bd1e8b4e6f8e7a0c1b2d3e4f5a", event.path("conversation").path("id").asText());
        assertEquals("utility", event.path("conversation").path("origin").asText());
        assertFalse(event.has("errors"));
        assertFalse(event.has("template"));
    }

    @Test
    void failedStatusExplainsItsErrorFromTheTable() {
        JsonNode error = detail(post(Meta.statuses("102290129340398", phone,
                Meta.failedStatus(Meta.wamid(), Meta.CUSTOMER, 131047)))).path("event").path("errors").path(0);
        assertEquals(131047, error.path("code").asInt());
        assertEquals("Re-engagement message", error.path("title").asText());
        assertEquals("Message failed to send because more than 24 hours have passed.", error.path("details").asText());
        assertEquals(MetaErrorCodes.explain(131047).orElseThrow().meaning(), error.path("meaning").asText());
        assertEquals(MetaErrorCodes.explain(131047).orElseThrow().action(), error.path("action").asText());
    }

    @Test
    void unknownErrorCodeHasNoMeaningOrAction() {
        JsonNode error = detail(post(Meta.statuses("102290129340398", phone,
                Meta.failedStatus(Meta.wamid(), Meta.CUSTOMER, 987654)))).path("event").path("errors").path(0);
        assertEquals(987654, error.path("code").asInt());
        assertTrue(error.has("meaning") && error.path("meaning").isNull());
        assertTrue(error.has("action") && error.path("action").isNull());
    }

    @Test
    void incomingMessageShowsItsSenderAndNoStatusFields() {
        String wamid = Meta.wamid();
        JsonNode event = detail(post(Meta.incoming("102290129340398", phone,
                Meta.textMessage(wamid, "16315551234", "Hello"), "16315551234"))).path("event");
        assertEquals(wamid, event.path("message_id").asText());
        assertEquals("16315551234", event.path("wa_id").asText());
        assertEquals("15551234567", event.path("display_phone_number").asText());
        for (String absent : List.of("status", "pricing", "conversation", "errors", "template")) {
            assertFalse(event.has(absent), absent);
        }
    }

    @Test
    void logIsTheEntryExactlyAsTheListShowsIt() {
        String logId = post(Meta.singleStatus(phone, Meta.wamid(), "delivered"));
        JsonNode listed = only();
        JsonNode data = detail(logId);
        assertEquals(listed, data.path("log"));
        assertEquals(LogsApi.fieldNames(listed), LogsApi.fieldNames(data.path("log")));
        assertEquals(List.of("log", "received_at", "event", "delivery", "attempts", "next_attempt_at",
                "api_response", "tags"),
                LogsApi.fieldNames(data));
    }

    @Test
    void receivedAtIsTheEntrysCreatedAtToTheTick() {
        String logId = post(Meta.singleStatus(phone, Meta.wamid(), "delivered"));
        JsonNode data = detail(logId);
        assertTrue(data.path("received_at").asText().matches(ISO_7), data.path("received_at").asText());
        assertEquals(Ticks.iso(data.path("log").path("created_at").asLong()), data.path("received_at").asText());
    }

    @Test
    void deliverySplitIntoSeveralEntriesIsStoredOnce() throws SQLException {
        byte[] body = oddDelivery().getBytes(StandardCharsets.UTF_8);
        Meta.post(body).statusCode(200);
        List<JsonNode> entries = entries();
        assertEquals(3, entries.size());
        List<String> deliveryIds = new ArrayList<>();
        for (JsonNode entry : entries) {
            JsonNode delivery = detail(entry.path("log_id").asText()).path("delivery");
            deliveryIds.add(delivery.path("delivery_id").asText());
            assertEquals(3, delivery.path("events").asInt());
            assertEquals(body.length, delivery.path("bytes").asInt());
            assertTrue(delivery.path("received_at").asText().matches(ISO_7));
        }
        assertEquals(1, deliveryIds.stream().distinct().count(), deliveryIds.toString());
        assertEquals(1, count("select count(*) from log_delivery where delivery_id = ?",
                Long.parseLong(deliveryIds.get(0))));
        assertEquals(3, count("select count(*) from log_entry where delivery_id = ?",
                Long.parseLong(deliveryIds.get(0))));
    }

    @Test
    void deliveryIsReturnedByteForByte() {
        byte[] body = oddDelivery().getBytes(StandardCharsets.UTF_8);
        Meta.post(body).statusCode(200);
        String logId = entries().get(1).path("log_id").asText();
        JsonNode delivery = detail(logId).path("delivery");
        Response response = getDetail(reader(project), "/v1/logs/" + logId + "/delivery");
        assertEquals(200, response.statusCode(), response::asString);
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        assertArrayEquals(body, response.asByteArray());
        assertEquals(delivery.path("delivery_id").asText(), response.header("X-Delivery-Id"));
        assertEquals(delivery.path("received_at").asText(), response.header("X-Delivery-Received-At"));
    }

    @Test
    void deliveryGoesWithItsLastEntry() throws SQLException {
        Meta.post(oddDelivery()).statusCode(200);
        List<JsonNode> entries = entries();
        long deliveryId = Long.parseLong(detail(entries.get(0).path("log_id").asText())
                .path("delivery").path("delivery_id").asText());
        deleteEntry(entries.get(0).path("log_id").asLong());
        deleteEntry(entries.get(1).path("log_id").asLong());
        assertEquals(1, count("select count(*) from log_delivery where delivery_id = ?", deliveryId));
        deleteEntry(entries.get(2).path("log_id").asLong());
        assertEquals(0, count("select count(*) from log_delivery where delivery_id = ?", deliveryId));
    }

    private void deleteEntry(long logId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("delete from log_entry where project_id = ? and log_id = ?")) {
            s.setString(1, project);
            s.setLong(2, logId);
            assertEquals(1, s.executeUpdate());
        }
    }

    @Test
    void attemptsShowWhatTriggeredThem() {
        Admin.addWebhook(project, hook());
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        String logId = only().path("log_id").asText();
        await().atMost(PATIENCE).until(() -> detail(logId).path("attempts").size() == 1);
        given().auth().oauth2(TestTokens.project(project, "logs:write"))
                .when().post("/v1/logs/" + logId + "/redeliver").then().statusCode(202);
        JsonNode attempts = await().atMost(PATIENCE).until(() -> detail(logId).path("attempts"), a -> a.size() == 2);
        assertEquals("automatic", attempts.path(0).path("trigger").asText());
        assertEquals("manual", attempts.path(1).path("trigger").asText());
        JsonNode first = attempts.path(0);
        assertEquals(1, first.path("attempt").asInt());
        assertEquals(hook(), first.path("url").asText());
        assertEquals(200, first.path("response_code").asInt());
        assertEquals("answer 1", first.path("response").asText());
        assertTrue(first.path("error").isNull());
        assertTrue(first.path("started_at").asText().matches(ISO_7));
        assertTrue(first.path("duration_ms").asInt() >= 0);
    }

    @Test
    void nextAttemptIsShownWhileRetryingAndNullOnceDone() {
        answers.add(503);
        Admin.addWebhook(project, hook());
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        String logId = only().path("log_id").asText();
        JsonNode retrying = await().atMost(PATIENCE).until(() -> detail(logId),
                d -> d.path("attempts").size() >= 1 && !d.path("next_attempt_at").isNull());
        String next = retrying.path("next_attempt_at").asText();
        assertTrue(next.matches(ISO_7), next);
        String lastStarted = retrying.path("attempts").path(retrying.path("attempts").size() - 1)
                .path("started_at").asText();
        assertTrue(Instant.parse(next).isAfter(Instant.parse(lastStarted)), next + " after " + lastStarted);
        assertEquals(503, retrying.path("attempts").path(0).path("response_code").asInt());
        JsonNode done = await().atMost(PATIENCE).until(() -> detail(logId),
                d -> "failed".equals(d.path("log").path("flyout_delivery_status").asText()));
        assertTrue(done.path("next_attempt_at").isNull());
        assertTrue(done.path("attempts").size() > 1);
    }

    @Test
    void entryOfAnotherProjectIsNotFoundLikeAnUnknownOne() {
        String logId = post(Meta.singleStatus(phone, Meta.wamid(), "delivered"));
        String other = TestTokens.project(Admin.createProject(), "logs:read");
        Response foreign = getDetail(other, "/v1/logs/" + logId);
        Response unknown = getDetail(other, "/v1/logs/987654321987654");
        assertEquals(404, foreign.statusCode());
        assertEquals(404, unknown.statusCode());
        assertEquals(unknown.asString(), foreign.asString());
        assertEquals(404, getDetail(other, "/v1/logs/" + logId + "/delivery").statusCode());
        assertEquals(unknown.asString(), getDetail(other, "/v1/logs/" + logId + "/delivery").asString());
    }

    @ParameterizedTest(name = "log id ''{0}''")
    @ValueSource(strings = {"abc", "12a", "-1", "1.0", "%2B1", "%20", "12345678901234567890", "9223372036854775808"})
    void malformedLogIdIsRejectedNamingIt(String logId) {
        for (String path : List.of("/v1/logs/" + logId, "/v1/logs/" + logId + "/delivery")) {
            Response response = getDetail(reader(project), path);
            assertEquals(400, response.statusCode(), () -> path + " -> " + response.asString());
            assertEquals("log_id", json(response.asString()).path("errors").path(0).path("parameter").asText());
        }
    }

    @ParameterizedTest(name = "log id ''{0}''")
    @ValueSource(strings = {"%00", "1%00"})
    void nulInLogIdIsRejectedBeforeRouting(String logId) {
        // every path with a NUL is refused before routing (RequestTarget), naming the path
        Response response = getDetail(reader(project), "/v1/logs/" + logId);
        assertEquals(400, response.statusCode(), response::asString);
        assertEquals("path", json(response.asString()).path("errors").path(0).path("parameter").asText());
    }

    @Test
    void tokenWithoutLogsReadIsForbidden() {
        String logId = post(Meta.singleStatus(phone, Meta.wamid(), "delivered"));
        assertEquals(403, getDetail(TestTokens.project(project, "logs:write"), "/v1/logs/" + logId).statusCode());
    }

    @Test
    void unroutedEntryIsShownToAdminsOnly() {
        String unknownPhone = Admin.uniqueMetaId();
        byte[] body = Meta.singleStatus(unknownPhone, Meta.wamid(), "delivered").getBytes(StandardCharsets.UTF_8);
        Meta.post(body).statusCode(200);
        JsonNode unrouted = json(given().auth().oauth2(TestTokens.admin())
                .when().get("/v1/admin/unrouted?phoneNumberId=" + unknownPhone).asString());
        String logId = unrouted.path("data").path("logs").path(0).path("log_id").asText();
        assertEquals(404, getDetail(reader(project), "/v1/logs/" + logId).statusCode());
        Response detail = getDetail(TestTokens.admin(), "/v1/admin/unrouted/" + logId);
        assertEquals(200, detail.statusCode(), detail::asString);
        assertEquals(unrouted.path("data").path("logs").path(0), json(detail.asString()).path("data").path("log"));
        assertArrayEquals(body, getDetail(TestTokens.admin(), "/v1/admin/unrouted/" + logId + "/delivery").asByteArray());
    }
}
