package io.sendzen.logs.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.sendzen.logs.logs.LogsApi.fieldNames;
import static io.sendzen.logs.logs.LogsApi.get;
import static io.sendzen.logs.logs.LogsApi.json;
import static io.sendzen.logs.logs.LogsApi.nextToken;
import static io.sendzen.logs.logs.LogsApi.page;
import static io.sendzen.logs.logs.LogsApi.problemParameters;
import static io.sendzen.logs.logs.LogsApi.reader;
import static io.sendzen.logs.logs.LogsApi.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input is a 400 in the error envelope naming each problem; never a 404 or a 500. */
@QuarkusTest
class LogsBadInputTest {

    private static String project;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void projectWithEntries() {
        if (project == null) {
            project = Admin.createProject();
            long at = LogRows.minutesAgo(30);
            new LogRows(dataSource).insert(List.of(LogRows.entry(project, at), LogRows.entry(project, at + 1)));
        }
    }

    private static void assertRejected(String query, String... parameters) {
        JsonNode rejection = rejected(reader(project), query);
        assertEquals(List.of(parameters), problemParameters(rejection), query + " -> " + rejection);
    }

    private static String problemOf(String query) {
        return rejected(reader(project), query).get("errors").get(0).get("problem").asText();
    }

    @Test
    void errorBodyIsTheSpecifiedEnvelope() {
        Response response = get(reader(project), "pageSize=21");
        assertEquals(400, response.statusCode());
        assertEquals("{\"message\":\"Invalid request parameters\",\"data\":null,\"errors\":"
                + "[{\"parameter\":\"pageSize\",\"problem\":\"must be between 1 and 20\"}]}", response.asString());
    }

    @Test
    void pageSizeZeroIsRejected() {
        assertRejected("pageSize=0", "pageSize");
    }

    @Test
    void pageSizeAbove20IsRejected() {
        assertRejected("pageSize=21", "pageSize");
    }

    @Test
    void pageSizeThatIsNotAnIntegerIsRejected() {
        for (String value : new String[]{"abc", "1.5", "", "-1", "20x", "99999999999999999999", "0x10", "%20"}) {
            assertRejected("pageSize=" + value, "pageSize");
        }
    }

    @Test
    void dateThatIsNotAnIntegerIsRejected() {
        for (String value : new String[]{"abc", "638500000000000000.5", "6.385e17", "", "2024-01-01T00:00:00Z",
                "99999999999999999999"}) {
            assertRejected("fromDate=" + value, "fromDate");
            assertRejected("toDate=" + value, "toDate");
        }
    }

    @Test
    void dateOutsideTheTicksRangeIsRejected() {
        for (String value : new String[]{"-1", "3155378976000000000", "9223372036854775807", "-9223372036854775808"}) {
            assertRejected("fromDate=" + value, "fromDate");
            assertRejected("toDate=" + value, "toDate");
        }
        assertTrue(problemOf("fromDate=-1").contains("3155378975999999999"));
    }

    @Test
    void fromDateAfterToDateIsRejected() {
        assertRejected("fromDate=638500000000000001&toDate=638500000000000000", "fromDate");
    }

    @Test
    void unknownEventTypeIsRejected() {
        assertRejected("eventTypes=Delivery", "eventTypes");
        assertRejected("eventTypes=Message%20Status,Bogus", "eventTypes");
        assertRejected("eventTypes=MessageStatus", "eventTypes");
        assertRejected("eventTypes=Other&eventTypes=Nope", "eventTypes");
        assertTrue(problemOf("eventTypes=Delivery").contains("Delivery"));
    }

    @Test
    void emptyEventTypesIsRejected() {
        assertRejected("eventTypes=", "eventTypes");
        assertRejected("eventTypes=%20,%20", "eventTypes");
    }

    @Test
    void unknownStatusIsRejected() {
        assertRejected("status=seen", "status");
        assertRejected("status=sent,seen", "status");
        assertRejected("status=", "status");
        assertRejected("status=%20,%20", "status");
    }

    @Test
    void badOrderIsRejected() {
        assertRejected("order=up", "order");
        assertRejected("order=", "order");
    }

