package io.sendzen.logs.projects;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.projects.Envelopes.assertForbidden;
import static io.sendzen.logs.projects.Envelopes.assertInvalid;
import static io.sendzen.logs.projects.Envelopes.assertInvalidParameters;
import static io.sendzen.logs.projects.Envelopes.assertNotFound;
import static io.sendzen.logs.projects.Envelopes.problem;
import static io.sendzen.logs.support.Admin.PROJECTS;
import static io.sendzen.logs.support.Admin.asAdmin;
import static io.sendzen.logs.support.Admin.createProject;
import static io.sendzen.logs.support.Admin.project;
import static io.sendzen.logs.support.Admin.uniqueId;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class TokenResourceTest {

    private static final String TTL_PROBLEM = "must be between 1 and 31536000";
    private static final String SCOPES_REQUIRED = "is required: one or more of logs:read, logs:write, messages:send";

    private static String tokens(String projectId) {
        return project(projectId) + "/tokens";
    }

    private static Response mint(String projectId, String json) {
        return asAdmin(json).when().post(tokens(projectId));
    }

    private static JsonPath claims(String token) {
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length, token);
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    @Test
    void tokenIsMintedWithItsExpiry() {
        String id = createProject("tok-mint");
        long before = Instant.now().getEpochSecond();
        Response response = mint(id, "{\"scopes\":[\"logs:read\"],\"ttl_seconds\":3600}");
        response.then().statusCode(201)
                .body("$", aMapWithSize(3))
                .body("id", matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
                .body("token", matchesPattern("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"))
                .body("expires_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"));
        long expiresAt = Instant.parse(response.path("expires_at")).getEpochSecond();
        assertTrue(expiresAt >= before + 3600 && expiresAt <= Instant.now().getEpochSecond() + 3600,
                "expires_at " + expiresAt);
    }

    @Test
    void mintedTokenCarriesProjectScopesIssuerAndExpiry() {
        String id = createProject("tok-claims");
        Response response = mint(id, "{\"scopes\":[\"logs:read\",\"logs:write\"],\"ttl_seconds\":600}");
        response.then().statusCode(201);
        JsonPath claims = claims(response.path("token"));
        assertEquals(id, claims.getString("project_id"));
        assertEquals(List.of("logs:read", "logs:write"), claims.getList("groups"));
        assertEquals("sendzen-logs", claims.getString("iss"));
        assertEquals(Instant.parse(response.path("expires_at")).getEpochSecond(), claims.getLong("exp"));
    }

    @Test
    void mintedTokenIsAcceptedButCannotUseTheAdminApi() {
        String id = createProject("tok-use");
        String token = mint(id, "{\"scopes\":[\"logs:read\"],\"ttl_seconds\":3600}").path("token");
        assertForbidden(given().auth().oauth2(token).when().get(PROJECTS));
        assertForbidden(given().auth().oauth2(token).when().get(project(id)));
        assertForbidden(given().auth().oauth2(token).contentType("application/json")
                .body("{\"scopes\":[\"logs:read\"]}").when().post(tokens(id)));
    }

    @Test
    void writeScopedTokenCannotUseTheAdminApi() {
        String id = createProject("tok-write");
        String token = mint(id, "{\"scopes\":[\"logs:write\"]}").path("token");
        assertForbidden(given().auth().oauth2(token).when().delete(project(id)));
        asAdmin().when().get(project(id)).then().statusCode(200);
    }

    @Test
    void ttlDefaultsToOneHour() {
        String id = createProject("tok-default");
        long before = Instant.now().getEpochSecond();
        Response response = mint(id, "{\"scopes\":[\"logs:read\"]}");
        response.then().statusCode(201);
        long exp = claims(response.path("token")).getLong("exp");
        assertTrue(exp >= before + 3600 && exp <= Instant.now().getEpochSecond() + 3600, "exp " + exp);
    }

    @Test
    void repeatedScopeIsGrantedOnce() {
        String id = createProject("tok-repeat");
        Response response = mint(id, "{\"scopes\":[\"logs:read\",\"logs:read\"]}");
        response.then().statusCode(201);
        assertEquals(List.of("logs:read"), claims(response.path("token")).getList("groups"));
    }

    @Test
    void ttlOfOneYearIsAccepted() {
        String id = createProject("tok-year");
        mint(id, "{\"scopes\":[\"logs:read\"],\"ttl_seconds\":31536000}").then().statusCode(201);
    }

    @Test
    void missingScopesIsRejected() {
        String id = createProject("tok-noscopes");
        assertInvalid(mint(id, "{\"ttl_seconds\":3600}"), problem("scopes", SCOPES_REQUIRED));
    }

    @Test
    void emptyScopesIsRejected() {
        String id = createProject("tok-emptyscopes");
        assertInvalid(mint(id, "{\"scopes\":[]}"), problem("scopes", SCOPES_REQUIRED));
    }

    @Test
    void adminScopeCannotBeMinted() {
        String id = createProject("tok-admin");
        assertInvalid(mint(id, "{\"scopes\":[\"admin\"]}"),
                problem("scopes", "unknown scope 'admin' (logs:read, logs:write, messages:send)"));
    }

    @Test
    void unknownScopeIsRejected() {
        String id = createProject("tok-unknownscope");
        assertInvalid(mint(id, "{\"scopes\":[\"logs:read\",\"logs:delete\"]}"),
                problem("scopes", "unknown scope 'logs:delete' (logs:read, logs:write, messages:send)"));
    }

    @Test
    void nullScopeIsRejected() {
        String id = createProject("tok-nullscope");
        assertInvalid(mint(id, "{\"scopes\":[null]}"),
                problem("scopes", "unknown scope 'null' (logs:read, logs:write, messages:send)"));
    }

    @Test
    void scopesAsAStringIsRejected() {
        String id = createProject("tok-scopestring");
        assertInvalid(mint(id, "{\"scopes\":\"logs:read\"}"), problem("scopes", "must be an array"));
    }

    @Test
    void numericScopeIsRejected() {
        String id = createProject("tok-scopenum");
        assertInvalid(mint(id, "{\"scopes\":[1]}"), problem("scopes[0]", "must be a string"));
    }

    @Test
    void ttlZeroIsRejected() {
        String id = createProject("tok-ttl0");
        assertInvalid(mint(id, "{\"scopes\":[\"logs:read\"],\"ttl_seconds\":0}"), problem("ttl_seconds", TTL_PROBLEM));
    }

    @Test
    void negativeTtlIsRejected() {
        String id = createProject("tok-ttlneg");
        assertInvalid(mint(id, "{\"scopes\":[\"logs:read\"],\"ttl_seconds\":-5}"), problem("ttl_seconds", TTL_PROBLEM));
    }

    @Test
    void ttlOverOneYearIsRejected() {
        String id = createProject("tok-ttlmax");
        assertInvalid(mint(id, "{\"scopes\":[\"logs:read\"],\"ttl_seconds\":31536001}"),
                problem("ttl_seconds", TTL_PROBLEM));
    }

    @Test
    void ttlBeyondAnIntegerIsRejected() {
        String id = createProject("tok-ttlhuge");
        assertInvalidParameters(mint(id, "{\"scopes\":[\"logs:read\"],\"ttl_seconds\":99999999999999999999}"),
                "ttl_seconds");
    }

    @Test
    void stringTtlIsRejected() {
        String id = createProject("tok-ttlstring");
        assertInvalid(mint(id, "{\"scopes\":[\"logs:read\"],\"ttl_seconds\":\"3600\"}"),
                problem("ttl_seconds", "must be an integer"));
    }

    @Test
    void fractionalTtlIsRejected() {
        String id = createProject("tok-ttlfraction");
        assertInvalid(mint(id, "{\"scopes\":[\"logs:read\"],\"ttl_seconds\":3600.5}"),
                problem("ttl_seconds", "must be an integer"));
    }

    @Test
    void unknownFieldOnTokenRequestIsRejected() {
        String id = createProject("tok-unknownfield");
        assertInvalid(mint(id, "{\"scopes\":[\"logs:read\"],\"project_id\":\"other\"}"),
                problem("project_id", "is not a known field"));
    }

    @Test
    void everyProblemOfATokenRequestIsNamed() {
        String id = createProject("tok-all");
        assertInvalid(mint(id, "{\"scopes\":[\"admin\"],\"ttl_seconds\":0}"),
                problem("scopes", "unknown scope 'admin' (logs:read, logs:write, messages:send)"),
                problem("ttl_seconds", TTL_PROBLEM));
    }

    @Test
    void tokenForUnknownProjectIsNotFound() {
        assertNotFound(mint(uniqueId("tok-missing"), "{\"scopes\":[\"logs:read\"]}"));
    }
}
