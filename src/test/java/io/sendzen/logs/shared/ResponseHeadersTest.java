package io.sendzen.logs.shared;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every answer carries, errors included, and what no answer carries unless configured (CORS). */
@QuarkusTest
class ResponseHeadersTest {

    @Test
    void everyApiAnswerIsNeitherSniffedNorCached() {
        String reader = TestTokens.project(Admin.createProject(), Scopes.LOGS_READ);
        List<Response> answers = List.of(
                given().auth().oauth2(reader).get("/v1/logs"),                       // 200
                given().get("/v1/logs"),                                              // 401
                given().auth().oauth2(reader).get("/v1/logs?pageSize=0"),             // 400
                given().auth().oauth2(reader).get("/v1/admin/projects"),              // 403
                given().auth().oauth2(TestTokens.admin()).get("/v1/no-such-thing"),   // 404 from the router
                given().auth().oauth2(reader).delete("/v1/logs"));                    // 405
        List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
        assertEquals(List.of(200, 401, 400, 403, 404, 405), statuses);
        for (Response answer : answers) {
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), "status " + answer.statusCode());
            assertEquals("no-store", answer.header("Cache-Control"), "status " + answer.statusCode());
        }
    }

    @Test
    void answersOutsideTheApiAreNotSniffedEither() {
        Response health = given().get("/q/health/live");
        assertEquals(200, health.statusCode());
        assertEquals("nosniff", health.header("X-Content-Type-Options"));
    }

    @Test
    void crossOriginCallsAreNotAllowedUnlessConfigured() throws Exception {
        // a preflight is no operation of the contract: sent past the suite's contract check
        HttpResponse<String> preflight = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + "/v1/logs"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), preflight.headers().toString());
        Response call = given().header("Origin", "https://evil.example")
                .auth().oauth2(TestTokens.project(Admin.createProject(), Scopes.LOGS_READ)).get("/v1/logs");
        assertEquals(200, call.statusCode());
        assertNull(call.header("Access-Control-Allow-Origin"));
    }
}