    @Test
    void badFlyoutStatusIsRejected() {
        assertRejected("flyoutStatus=done", "flyoutStatus");
        assertRejected("flyoutStatus=", "flyoutStatus");
    }

    @Test
    void badErrorCodeOrResponseCodeIsRejected() {
        assertRejected("errorCode=abc", "errorCode");
        assertRejected("errorCode=-1", "errorCode");
        assertRejected("responseCode=abc", "responseCode");
        assertRejected("responseCode=1000", "responseCode");
    }

    @Test
    void badResponseClassIsRejected() {
        for (String value : new String[]{"1xx", "6xx", "2x", "xx", "2xxx", "%20", "2XY"}) {
            assertRejected("responseCode=" + value, "responseCode");
        }
    }

    @Test
    void searchWithoutAWordIsRejected() {
        for (String value : new String[]{"", "%20", "-", "%22%27", "..."}) {
            assertRejected("q=" + value, "q");
        }
    }

    @Test
    void searchOfTooManyWordsOrTooLongIsRejected() {
        assertRejected("q=" + "w%20".repeat(33), "q");
        assertRejected("q=" + "w".repeat(2049), "q");
    }

    @Test
    void badCategoryIsRejected() {
        for (String value : new String[]{"", "%20", "mark%0Aeting", "x".repeat(129)}) {
            assertRejected("category=" + value, "category");
        }
    }

    @Test
    void blankOrOverlongTemplateNameIsRejected() {
        assertRejected("templateName=", "templateName");
        assertRejected("templateName=%20", "templateName");
        assertRejected("templateName=" + "t".repeat(2049), "templateName");
    }

    @Test
    void overlongTextFilterIsRejected() {
        assertRejected("phoneNumberId=" + "1".repeat(2049), "phoneNumberId");
    }

    @Test
    void parameterGivenTwiceWhereOnlyOneIsAllowedIsRejected() {
        String token = nextToken(page(reader(project), "pageSize=1"));
        String[][] twice = {
                {"fromDate", "1", "2"}, {"toDate", "1", "2"}, {"pageSize", "5", "5"}, {"phoneNumberId", "1", "2"},
                {"url", "-", "-"}, {"nextPageToken", token, token}, {"messageId", "a", "b"}, {"waId", "a", "b"},
                {"errorCode", "1", "2"}, {"flyoutStatus", "-", "pending"}, {"responseCode", "200", "500"},
                {"order", "asc", "desc"}, {"q", "a", "b"}, {"category", "utility", "marketing"},
                {"templateName", "a", "b"}};
        for (String[] parameter : twice) {
            assertRejected(parameter[0] + "=" + parameter[1] + "&" + parameter[0] + "=" + parameter[2], parameter[0]);
        }
    }

    @Test
    void everyProblemOfARequestIsNamed() {
        JsonNode rejection = rejected(reader(project),
                "pageSize=0&fromDate=x&toDate=-5&eventTypes=Bogus&status=seen&order=sideways&flyoutStatus=done");
        assertEquals(Set.of("eventTypes", "fromDate", "toDate", "pageSize", "status", "flyoutStatus", "order"),
                Set.copyOf(problemParameters(rejection)));
        assertEquals(7, problemParameters(rejection).size());
    }

    @Test
    void malformedPercentEncodingIsABadRequest() throws IOException {
        String response = rawGet("/v1/logs?eventTypes=%zz", reader(project));
        assertTrue(response.matches("(?s)HTTP/1\\.[01] 400 .*"), response);
    }

    @Test
    void malformedPercentEncodingIsAnsweredInTheErrorEnvelope() throws IOException {
        assertMalformedTarget("/v1/logs?eventTypes=%zz", "query");
    }

    @Test
    void truncatedPercentEscapeIsAnsweredInTheErrorEnvelope() throws IOException {
        assertMalformedTarget("/v1/logs?eventTypes=%4", "query");
        assertMalformedTarget("/v1/logs?eventTypes=Message%4", "query");
    }

    @Test
    void malformedPercentEncodingInThePathIsAnsweredInTheErrorEnvelope() throws IOException {
        assertMalformedTarget("/v1/logs%zz", "path");
        assertMalformedTarget("/v1/logs%zz?eventTypes=%zz", "path");
    }

