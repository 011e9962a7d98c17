package io.sendzen.logs.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ExportTest {

    // the start of the export's statement as pg_stat_activity shows it
    private static final String EXPORT_SQL = "select project_id, phone_number_id, event_type, payload, created_at, "
            + "direction, flyout_status, flyout_response, flyout_response_code, flyout_url, log_id, api_response_code, wa_status";

    @Inject
    AgroalDataSource dataSource;

    private LogRows rows() {
        return new LogRows(dataSource);
    }

    private static Response export(String projectId, String query) {
        return given().urlEncodingEnabled(false).auth().oauth2(LogsApi.reader(projectId))
                .when().get(query.isEmpty() ? "/v1/logs/export" : "/v1/logs/export?" + query);
    }

    private static List<String> lines(String body) {
        List<String> lines = new ArrayList<>(List.of(body.split("\n", -1)));
        assertEquals("", lines.remove(lines.size() - 1), "every line ends in a newline");
        return lines;
    }

    /** A project with entries of both event types, some forwarded, some sharing a created_at. */
    private String projectWithEntries(int count) {
        String projectId = Admin.createProject();
        List<LogRows.Entry> entries = new ArrayList<>();
        long start = LogRows.minutesAgo(60);
        for (int i = 0; i < count; i++) {
            LogRows.Entry entry = LogRows.entry(projectId, start + (i / 2) * 1000L)
                    .payload("{\"n\":" + i + "}").messageId("wamid." + i);
            if (i % 3 == 0) {
                entry.type(LogRows.INCOMING_MESSAGE).status(null);
            }
            if (i % 5 == 0) {
                entry.forwarded("https://hooks.example.com/x", "success", "{\"ok\":true}", 200);
            }
            entries.add(entry);
        }
        rows().insert(entries);
        return projectId;
    }

    private static List<JsonNode> pages(String projectId, String query) {
        List<JsonNode> logs = new ArrayList<>();
        String first = (query.isEmpty() ? "" : query + "&") + "pageSize=7";
        JsonNode page = LogsApi.page(LogsApi.reader(projectId), first);
        while (true) {
            page.get("data").get("logs").forEach(logs::add);
            String token = LogsApi.nextToken(page);
            if (token == null) {
                return logs;
            }
            page = LogsApi.page(LogsApi.reader(projectId), LogsApi.withToken(first, token));
        }
    }

    private List<JsonNode> exported(String projectId, String query) {
        Response response = export(projectId, query);
        assertEquals(200, response.statusCode(), response::asString);
        return lines(response.asString()).stream().map(LogsApi::json).toList();
    }

    @Test
    void ndjsonIsThePagesOfTheListConcatenated() {
        String projectId = projectWithEntries(45);
        String toDate = "toDate=" + (LogRows.minutesAgo(0));
        for (String filter : List.of(toDate, toDate + "&eventTypes=Message%20Status",
                toDate + "&order=desc", toDate + "&flyoutStatus=success&order=desc")) {
            List<JsonNode> pages = pages(projectId, filter);
            assertTrue(pages.size() > 7, filter);
            assertEquals(pages, exported(projectId, filter), filter);
        }
    }

    @Test
    void anOmittedToDateExportsEverythingStoredBeforeTheExport() {
        String projectId = projectWithEntries(5);
        assertEquals(5, exported(projectId, "").size());
    }

    @Test
    void anotherProjectsEntriesAreNeverExported() {
        String mine = projectWithEntries(3);
        projectWithEntries(4);
        List<JsonNode> lines = exported(mine, "");
        assertEquals(3, lines.size());
        lines.forEach(line -> assertEquals(mine, line.get("project_id").asText()));
    }

    @Test
    void csvHasTheHeaderQuotesWhatNeedsItAndKeepsTicksExact() {
        String projectId = Admin.createProject();
        String payload = "{\"text\":\"a, \\\"quoted\\\" word\\nand ünïcødé ✓\"}\n2nd line";
        long createdAt = LogRows.minutesAgo(5) / 10 * 10 + 7;
        long logId = rows().insert(LogRows.entry(projectId, createdAt).payload(payload).messageId("wamid.X")
                .errorCode(131047).forwarded("https://hooks.example.com/x", "failed", "=HYPERLINK(\"x\")", 500));
        Response response = export(projectId, "format=csv");
        assertEquals(200, response.statusCode(), response::asString);
        assertTrue(response.contentType().startsWith("text/csv"), response.contentType());
        String body = new String(response.asByteArray(), StandardCharsets.UTF_8);
        List<List<String>> table = Csv.parse(body);
        assertEquals(List.of("log_id", "created_at", "recorded_on", "event_type", "direction", "phone_number_id",
                "status", "message_id", "wa_id", "error_code", "category", "template_name", "api_response_code",
                "flyout_url", "flyout_delivery_status", "flyout_delivery_response_code", "flyout_delivery_response",
                "payload"), table.get(0));
        assertEquals(2, table.size(), body);
        List<String> row = table.get(1);
        assertEquals(List.of(Long.toString(logId), Long.toString(createdAt),
                io.sendzen.logs.shared.Ticks.toInstant(createdAt).toString(), "Message Status", "1",
                "106540352242922", "delivered", "wamid.X", "16505551234", "131047", "", "", "0",
                "https://hooks.example.com/x", "failed", "500", "'=HYPERLINK(\"x\")", payload), row);
        assertTrue(body.startsWith("log_id,") && body.contains("\r\n"), "a header row, CRLF line ends");
    }

    @Test
    void theCellThatLooksLikeAFormulaGetsAQuoteAndThePlaceholderDoesNot() {
        assertEquals("'-1+2", ExportFormat.formulaSafe("-1+2"));
        assertEquals("'@SUM(A1)", ExportFormat.formulaSafe("@SUM(A1)"));
        assertEquals("'+1", ExportFormat.formulaSafe("+1"));
        assertEquals("-", ExportFormat.formulaSafe("-"));
        assertEquals("{\"a\":1}", ExportFormat.formulaSafe("{\"a\":1}"));
    }

    @Test
    void aGzipAcceptingClientGetsTheSameBytesCompressed() throws Exception {
        String projectId = projectWithEntries(30);
        String query = "toDate=" + LogRows.minutesAgo(0) + "&format=csv";
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + "/v1/logs/export?" + query)).header("Authorization", "Bearer " + LogsApi.reader(projectId));
        HttpResponse<byte[]> plain = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> zipped = client.send(request.header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, zipped.statusCode());
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(null));
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty());
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
            assertArrayEquals(plain.body(), in.readAllBytes());
        }
        assertTrue(zipped.body().length < plain.body().length);
    }

    @Test
    void theFileIsNamedForTheProjectAndTheBounds() {
        String projectId = projectWithEntries(1);
        long toDate = LogRows.minutesAgo(0);
        Response response = export(projectId, "fromDate=5&toDate=" + toDate + "&format=csv");
        assertEquals("attachment; filename=\"logs-" + projectId + "-5-" + toDate + ".csv\"",
                response.header("Content-Disposition"));
        Response ndjson = export(projectId, "fromDate=5&toDate=" + toDate);
        assertTrue(ndjson.header("Content-Disposition").endsWith(".ndjson\""));
        assertTrue(ndjson.contentType().startsWith("application/x-ndjson"), ndjson.contentType());
    }

    @Test
    void pagingParametersAnUnknownFormatAndBadFiltersAreRejected() {
        String projectId = Admin.createProject();
        for (String[] bad : new String[][]{{"pageSize=5", "pageSize"}, {"nextPageToken=abc", "nextPageToken"},
                {"format=xml", "format"}, {"format=csv&format=ndjson", "format"}, {"eventTypes=Nope", "eventTypes"},
                {"fromDate=x", "fromDate"}, {"order=up", "order"}}) {
            Response response = export(projectId, bad[0]);
            assertEquals(400, response.statusCode(), bad[0]);
            assertTrue(response.contentType().startsWith("application/json"), bad[0]);
            assertEquals(List.of(bad[1]), LogsApi.problemParameters(LogsApi.json(response.asString())), bad[0]);
        }
    }

    @Test
    void eachExportIsAuditedWithItsFilterAndCount() throws Exception {
        String projectId = projectWithEntries(6);
        exported(projectId, "eventTypes=Message%20Status&toDate=" + LogRows.minutesAgo(0));
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("select target ->> 'format', target -> 'eventTypes' ->> 0,"
                         + " count from audit_record where project_id = ? and action = 'log.export'")) {
                s.setString(1, projectId);
                try (ResultSet r = s.executeQuery()) {
                    assertTrue(r.next());
                    assertEquals("ndjson", r.getString(1));
                    assertEquals("Message Status", r.getString(2));
                    assertEquals(4, r.getLong(3));
                }
            }
        });
    }

    /** A project with enough bytes that the export cannot sit in the socket buffers. */
    private String bigProject() {
        String projectId = Admin.createProject();
        String payload = "{\"text\":\"" + "x".repeat(4000) + "\"}";
        List<LogRows.Entry> entries = new ArrayList<>();
        long start = LogRows.minutesAgo(120);
        for (int i = 0; i < 20_000; i++) {
            entries.add(LogRows.entry(projectId, start + i).payload(payload));
        }
        rows().insert(entries);
        return projectId;
    }

    private int exportBackends() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from pg_stat_activity where state <> 'idle' "
                     + "and query like '" + EXPORT_SQL + "%'")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void aClientThatGoesAwayEndsTheQuery() throws Exception {
        String projectId = bigProject();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/logs/export HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + LogsApi.reader(projectId) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] start = in.readNBytes(4096);
            assertTrue(new String(start, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> exportBackends() > 0);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> exportBackends() == 0);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            long sent = exportAudited(projectId);
            assertTrue(sent >= 0 && sent < 20_000, "the export stopped early, after " + sent);
        });
    }

    /** The count of the project's last audited export; -1 when there is none yet. */
    private long exportAudited(String projectId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select count from audit_record where project_id = ? "
                     + "and action = 'log.export' order by id desc limit 1")) {
            s.setString(1, projectId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        }
    }

    @Test
    void aFailureAfterTheFirstByteBreaksTheConnectionInsteadOfEndingTheBody() throws Exception {
        String projectId = bigProject();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + "/v1/logs/export")).header("Authorization", "Bearer " + LogsApi.reader(projectId)).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            assertTrue(body.readNBytes(1000).length == 1000);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> exportBackends() > 0);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("select pg_terminate_backend(pid) from pg_stat_activity where query like '"
                        + EXPORT_SQL + "%' and pid <> pg_backend_pid()");
            }
            assertThrows(IOException.class, () -> body.transferTo(new ByteArrayOutputStream()));
        }
    }

    /** RFC 4180, as a spreadsheet reads it. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i++;
                } else {
                    cell.append(c);
                }
            }
            assertTrue(row.isEmpty() && cell.isEmpty(), "the last row ends in CRLF");
            return rows;
        }
    }
}
