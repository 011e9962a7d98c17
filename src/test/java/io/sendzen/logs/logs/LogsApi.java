package io.sendzen.logs.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.support.TestTokens;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls {@code GET /v1/logs} the way a client does, with the query string exactly as given (already encoded), and
 * reads responses as raw JSON so that 18-digit Ticks and key order are seen as sent.
 */
final class LogsApi {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OK_MESSAGE = "Notification logs retrieved successfully";

    private LogsApi() {
    }

    static String reader(String projectId) {
        return TestTokens.project(projectId, Scopes.LOGS_READ);
    }

    /** {@code query} is sent as it is: encode what needs encoding. */
    static Response get(String bearer, String query) {
        return given().urlEncodingEnabled(false).auth().oauth2(bearer)
                .when().get(query.isEmpty() ? "/v1/logs" : "/v1/logs?" + query);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** One page that must be a 200, as parsed JSON. */
    static JsonNode page(String bearer, String query) {
        Response response = get(bearer, query);
        assertEquals(200, response.statusCode(), () -> query + " -> " + response.asString());
        return json(response.asString());
    }

    /** A 400 for {@code query}, as parsed JSON, after checking the error envelope. */
    static JsonNode rejected(String bearer, String query) {
        Response response = get(bearer, query);
        String body = response.asString();
        assertEquals(400, response.statusCode(), () -> query + " -> " + body);
        assertTrue(response.contentType().startsWith("application/json"), () -> query + " -> " + response.contentType());
        JsonNode json = json(body);
        assertEquals(List.of("message", "data", "errors"), fieldNames(json), body);
        assertEquals("Invalid request parameters", json.get("message").asText(), body);
        assertTrue(json.get("data").isNull(), body);
        assertTrue(json.get("errors").isArray() && !json.get("errors").isEmpty(), body);
        for (JsonNode error : json.get("errors")) {
            assertEquals(List.of("parameter", "problem"), fieldNames(error), body);
        }
        return json;
    }

    /** The parameters named in a 400's {@code errors}. */
    static List<String> problemParameters(JsonNode rejection) {
        List<String> names = new ArrayList<>();
        rejection.get("errors").forEach(error -> names.add(error.get("parameter").asText()));
        return names;
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    static List<Long> logIds(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        for (JsonNode log : page.get("data").get("logs")) {
            assertTrue(log.get("log_id").isTextual(), log::toString);
            ids.add(Long.parseLong(log.get("log_id").asText()));
        }
        return ids;
    }

    static String nextToken(JsonNode page) {
        JsonNode token = page.get("data").get("next_page_token");
        return token == null ? null : token.asText();
    }

    /** Appends the token parameter to {@code query}. */
    static String withToken(String query, String token) {
        return (query.isEmpty() ? "" : query + "&") + "nextPageToken=" + token;
    }

    /**
     * Every log id of {@code query}, page by page, checking on the way that each page but the last is full and that
     * only the last page lacks a token.
     */
    static List<Long> walk(String bearer, String query, int pageSize, Runnable betweenPages) {
        String first = (query.isEmpty() ? "" : query + "&") + "pageSize=" + pageSize;
        List<Long> ids = new ArrayList<>();
        JsonNode page = page(bearer, first);
        while (true) {
            List<Long> shown = logIds(page);
            ids.addAll(shown);
            String token = nextToken(page);
            if (token == null) {
                assertFalse(page.get("data").has("next_page_token"), page::toString);
                return ids;
            }
            assertEquals(pageSize, shown.size(), () -> "a page before the last is short: " + first);
            betweenPages.run();
            page = page(bearer, withToken(first, token));
        }
    }

    static List<Long> walk(String bearer, String query, int pageSize) {
        return walk(bearer, query, pageSize, () -> {
        });
    }
}
