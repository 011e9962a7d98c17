package io.sendzen.logs.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.support.Admin.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every admin change, token mint and revoke, and redelivery leaves an audit record; each project sees its own. */
@QuarkusTest
class AuditTest {

    private static JsonPath adminTrail(String projectId) {
        return asAdmin().queryParam("projectId", projectId).queryParam("pageSize", 100)
                .get("/v1/admin/audit").then().statusCode(200).extract().jsonPath();
    }

    private static String claim(String token, String name) {
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return JsonPath.from(claims).getString(name);
    }

    @Test
    void adminChangesAndTokensAreRecordedNewestFirstWithoutTheTokenText() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        Admin.Endpoint endpoint = Admin.addWebhook(project);
        JsonPath minted = asAdmin("{\"scopes\":[\"logs:read\"]}").post("/v1/admin/projects/{id}/tokens", project)
                .then().statusCode(201).extract().jsonPath();
        asAdmin().delete("/v1/admin/projects/{id}/tokens/{jti}", project, minted.getString("id")).then().statusCode(204);

        JsonPath trail = adminTrail(project);
        assertEquals(List.of("token.revoke", "token.mint", "admin.webhook.create", "admin.phone_number.add",
                "admin.project.create"), trail.getList("data.action"));
        assertEquals(Map.of("id", project, "created", minted.getString("id")), trail.getMap("data[1].target"));
        assertEquals(Map.of("id", project, "jti", minted.getString("id")), trail.getMap("data[0].target"));
        assertEquals(Map.of("id", project, "created", endpoint.id()), trail.getMap("data[2].target"));
        assertEquals(Map.of("id", project), trail.getMap("data[3].target"));
        assertTrue(trail.getList("data.project_id").stream().allMatch(project::equals));
        assertNotNull(trail.getString("data[0].actor.jti"));
        assertEquals(claim(TestTokens.admin(), "sub"), trail.getString("data[0].actor.sub"));
        String body = asAdmin().queryParam("projectId", project).get("/v1/admin/audit").asString();
        assertFalse(body.contains(minted.getString("token")), "the token's text is never recorded");
        assertFalse(body.contains("whsec_"), "nor a webhook secret");
        assertFalse(trail.getString("data[4].at").isEmpty());
        assertTrue(phone.length() > 0);
    }

    @Test
    void aFailedChangeIsNotRecorded() {
        String project = Admin.createProject();
        asAdmin().delete("/v1/admin/projects/{id}/phone-numbers/{pn}", project, "100000000000999").then().statusCode(404);
        asAdmin("{\"url\":\"not a url\"}").post("/v1/admin/projects/{id}/webhooks", project).then().statusCode(400);
        assertEquals(List.of("admin.project.create"), adminTrail(project).getList("data.action"));
    }

    @Test
    void aRedeliveryIsRecordedForTheProjectWithTheTokenThatAskedForIt() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        Admin.addWebhook(project);
        String writer = TestTokens.project(project, Scopes.LOGS_WRITE);
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        String reader = TestTokens.project(project, Scopes.LOGS_READ);
        String logId = given().auth().oauth2(reader).get("/v1/logs").then().statusCode(200).extract()
                .jsonPath().getString("data.logs[0].log_id");
        given().auth().oauth2(writer).post("/v1/logs/{id}/redeliver", logId).then().statusCode(202);

        JsonPath own = given().auth().oauth2(reader).get("/v1/audit").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("log.redeliver", "admin.webhook.create", "admin.phone_number.add", "admin.project.create"),
                own.getList("data.records.action"));
        assertEquals("Audit records retrieved successfully", own.getString("message"));
        assertEquals("log.redeliver", own.getString("data.records[0].action"));
        assertEquals(Map.of("log_id", logId), own.getMap("data.records[0].target"));
        assertEquals(claim(writer, "jti"), own.getString("data.records[0].actor.jti"));
        assertEquals(project, own.getString("data.records[0].project_id"));
        assertNull(own.get("data.records[0].count"));
    }

    @Test
    void aProjectSeesOnlyItsOwnRecordsPageByPage() {
        String project = Admin.createProject();
        String other = Admin.createProject();
        for (int i = 0; i < 3; i++) {
            Admin.addPhoneNumber(project);
            Admin.addPhoneNumber(other);
        }
        String reader = TestTokens.project(project, Scopes.LOGS_READ);
        List<String> seen = new ArrayList<>();
        String next = null;
        do {
            var request = given().auth().oauth2(reader).queryParam("pageSize", 2);
            if (next != null) {
                request.queryParam("nextPageToken", next);
            }
            JsonPath page = request.get("/v1/audit").then().statusCode(200).extract().jsonPath();
            assertTrue(page.getList("data.records").size() <= 2);
            page.getList("data.records.project_id").forEach(p -> assertEquals(project, p));
            seen.addAll(page.getList("data.records.id"));
            next = page.getString("data.next_page_token");
        } while (next != null);
        assertEquals(4, seen.size(), "the project's creation and its three phone numbers: " + seen);
        List<Long> ids = seen.stream().map(Long::parseLong).toList();
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) < ids.get(i - 1), "newest first: " + ids);
        }
    }

    @Test
    void aPageTokenOfOneProjectIsRefusedForAnother() {
        String project = Admin.createProject();
        Admin.addPhoneNumber(project);
        String other = Admin.createProject();
        String token = given().auth().oauth2(TestTokens.project(project, Scopes.LOGS_READ)).queryParam("pageSize", 1)
                .get("/v1/audit").then().statusCode(200).extract().jsonPath().getString("data.next_page_token");
        assertNotNull(token);
        given().auth().oauth2(TestTokens.project(other, Scopes.LOGS_READ)).queryParam("nextPageToken", token)
                .get("/v1/audit").then().statusCode(400);
        asAdmin().queryParam("nextPageToken", token).get("/v1/admin/audit").then().statusCode(400);
    }

    @Test
    void badParametersAreRefusedAndOperatorsOnlySeeEveryone() {
        String reader = TestTokens.project(Admin.createProject(), Scopes.LOGS_READ);
        given().auth().oauth2(reader).queryParam("pageSize", 0).get("/v1/audit").then().statusCode(400);
        given().auth().oauth2(reader).queryParam("pageSize", "x").get("/v1/audit").then().statusCode(400);
        asAdmin().queryParam("pageSize", 101).get("/v1/admin/audit").then().statusCode(400);
        asAdmin().queryParam("projectId", "").get("/v1/admin/audit").then().statusCode(400);
        given().auth().oauth2(reader).get("/v1/admin/audit").then().statusCode(403);
        given().get("/v1/audit").then().statusCode(401);
    }
}
