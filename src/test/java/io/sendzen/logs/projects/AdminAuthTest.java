package io.sendzen.logs.projects;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.projects.Envelopes.assertForbidden;
import static io.sendzen.logs.projects.Envelopes.assertUnauthorized;
import static io.sendzen.logs.support.Admin.addWebhook;
import static io.sendzen.logs.support.Admin.asAdmin;
import static io.sendzen.logs.support.Admin.createProject;
import static io.sendzen.logs.support.Admin.project;
import static org.hamcrest.Matchers.equalTo;

/** Every admin endpoint wants a valid token with the {@code admin} scope, and says why when it has none. */
@QuarkusTest
class AdminAuthTest {

    private static final String P = "/v1/admin/projects/auth-target";

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("POST", "/v1/admin/projects", "{\"name\":\"x\"}"),
                Arguments.of("GET", "/v1/admin/projects", null),
                Arguments.of("GET", P, null),
                Arguments.of("PATCH", P, "{\"name\":\"x\"}"),
                Arguments.of("DELETE", P, null),
                Arguments.of("POST", P + "/phone-numbers", "{\"phone_number_id\":\"1\"}"),
                Arguments.of("GET", P + "/phone-numbers", null),
                Arguments.of("DELETE", P + "/phone-numbers/1", null),
                Arguments.of("POST", P + "/wabas", "{\"waba_id\":\"1\"}"),
                Arguments.of("GET", P + "/wabas", null),
                Arguments.of("DELETE", P + "/wabas/1", null),
                Arguments.of("POST", P + "/webhooks", "{\"url\":\"https://example.com/\"}"),
                Arguments.of("GET", P + "/webhooks", null),
                Arguments.of("GET", P + "/webhooks/wh_x", null),
                Arguments.of("PATCH", P + "/webhooks/wh_x", "{\"enabled\":false}"),
                Arguments.of("DELETE", P + "/webhooks/wh_x", null),
                Arguments.of("POST", P + "/webhooks/wh_x/rotate-secret", null),
                Arguments.of("POST", P + "/tokens", "{\"scopes\":[\"logs:read\"]}"));
    }

    private static Response call(RequestSpecification request, String method, String path, String body) {
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.when().request(method, path);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void noTokenIsUnauthorized(String method, String path, String body) {
        assertUnauthorized(call(given(), method, path, body));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void garbageBearerIsUnauthorized(String method, String path, String body) {
        assertUnauthorized(call(given().header("Authorization", "Bearer not-a-jwt"), method, path, body));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void expiredTokenIsUnauthorized(String method, String path, String body) {
        assertUnauthorized(call(given().auth().oauth2(TestTokens.expiredAdmin()), method, path, body));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void tokenFromAnotherIssuerIsUnauthorized(String method, String path, String body) {
        assertUnauthorized(call(given().auth().oauth2(TestTokens.otherIssuerAdmin()), method, path, body));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void tokenSignedWithAnotherKeyIsUnauthorized(String method, String path, String body) {
        assertUnauthorized(call(given().auth().oauth2(foreignAdminToken()), method, path, body));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void basicCredentialsAreUnauthorized(String method, String path, String body) {
        assertUnauthorized(call(given().auth().preemptive().basic("admin", "admin"), method, path, body));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void projectReadTokenIsForbidden(String method, String path, String body) {
        assertForbidden(call(given().auth().oauth2(TestTokens.project("auth-target", Scopes.LOGS_READ)),
                method, path, body));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void projectWriteTokenIsForbidden(String method, String path, String body) {
        assertForbidden(call(given().auth().oauth2(TestTokens.project("auth-target", Scopes.LOGS_READ, Scopes.LOGS_WRITE)),
                method, path, body));
    }

    @Test
    void forbiddenCallsChangeNothing() {
        String id = createProject("auth-intact");
        String webhookId = addWebhook(id).id();
        String token = TestTokens.project(id, Scopes.LOGS_READ, Scopes.LOGS_WRITE);
        given().auth().oauth2(token).when().delete(project(id) + "/webhooks/" + webhookId).then().statusCode(403);
        given().auth().oauth2(token).when().delete(project(id)).then().statusCode(403);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\":\"Taken\"}")
                .when().patch(project(id)).then().statusCode(403);
        asAdmin().when().get(project(id)).then().statusCode(200).body("name", equalTo("Project " + id));
        asAdmin().when().get(project(id) + "/webhooks/" + webhookId).then().statusCode(200);
    }

    @Test
    void unauthorizedCallsChangeNothing() {
        String id = createProject("auth-intact");
        given().when().delete(project(id)).then().statusCode(401);
        given().auth().oauth2(TestTokens.expiredAdmin()).when().delete(project(id)).then().statusCode(401);
        asAdmin().when().get(project(id)).then().statusCode(200);
    }

    /** An admin token with the right claims, signed by a key the service has never seen. */
    private static String foreignAdminToken() {
        return Tokens.claims(TestTokens.ISSUER, null, Set.of(Scopes.ADMIN), Instant.now().plusSeconds(600))
                .sign(ForeignKey.PRIVATE_KEY);
    }

    /** Generated once: an RSA key takes a while. */
    private static final class ForeignKey {
        static final PrivateKey PRIVATE_KEY = generate();

        private static PrivateKey generate() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair().getPrivate();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
