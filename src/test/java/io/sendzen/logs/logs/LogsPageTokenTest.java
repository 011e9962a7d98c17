package io.sendzen.logs.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import static io.sendzen.logs.logs.LogsApi.get;
import static io.sendzen.logs.logs.LogsApi.nextToken;
import static io.sendzen.logs.logs.LogsApi.page;
import static io.sendzen.logs.logs.LogsApi.problemParameters;
import static io.sendzen.logs.logs.LogsApi.reader;
import static io.sendzen.logs.logs.LogsApi.rejected;
import static io.sendzen.logs.logs.LogsApi.withToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@QuarkusTest
class LogsPageTokenTest {

    @Inject
    AgroalDataSource dataSource;

    private String projectWithEntries(int count) {
        String project = Admin.createProject();
        long at = LogRows.minutesAgo(30);
        List<LogRows.Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(LogRows.entry(project, at + i * 1_000L).type(i % 2 == 0 ? LogRows.MESSAGE_STATUS : LogRows.OTHER));
        }
        new LogRows(dataSource).insert(entries);
        return project;
    }

    /** Tokens of a walk in pages of one, until one has the characters {@code wanted} asks for. */
    private static String tokenWith(String bearer, Predicate<String> wanted) {
        JsonNode page = page(bearer, "pageSize=1");
        while (nextToken(page) != null) {
            if (wanted.test(nextToken(page))) {
                return nextToken(page);
            }
            page = page(bearer, withToken("pageSize=1", nextToken(page)));
        }
        throw new AssertionError("no token of the walk has the wanted characters");
    }

    private static void assertTokenRejected(String bearer, String query) {
        assertEquals(List.of("nextPageToken"), problemParameters(rejected(bearer, query)), query);
    }

    @Test
    void issuedTokenIsUrlSafeBase64WithoutPadding() {
        String project = projectWithEntries(3);
        String token = nextToken(page(reader(project), "pageSize=1"));
        assertNotNull(token);
        assertEquals(true, token.matches("[A-Za-z0-9_-]+"), token);
    }

    @Test
    void everyFlippedBitOfTheTokenIsRejected() {
        String project = projectWithEntries(5);
        String bearer = reader(project);
        String token = nextToken(page(bearer, "pageSize=2"));
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] tampered = bytes.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertTokenRejected(bearer, "pageSize=2&nextPageToken=" + forged);
        }
    }

    @Test
    void truncatedOrExtendedTokenIsRejected() {
        String project = projectWithEntries(5);
        String bearer = reader(project);
        String token = nextToken(page(bearer, "pageSize=2"));
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

        assertTokenRejected(bearer, "pageSize=2&nextPageToken=" + encoder.encodeToString(
                java.util.Arrays.copyOf(bytes, bytes.length - 1)));
        assertTokenRejected(bearer, "pageSize=2&nextPageToken=" + encoder.encodeToString(
                java.util.Arrays.copyOf(bytes, bytes.length + 1)));
        assertTokenRejected(bearer, "pageSize=2&nextPageToken=" + token.substring(0, token.length() - 1));
        assertTokenRejected(bearer, "pageSize=2&nextPageToken=" + token + token);
    }

    @Test
    void tokenOfAnotherProjectIsRejected() {
        String first = projectWithEntries(5);
        String second = projectWithEntries(5);
        String firstToken = nextToken(page(reader(first), "pageSize=2"));
        String secondToken = nextToken(page(reader(second), "pageSize=2"));

        assertTokenRejected(reader(first), "pageSize=2&nextPageToken=" + secondToken);
        assertTokenRejected(reader(second), "pageSize=2&nextPageToken=" + firstToken);
    }

    @Test
    void tokenReusedWithOtherFiltersIsRejected() {
        String project = projectWithEntries(8);
        String bearer = reader(project);
        String filters = "eventTypes=Message%20Status&fromDate=1000&pageSize=2";
        String token = nextToken(page(bearer, filters));
        assertNotNull(token);

        for (String other : new String[]{
                "pageSize=2",
                "eventTypes=Other&fromDate=1000&pageSize=2",
                "eventTypes=Message%20Status,Other&fromDate=1000&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1001&pageSize=2",
                "eventTypes=Message%20Status&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&toDate=3155378975999999999&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&order=desc&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&phoneNumberId=106540352242922&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&url=-&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&status=delivered&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&messageId=wamid.x&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&waId=16505551234&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&errorCode=131047&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&flyoutStatus=-&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&responseCode=0&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&responseCode=2xx&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&q=delivered&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&category=utility&pageSize=2",
                "eventTypes=Message%20Status&fromDate=1000&templateName=order_update&pageSize=2"}) {
            assertTokenRejected(bearer, withToken(other, token));
        }
    }

    @Test
    void tokenReusedWithTheSameFiltersSpelledDifferentlyIsAccepted() {
        String project = projectWithEntries(8);
        String bearer = reader(project);
        String token = nextToken(page(bearer, "eventTypes=Message%20Status,Other&status=delivered,read&pageSize=1"));

        Response response = get(bearer, withToken(
                "eventTypes=other&eventTypes=%20message%20status&status=read,%20delivered&pageSize=1", token));

        assertEquals(200, response.statusCode(), response.asString());
    }

    @Test
    void standardAlphabetTokenIsAccepted() {
        String project = projectWithEntries(60);
        String bearer = reader(project);
        String token = tokenWith(bearer, t -> t.contains("-") && t.contains("_"));
        String expected = get(bearer, withToken("pageSize=1", token)).asString();
        String standard = Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(token));

        String encoded = standard.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D");
        Response response = get(bearer, withToken("pageSize=1", encoded));

        assertEquals(200, response.statusCode(), response.asString());
        assertEquals(expected, response.asString());
    }

    @Test
    void paddedTokenIsAccepted() {
        String project = projectWithEntries(3);
        String bearer = reader(project);
        String token = nextToken(page(bearer, "pageSize=1"));
        String expected = get(bearer, withToken("pageSize=1", token)).asString();
        String padding = "=".repeat((4 - token.length() % 4) % 4);
        assertEquals(false, padding.isEmpty(), "the token length needs no padding: " + token);

        Response raw = get(bearer, withToken("pageSize=1", token + padding));
        Response encoded = get(bearer, withToken("pageSize=1", token + padding.replace("=", "%3D")));

        assertEquals(expected, raw.asString());
        assertEquals(expected, encoded.asString());
    }

    @Test
    void spaceWhereThePlusWasIsAccepted() {
        String project = projectWithEntries(60);
        String bearer = reader(project);
        String token = tokenWith(bearer, t -> t.contains("-"));
        String expected = get(bearer, withToken("pageSize=1", token)).asString();
        String standard = Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(token))
                .replace("/", "%2F").replace("=", "%3D");

        Response plusUnencoded = get(bearer, withToken("pageSize=1", standard));
        Response space = get(bearer, withToken("pageSize=1", standard.replace("+", "%20")));

        assertEquals(expected, plusUnencoded.asString());
        assertEquals(expected, space.asString());
    }

    @Test
    void garbageTokenIsRejected() {
        String project = projectWithEntries(3);
        String bearer = reader(project);
        for (String garbage : new String[]{"garbage", "%21%21%21%21", "AAAA", "A", "%3D%3D%3D%3D", "null", "0",
                "a.b.c", "%C3%A9t%C3%A9", "A".repeat(2000),
                Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[49]),
                "eyJQcm9qZWN0SWQiOnsiTiI6IjEyMzQ1In0sIkNyZWF0ZWRBdCI6eyJOOiI2Mzg1MDAwMDAwMDAwMDAwMCJ9fQ%3D%3D"}) {
            assertTokenRejected(bearer, "pageSize=1&nextPageToken=" + garbage);
        }
    }

    @Test
    void tokenOfTheLastPagePositionStillWorksAfterItsEntryIsDeleted() {
        String project = projectWithEntries(4);
        String bearer = reader(project);
        JsonNode first = page(bearer, "pageSize=2");
        String lastShown = first.get("data").get("logs").get(1).get("log_id").asText();
        new LogRows(dataSource).delete(project, List.of(Long.parseLong(lastShown)));

        JsonNode second = page(bearer, withToken("pageSize=2", nextToken(first)));

        assertEquals(2, second.get("data").get("logs").size());
    }
}
