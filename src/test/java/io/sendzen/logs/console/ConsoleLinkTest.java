package io.sendzen.logs.console;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.support.Admin.asAdmin;
import static io.sendzen.logs.support.Admin.createProject;
import static io.sendzen.logs.support.Admin.project;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ConsoleLinkTest {

    private static Response link(String projectId, String json) {
        return asAdmin(json).when().post(project(projectId) + "/console-links");
    }

    private static String tokenOf(String url) {
        assertTrue(url.startsWith("/console/#token="), url);
        return url.substring("/console/#token=".length());
    }

    private static JsonPath claims(String token) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static List<Map<String, String>> problems(Response response) {
        assertEquals(400, response.statusCode(), response.asString());
        assertEquals("Invalid request parameters", response.path("message"));
        return response.jsonPath().getList("errors");
    }

    @Test
    void aLinkCarriesAProjectTokenInItsFragment() {
        String id = createProject("console-link");
        long before = Instant.now().getEpochSecond();
        Response response = link(id, "{\"scopes\":[\"logs:read\",\"logs:write\"],\"ttl_seconds\":3600}");
        assertEquals(201, response.statusCode(), response.asString());
        assertEquals(List.of("data"), List.copyOf(response.jsonPath().getMap("$").keySet()));
        String token = tokenOf(response.path("data.url"));
        JsonPath claims = claims(token);
        assertEquals(id, claims.getString("project_id"));
        assertEquals(List.of("logs:read", "logs:write"), claims.getList("groups"));
        assertEquals(response.<String>path("data.token_id"), claims.getString("jti"));
        long expiresAt = Instant.parse(response.path("data.expires_at")).getEpochSecond();
        assertTrue(expiresAt >= before + 3600 && expiresAt <= Instant.now().getEpochSecond() + 3600, "" + expiresAt);
        given().auth().oauth2(token).get("/v1/logs").then().statusCode(200);
    }

    @Test
    void theLinksTokenIsListedAndRevocable() {
        String id = createProject("console-revoke");
        Response response = link(id, "{\"scopes\":[\"logs:read\"],\"ttl_seconds\":600}");
        String tokenId = response.path("data.token_id");
        List<String> listed = asAdmin().get(project(id) + "/tokens").jsonPath().getList("data.id");
        assertEquals(List.of(tokenId), listed);
        asAdmin().delete(project(id) + "/tokens/" + tokenId).then().statusCode(204);
        given().auth().oauth2(tokenOf(response.path("data.url"))).get("/v1/logs").then().statusCode(401);
    }

    @Test
    void aLinkIsAuditedAsATokenMintWithItsIdNeverItsText() {
        String id = createProject("console-audit");
        Response response = link(id, "{\"scopes\":[\"logs:read\"],\"ttl_seconds\":60}");
        String tokenId = response.path("data.token_id");
        String audit = asAdmin().queryParam("projectId", id).get("/v1/admin/audit").asString();
        JsonPath records = JsonPath.from(audit);
        assertEquals(List.of("token.mint", "admin.project.create"), records.getList("data.action"));
        assertEquals(tokenId, records.getString("data[0].target.created"));
        assertTrue(!audit.contains(tokenOf(response.path("data.url"))), audit);
    }

    @Test
    void withoutABodyALinkReadsAndWritesForAnHour() {
        String id = createProject("console-default");
        Response response = asAdmin().contentType("application/json").body("{}")
                .post(project(id) + "/console-links");
        assertEquals(201, response.statusCode(), response.asString());
        assertEquals(List.of("logs:read", "logs:write"), claims(tokenOf(response.path("data.url"))).getList("groups"));
        long ttl = Instant.parse(response.path("data.expires_at")).getEpochSecond() - Instant.now().getEpochSecond();
        assertTrue(ttl > 3500 && ttl <= 3600, "" + ttl);
    }

    @Test
    void aTtlBeyondADayAndAnUnknownScopeAreOneBadRequest() {
        String id = createProject("console-bad");
        List<Map<String, String>> problems = problems(link(id, "{\"scopes\":[\"admin\"],\"ttl_seconds\":86401}"));
        assertEquals(List.of(
                Map.of("parameter", "scopes", "problem", "unknown scope 'admin' (logs:read, logs:write)"),
                Map.of("parameter", "ttl_seconds", "problem", "must be between 1 and 86400")), problems);
        assertEquals(List.of(), asAdmin().get(project(id) + "/tokens").jsonPath().getList("data"));
    }

    @Test
    void noScopesAndAZeroTtlAreRefused() {
        String id = createProject("console-empty");
        List<Map<String, String>> problems = problems(link(id, "{\"scopes\":[],\"ttl_seconds\":0}"));
        assertEquals(List.of("scopes", "ttl_seconds"), problems.stream().map(p -> p.get("parameter")).toList());
    }

    @Test
    void aTtlOfTheWrongTypeIsABadRequest() {
        String id = createProject("console-type");
        List<Map<String, String>> problems = problems(link(id, "{\"ttl_seconds\":\"soon\"}"));
        assertEquals("ttl_seconds", problems.get(0).get("parameter"));
    }

    @Test
    void anUnknownProjectIsNotFound() {
        link("no-such-project-" + Admin.uniqueId("x"), "{\"scopes\":[\"logs:read\"]}").then().statusCode(404);
    }

    @Test
    void onlyAnAdminMakesLinks() {
        String id = createProject("console-forbidden");
        given().auth().oauth2(TestTokens.project(id, "logs:read", "logs:write")).contentType("application/json")
                .body("{}").post(project(id) + "/console-links").then().statusCode(403);
        given().contentType("application/json").body("{}").post(project(id) + "/console-links")
                .then().statusCode(401);
    }
}
