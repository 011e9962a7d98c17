package io.sendzen.logs.projects;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.projects.Envelopes.UNSUPPORTED_MEDIA_TYPE;
import static io.sendzen.logs.projects.Envelopes.assertBody;
import static io.sendzen.logs.projects.Envelopes.assertInvalid;
import static io.sendzen.logs.projects.Envelopes.problem;
import static io.sendzen.logs.support.Admin.addWebhook;
import static io.sendzen.logs.support.Admin.createProject;

/** What every admin endpoint that takes a body answers when the body is not a JSON object. */
@QuarkusTest
class AdminRequestBodyTest {

    private static String projectId;
    private static String webhookId;

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("POST", "/v1/admin/projects"),
                Arguments.of("PATCH", "/v1/admin/projects/{project}"),
                Arguments.of("POST", "/v1/admin/projects/{project}/phone-numbers"),
                Arguments.of("POST", "/v1/admin/projects/{project}/wabas"),
                Arguments.of("POST", "/v1/admin/projects/{project}/webhooks"),
                Arguments.of("PATCH", "/v1/admin/projects/{project}/webhooks/{webhook}"),
                Arguments.of("POST", "/v1/admin/projects/{project}/tokens"));
    }

    /** An existing project and webhook, so that the body is the only thing wrong with a request. */
    private static synchronized String resolve(String path) {
        if (projectId == null) {
            projectId = createProject("body");
            webhookId = addWebhook(projectId).id();
        }
        return path.replace("{project}", projectId).replace("{webhook}", webhookId);
    }

    private static Response send(String method, String path, String contentType, String body) {
        RequestSpecification request = given().auth().oauth2(TestTokens.admin()).contentType(contentType);
        if (body != null) {
            request = request.body(body);
        }
        return request.when().request(method, resolve(path));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void malformedJsonIsRejected(String method, String path) {
        assertInvalid(send(method, path, "application/json", "{\"name\":"), problem("body", "is not valid JSON"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void trailingGarbageAfterJsonIsRejected(String method, String path) {
        assertInvalid(send(method, path, "application/json", "{} x"), problem("body", "is not valid JSON"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void secondJsonValueAfterTheBodyIsRejected(String method, String path) {
        assertInvalid(send(method, path, "application/json", "{}{}"), problem("body", "is not valid JSON"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void textPlainBodyIsUnsupportedMediaType(String method, String path) {
        assertBody(send(method, path, "text/plain", "{\"name\":\"x\"}"), 415, UNSUPPORTED_MEDIA_TYPE);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void emptyBodyIsRejected(String method, String path) {
        assertInvalid(send(method, path, "application/json", null), problem("body", "is required"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void jsonNullBodyIsRejected(String method, String path) {
        assertInvalid(send(method, path, "application/json", "null"), problem("body", "is required"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void jsonArrayBodyIsRejected(String method, String path) {
        assertInvalid(send(method, path, "application/json", "[]"), problem("body", "must be a JSON object"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void jsonStringBodyIsRejected(String method, String path) {
        assertInvalid(send(method, path, "application/json", "\"x\""), problem("body", "must be a JSON object"));
    }
}