    @Test
    void malformedPercentEncodingOnAnUnknownPathIsABadRequestNotANotFound() throws IOException {
        assertMalformedTarget("/v1/nothing?x=%zz", "query");
        assertMalformedTarget("/v1/nothing%zz", "path");
    }

    /** PostgreSQL cannot hold U+0000 in text: it was a 500 from the database, it is a 400 naming the parameter. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({
            "/v1/logs?messageId=wamid.%00, messageId",
            "/v1/logs?url=https://a.example/%00x, url",
            "/v1/logs?eventTypes=Other&phoneNumberId=1%00, phoneNumberId",
            "/v1/logs?%00=1, query",
            "/v1/logs/12%00/redeliver, path",
            "/v1/admin/projects/p%00, path",
    })
    void aNulCharacterAnywhereInTheTargetIsABadRequestNamingWhere(String target, String part) throws IOException {
        assertInvalidTarget(target, part, "must not contain a NUL character (%00)");
    }

    @Test
    void characterThatMustBeEncodedIsAnsweredInTheErrorEnvelope() throws IOException {
        assertInvalidTarget("/v1/logs?eventTypes=Other|Bogus", "query", "is not a valid URI");
        assertInvalidTarget("/v1/logs{x}", "path", "is not a valid URI");
    }

    private static void assertMalformedTarget(String target, String part) throws IOException {
        assertInvalidTarget(target, part, "contains a malformed percent-escape");
    }

    /** A raw 400 in the envelope whose one problem names {@code part} and starts with {@code problem}. */
    private static void assertInvalidTarget(String target, String part, String problem) throws IOException {
        String response = rawGet(target, reader(project));
        int split = response.indexOf("\r\n\r\n");
        String head = response.substring(0, split).toLowerCase(Locale.ROOT);
        assertTrue(head.matches("(?s)http/1\\.[01] 400 .*"), response);
        assertTrue(head.contains("\r\ncontent-type: application/json"), response);
        JsonNode body = json(response.substring(split + 4));
        assertEquals(List.of("message", "data", "errors"), fieldNames(body), response);
        assertEquals("Invalid request parameters", body.get("message").asText(), response);
        assertTrue(body.get("data").isNull(), response);
        assertEquals(1, body.get("errors").size(), response);
        JsonNode error = body.get("errors").get(0);
        assertEquals(List.of("parameter", "problem"), fieldNames(error), response);
        assertEquals(part, error.get("parameter").asText(), response);
        assertTrue(error.get("problem").asText().startsWith(problem), response);
    }

    /** Found by the 100,000-request fuzz run: the 405's Allow header decoded the path a second time and failed. */
    @Test
    void aWrongMethodOnAPathWithAnEncodedPercentIsA405NotA500() throws IOException {
        String response;
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("PUT /v1/admin/projects/%25W3CV+j(;jV7.1Bgk%2F'R/tokens HTTP/1.0\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + io.sendzen.logs.support.TestTokens.admin() + "\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEnvelope(response, 405, "Method not allowed");
    }

    @Test
    void aTargetTooLongIsA414InTheEnvelope() throws IOException {
        String response = rawGet("/v1/logs?messageId=" + "w".repeat(20_000), reader(project));
        assertEnvelope(response, 414, "URI too long");
    }

    @Test
    void headersTooLargeAreA431InTheEnvelope() throws IOException {
        String response = rawGet("/v1/logs", reader(project) + "\r\nX-Padding: " + "p".repeat(40_000));
        assertEnvelope(response, 431, "Request header fields too large");
    }

    private static void assertEnvelope(String response, int status, String message) throws IOException {
        int split = response.indexOf("\r\n\r\n");
        assertTrue(split > 0, response);
        String head = response.substring(0, split).toLowerCase(Locale.ROOT);
        assertTrue(head.matches("(?s)http/1\\.[01] " + status + " .*"), head);
        assertTrue(head.contains("\r\ncontent-type: application/json"), head);
        JsonNode body = json(response.substring(split + 4));
        assertEquals(message, body.get("message").asText(), response);
        assertTrue(body.get("data").isNull(), response);
    }

    /** A request line no HTTP client library would send, written by hand. */
    private static String rawGet(String target, String bearer) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer " + bearer
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
