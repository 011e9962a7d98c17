package io.sendzen.logs.logs;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.projects.Tokens;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.logs.LogsApi.get;
import static io.sendzen.logs.logs.LogsApi.logIds;
import static io.sendzen.logs.logs.LogsApi.page;
import static io.sendzen.logs.logs.LogsApi.reader;
import static io.sendzen.logs.logs.LogsApi.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class LogsAuthorizationTest {

    private static final String UNAUTHORIZED = "{\"message\":\"Unauthorized\"}";
    private static final String FORBIDDEN = "{\"message\":\"Forbidden\"}";

    @Inject
    AgroalDataSource dataSource;

    private static void assertUnauthorized(Response response) {
        assertEquals(401, response.statusCode(), response.asString());
        assertEquals("Bearer", response.header("WWW-Authenticate"));
        assertEquals(UNAUTHORIZED, response.asString());
    }

    private static void assertForbidden(Response response) {
        assertEquals(403, response.statusCode(), response.asString());
        assertEquals(FORBIDDEN, response.asString());
    }

    private static void disable(String project, boolean disabled) {
        Admin.updateProject(project, "{\"enabled\":" + !disabled + "}");
    }

    @Test
    void noTokenIsUnauthorized() {
        assertUnauthorized(given().when().get("/v1/logs"));
    }

    @Test
    void noTokenWithBadParametersIsStillUnauthorized() {
        assertUnauthorized(given().urlEncodingEnabled(false).when().get("/v1/logs?pageSize=0&fromDate=x"));
    }

    @Test
    void malformedOrForeignTokenIsUnauthorized() {
        String project = Admin.createProject();
        assertUnauthorized(get("not-a-jwt", ""));
        String token = reader(project);
        assertUnauthorized(get(token.substring(0, token.length() - 4) + "AAAA", ""));
        assertUnauthorized(get(Tokens.claims("someone-else", project, Set.of(Scopes.LOGS_READ),
                Instant.now().plusSeconds(600)).sign(), ""));
    }

    @Test
    void expiredTokenIsUnauthorized() {
        String project = Admin.createProject();
        assertUnauthorized(get(Tokens.claims(TestTokens.ISSUER, project, Set.of(Scopes.LOGS_READ),
                Instant.now().minusSeconds(3600)).sign(), ""));
    }

    @Test
    void adminTokenIsForbidden() {
        assertForbidden(get(TestTokens.admin(), ""));
    }

    @Test
    void tokenWithoutLogsReadIsForbidden() {
        String project = Admin.createProject();
        assertForbidden(get(TestTokens.project(project, Scopes.LOGS_WRITE), ""));
        assertForbidden(get(TestTokens.project(project), ""));
    }

    @Test
    void tokenOfAnUnknownProjectIsForbidden() {
        assertForbidden(get(TestTokens.project("p-never-created", Scopes.LOGS_READ), ""));
    }

    @Test
    void disabledProjectIsForbiddenUntilEnabledAgain() {
        String project = Admin.createProject();
        new LogRows(dataSource).insert(LogRows.entry(project, LogRows.minutesAgo(5)));
        String bearer = reader(project);
        assertEquals(200, get(bearer, "").statusCode());

        disable(project, true);
        assertForbidden(get(bearer, ""));
        assertForbidden(get(bearer, "pageSize=0"));

        disable(project, false);
        assertEquals(1, logIds(page(bearer, "")).size());
    }

    @Test
    void projectNeverSeesAnotherProjectsEntries() {
        String mine = Admin.createProject();
        String theirs = Admin.createProject();
        long at = LogRows.minutesAgo(30);
        List<LogRows.Entry> myEntries = new ArrayList<>();
        List<LogRows.Entry> theirEntries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            myEntries.add(LogRows.entry(mine, at + i).messageId("wamid.shared" + i));
            theirEntries.add(LogRows.entry(theirs, at + i).messageId("wamid.shared" + i)
                    .forwarded("https://theirs.example.com/h", "success", "200 OK", 200));
        }
        LogRows rows = new LogRows(dataSource);
        Set<Long> myIds = new HashSet<>(rows.insert(myEntries));
        Set<Long> theirIds = new HashSet<>(rows.insert(theirEntries));
        rows.insert(LogRows.entry("", at).messageId("wamid.shared0"));

        String bearer = reader(mine);
        assertEquals(myIds, new HashSet<>(walk(bearer, "", 5)));
        assertEquals(myIds, new HashSet<>(walk(bearer, "fromDate=0&toDate=3155378975999999999&order=desc", 20)));
        assertEquals(List.of(), walk(bearer, "url=https://theirs.example.com/h", 20));
        assertEquals(1, walk(bearer, "messageId=wamid.shared0", 20).size());
        assertEquals(theirIds, new HashSet<>(walk(reader(theirs), "", 20)));
        page(bearer, "").get("data").get("logs")
                .forEach(log -> assertEquals(mine, log.get("project_id").asText()));
    }

    @Test
    void unroutedEntriesAreNotVisibleToAnyProject() {
        String project = Admin.createProject();
        new LogRows(dataSource).insert(LogRows.entry("", LogRows.minutesAgo(1)));
        assertTrue(walk(reader(project), "", 20).isEmpty());
        assertForbidden(get(TestTokens.project("", Scopes.LOGS_READ), ""));
    }
}
