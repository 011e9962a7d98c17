package io.sendzen.logs.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.sendzen.logs.logs.LogsApi.JSON;
import static io.sendzen.logs.logs.LogsApi.OK_MESSAGE;
import static io.sendzen.logs.logs.LogsApi.fieldNames;
import static io.sendzen.logs.logs.LogsApi.get;
import static io.sendzen.logs.logs.LogsApi.json;
import static io.sendzen.logs.logs.LogsApi.logIds;
import static io.sendzen.logs.logs.LogsApi.nextToken;
import static io.sendzen.logs.logs.LogsApi.page;
import static io.sendzen.logs.logs.LogsApi.reader;
import static io.sendzen.logs.logs.LogsApi.withToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class LogsResponseTest {

    private static final List<String> LOG_FIELDS = List.of("project_id", "phone_number_id", "event_type", "payload",
            "created_at", "direction", "flyout_delivery_status", "flyout_delivery_response",
            "flyout_delivery_response_code", "flyout_url", "log_id", "api_response_code");

    @Inject
    AgroalDataSource dataSource;

    private LogRows rows() {
        return new LogRows(dataSource);
    }

    private static String quoted(String text) throws Exception {
        return JSON.writeValueAsString(text);
    }

    @Test
    void pageIsTheSpecifiedJsonTextExactly() throws Exception {
        String project = Admin.createProject();
        long at = LogRows.minutesAgo(30);
        String payload = Meta.singleStatus("106540352242922", "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI", "delivered");
        long id = rows().insert(LogRows.entry(project, at).payload(payload)
                .forwarded("https://hooks.example.com/wa?x=1&y=2", "success", "200 OK", 200));

        Response response = get(reader(project), "");

        assertEquals(200, response.statusCode());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        String expected = "{\"message\":\"" + OK_MESSAGE + "\",\"data\":{\"logs\":[{"
                + "\"project_id\":" + quoted(project) + ","
                + "\"phone_number_id\":\"106540352242922\","
                + "\"event_type\":\"Message Status\","
                + "\"payload\":" + quoted(payload) + ","
                + "\"created_at\":" + at + ","
                + "\"direction\":1,"
                + "\"flyout_delivery_status\":\"success\","
                + "\"flyout_delivery_response\":\"200 OK\","
                + "\"flyout_delivery_response_code\":200,"
                + "\"flyout_url\":\"https://hooks.example.com/wa?x=1&y=2\","
                + "\"log_id\":\"" + id + "\","
                + "\"api_response_code\":0}]}}";
        assertEquals(expected, response.asString());
    }

    @Test
    void everyLogObjectHasTheSpecifiedFieldsInTheSpecifiedOrder() {
        String project = Admin.createProject();
        long at = LogRows.minutesAgo(30);
        rows().insert(List.of(
                LogRows.entry(project, at).type(LogRows.INCOMING_MESSAGE).status(null),
                LogRows.entry(project, at + 1).forwarded("https://a.example.com/h", "failed", "timeout", 0),
                LogRows.entry(project, at + 2).type(LogRows.OTHER).status(null).waId(null)));

        JsonNode page = page(reader(project), "");

        assertEquals(List.of("message", "data"), fieldNames(page));
        assertEquals(List.of("logs"), fieldNames(page.get("data")));
        JsonNode logs = page.get("data").get("logs");
        assertEquals(3, logs.size());
        for (JsonNode log : logs) {
            assertEquals(LOG_FIELDS, fieldNames(log), log::toString);
        }
    }

    @Test
    void fieldTypesAreAsSpecifiedWithLogIdAString() {
        String project = Admin.createProject();
        long id = rows().insert(LogRows.entry(project, LogRows.minutesAgo(30)));

        JsonNode log = page(reader(project), "").get("data").get("logs").get(0);

        assertTrue(log.get("project_id").isTextual());
        assertTrue(log.get("phone_number_id").isTextual());
        assertTrue(log.get("event_type").isTextual());
        assertTrue(log.get("payload").isTextual());
        assertTrue(log.get("created_at").isIntegralNumber());
        assertTrue(log.get("direction").isIntegralNumber());
        assertTrue(log.get("flyout_delivery_status").isTextual());
        assertTrue(log.get("flyout_delivery_response").isTextual());
        assertTrue(log.get("flyout_delivery_response_code").isIntegralNumber());
        assertTrue(log.get("flyout_url").isTextual());
        assertTrue(log.get("log_id").isTextual());
        assertEquals(Long.toString(id), log.get("log_id").asText());
    }

    @Test
    void entryNotForwardedShowsDashesAndZero() {
        String project = Admin.createProject();
        rows().insert(LogRows.entry(project, LogRows.minutesAgo(30)));

        JsonNode log = page(reader(project), "").get("data").get("logs").get(0);

        assertEquals("-", log.get("flyout_delivery_status").asText());
        assertEquals("-", log.get("flyout_delivery_response").asText());
        assertEquals(0, log.get("flyout_delivery_response_code").asInt());
        assertEquals("-", log.get("flyout_url").asText());
        assertEquals(1, log.get("direction").asInt());
    }

    @Test
    void emptyResultIsAnEmptyListWithoutToken() {
        String project = Admin.createProject();

        Response response = get(reader(project), "");

        assertEquals(200, response.statusCode());
        assertEquals("{\"message\":\"" + OK_MESSAGE + "\",\"data\":{\"logs\":[]}}", response.asString());
    }

    @Test
    void lastPageHasNoNextPageTokenKey() {
        String project = Admin.createProject();
        long at = LogRows.minutesAgo(30);
        rows().insert(List.of(LogRows.entry(project, at), LogRows.entry(project, at + 1), LogRows.entry(project, at + 2)));

        Response first = get(reader(project), "pageSize=2");
        String token = nextToken(json(first.asString()));
        assertNotNull(token);
        assertTrue(first.asString().endsWith("],\"next_page_token\":\"" + token + "\"}}"), first.asString());

        Response last = get(reader(project), "pageSize=2&nextPageToken=" + token);
        assertEquals(200, last.statusCode());
        assertFalse(last.asString().contains("next_page_token"), last.asString());
        assertEquals(1, logIds(json(last.asString())).size());
    }

    @Test
    void pagesAreFullUntilTheLast() {
        String project = Admin.createProject();
        long at = LogRows.minutesAgo(30);
        List<LogRows.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            entries.add(LogRows.entry(project, at + i));
        }
        rows().insert(entries);

        List<Integer> sizes = new ArrayList<>();
        JsonNode page = page(reader(project), "");
        sizes.add(logIds(page).size());
        while (nextToken(page) != null) {
            page = page(reader(project), withToken("", nextToken(page)));
            sizes.add(logIds(page).size());
        }
        assertEquals(List.of(20, 20, 5), sizes);
    }

    @Test
    void exactlyFullLastPageHasNoToken() {
        String project = Admin.createProject();
        long at = LogRows.minutesAgo(30);
        List<LogRows.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(LogRows.entry(project, at + i));
        }
        rows().insert(entries);

        JsonNode first = page(reader(project), "pageSize=5");
        assertEquals(5, logIds(first).size());
        JsonNode second = page(reader(project), "pageSize=5&nextPageToken=" + nextToken(first));
        assertEquals(5, logIds(second).size());
        assertNull(nextToken(second), "no empty page may follow the last full one");

        JsonNode all = page(reader(project), "pageSize=10");
        assertEquals(10, logIds(all).size());
        assertNull(nextToken(all));
    }

    @Test
    void defaultPageSizeIsTwenty() {
        String project = Admin.createProject();
        long at = LogRows.minutesAgo(30);
        List<LogRows.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            entries.add(LogRows.entry(project, at + i));
        }
        rows().insert(entries);

        JsonNode page = page(reader(project), "");

        assertEquals(20, logIds(page).size());
        assertNotNull(nextToken(page));
    }

    @Test
    void aFullPageOfLargePayloadsIsOneBodyWithItsLength() {
        String project = Admin.createProject();
        long at = LogRows.minutesAgo(30);
        String payload = Meta.singleStatus("106540352242922", "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI", "delivered");
        List<LogRows.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            entries.add(LogRows.entry(project, at + i).payload(payload));
        }
        rows().insert(entries);

        Response response = get(reader(project), "");

        assertEquals(200, response.statusCode());
        assertTrue(response.asByteArray().length > 8192, "a page of " + response.asByteArray().length + " bytes");
        assertEquals(String.valueOf(response.asByteArray().length), response.header("Content-Length"));
        assertNull(response.header("Transfer-Encoding"));
    }

    @Test
    void seedExampleRequestIsAnsweredInTheSeedShape() throws Exception {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        long fromDate = Ticks.now() - Ticks.PER_SECOND;
        String delivered = Meta.status("msg_ABC123XYZ", "delivered", "1234567890");
        String failed = Meta.failedStatus("msg_DEF456UVW", "9876543210", 131047);
        Meta.post(Meta.envelope("123456789012345", Meta.messagesChange(phone, "\"statuses\":[" + delivered + "]")))
                .statusCode(200);
        Meta.post(Meta.envelope("123456789012345", Meta.messagesChange(phone, "\"statuses\":[" + failed + "]")))
                .statusCode(200);
        Meta.post(Meta.envelope("123456789012345", Meta.messagesChange(phone,
                "\"contacts\":[" + Meta.contact("1234567890", "Ana") + "],\"messages\":["
                        + Meta.textMessage(Meta.wamid(), "1234567890", "hola") + "]"))).statusCode(200);
        long toDate = Ticks.now() + Ticks.PER_SECOND;

        Response response = get(reader(project),
                "fromDate=" + fromDate + "&toDate=" + toDate + "&eventTypes=Message%20Status");

        assertEquals(200, response.statusCode(), response.asString());
        JsonNode body = json(response.asString());
        assertEquals(List.of("message", "data"), fieldNames(body));
        assertEquals(OK_MESSAGE, body.get("message").asText());
        JsonNode logs = body.get("data").get("logs");
        assertEquals(2, logs.size(), body::toString);
        long previous = fromDate;
        List<String> statuses = new ArrayList<>();
        for (JsonNode log : logs) {
            assertEquals(LOG_FIELDS, fieldNames(log));
            assertEquals(project, log.get("project_id").asText());
            assertEquals(phone, log.get("phone_number_id").asText());
            assertEquals("Message Status", log.get("event_type").asText());
            long createdAt = log.get("created_at").asLong();
            assertTrue(createdAt >= previous && createdAt <= toDate, log::toString);
            previous = createdAt;
            assertEquals(1, log.get("direction").asInt());
            assertEquals("-", log.get("flyout_delivery_status").asText());
            assertEquals("-", log.get("flyout_delivery_response").asText());
            assertEquals(0, log.get("flyout_delivery_response_code").asInt());
            assertEquals("-", log.get("flyout_url").asText());
            JsonNode payload = JSON.readTree(log.get("payload").asText());
            assertEquals("whatsapp_business_account", payload.get("object").asText());
            JsonNode status = payload.at("/entry/0/changes/0/value/statuses/0");
            assertEquals(phone, payload.at("/entry/0/changes/0/value/metadata/phone_number_id").asText());
            statuses.add(status.get("status").asText());
        }
        assertEquals(List.of("delivered", "failed"), statuses);
        JsonNode failedPayload = JSON.readTree(logs.get(1).get("payload").asText());
        assertEquals(131047, failedPayload.at("/entry/0/changes/0/value/statuses/0/errors/0/code").asInt());
        assertFalse(body.get("data").has("next_page_token"));
    }
}
