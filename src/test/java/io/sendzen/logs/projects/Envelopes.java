package io.sendzen.logs.projects;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sendzen.logs.shared.Problem;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The error envelope of docs/logs-api.md, asserted exactly: status, key order, message, {@code data: null}, errors. */
final class Envelopes {

    static final String UNAUTHORIZED = "{\"message\":\"Unauthorized\"}";
    static final String FORBIDDEN = "{\"message\":\"Forbidden\"}";
    static final String NOT_FOUND = "{\"message\":\"Not found\",\"data\":null}";
    static final String METHOD_NOT_ALLOWED = "{\"message\":\"Method not allowed\",\"data\":null}";
    static final String UNSUPPORTED_MEDIA_TYPE = "{\"message\":\"Unsupported media type\",\"data\":null}";

    private Envelopes() {
    }

    static Problem problem(String parameter, String problem) {
        return new Problem(parameter, problem);
    }

    /** A 400 whose {@code errors} are exactly {@code expected}, in order. */
    static void assertInvalid(Response response, Problem... expected) {
        assertEquals(Arrays.asList(expected), errors(response, 400, "Invalid request parameters"));
    }

    /** A 400 whose {@code errors} name exactly these parameters, each with some problem. */
    static void assertInvalidParameters(Response response, String... parameters) {
        List<Problem> errors = errors(response, 400, "Invalid request parameters");
        assertEquals(Arrays.asList(parameters), errors.stream().map(Problem::parameter).toList(), response.asString());
        errors.forEach(p -> assertFalse(p.problem() == null || p.problem().isBlank(), response.asString()));
    }

    static void assertConflict(Response response, Problem expected) {
        assertEquals(List.of(expected), errors(response, 409, "Conflict"));
    }

    static void assertBody(Response response, int status, String body) {
        assertEquals(status, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith(ContentType.JSON.toString()), response.contentType());
        assertEquals(body, response.asString());
    }

    static void assertNotFound(Response response) {
        assertBody(response, 404, NOT_FOUND);
    }

    static void assertUnauthorized(Response response) {
        assertBody(response, 401, UNAUTHORIZED);
        assertEquals("Bearer", response.header("WWW-Authenticate"));
    }

    static void assertForbidden(Response response) {
        assertBody(response, 403, FORBIDDEN);
    }

    private static List<Problem> errors(Response response, int status, String message) {
        String body = response.asString();
        assertEquals(status, response.statusCode(), body);
        assertTrue(response.contentType().startsWith(ContentType.JSON.toString()), response.contentType());
        assertTrue(body.startsWith("{\"message\":\"" + message + "\",\"data\":null,\"errors\":["), body);
        JsonPath json = response.jsonPath();
        assertEquals(Set.of("message", "data", "errors"), json.getMap("$").keySet(), body);
        List<Map<String, Object>> errors = json.getList("errors");
        errors.forEach(e -> assertEquals(Set.of("parameter", "problem"), e.keySet(), body));
        return errors.stream().map(e -> new Problem((String) e.get("parameter"), (String) e.get("problem"))).toList();
    }
}
