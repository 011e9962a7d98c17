package io.sendzen.logs.projects;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sendzen.logs.shared.Reads;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.support.Admin.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Minted tokens are listed and revoked; a revoked token is refused on every instance within two seconds. */
@QuarkusTest
class TokenRevocationTest {

    @Inject
    TokenRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @DataSource(Reads.DATASOURCE)
    AgroalDataSource reads;

    private static JsonPath mint(String projectId, String scopes) {
        return asAdmin().contentType("application/json").body("{\"scopes\":" + scopes + "}")
                .post("/v1/admin/projects/{id}/tokens", projectId).then().statusCode(201).extract().jsonPath();
    }

    private static int logsStatus(String token) {
        return given().auth().oauth2(token).get("/v1/logs").statusCode();
    }

    @Test
    void mintedTokensAreListedWithoutTheirTextAndWhenLastUsed() {
        String project = Admin.createProject();
        JsonPath first = mint(project, "[\"logs:read\"]");
        JsonPath second = mint(project, "[\"logs:read\",\"logs:write\"]");
        assertEquals(200, logsStatus(first.getString("token")));
        registry.flush();

        JsonPath list = asAdmin().get("/v1/admin/projects/{id}/tokens", project).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> data = list.getList("data");
        assertEquals(List.of(first.getString("id"), second.getString("id")), data.stream().map(t -> t.get("id")).toList());
        assertEquals(Set.of("id", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at"), data.get(0).keySet());
        assertEquals(List.of("logs:read", "logs:write"), data.get(1).get("scopes"));
        assertEquals(first.getString("expires_at"), data.get(0).get("expires_at"));
        assertNotNull(data.get(0).get("last_used_at"), "used once");
        assertNull(data.get(1).get("last_used_at"), "never used");
        assertFalse(list.prettify().contains(first.getString("token")), "the token's text is shown only when minted");

        // another project sees none of them
        String other = Admin.createProject();
        assertEquals(List.of(), asAdmin().get("/v1/admin/projects/{id}/tokens", other).then().statusCode(200)
                .extract().jsonPath().getList("data"));
        asAdmin().delete("/v1/admin/projects/{id}/tokens/{jti}", other, first.getString("id")).then().statusCode(404);
        assertEquals(200, logsStatus(first.getString("token")), "a revocation through another project does nothing");
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceOnThisInstance() {
        String project = Admin.createProject();
        JsonPath minted = mint(project, "[\"logs:read\"]");
        String token = minted.getString("token");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, logsStatus(token), "cached as verified");
        }
        asAdmin().delete("/v1/admin/projects/{id}/tokens/{jti}", project, minted.getString("id")).then().statusCode(204);
        assertEquals(401, logsStatus(token));
        given().auth().oauth2(token).get("/v1/logs").then().statusCode(401)
                .body("message", org.hamcrest.Matchers.equalTo("Unauthorized"));
        asAdmin().delete("/v1/admin/projects/{id}/tokens/{jti}", project, minted.getString("id")).then().statusCode(204);
        String revokedAt = asAdmin().get("/v1/admin/projects/{id}/tokens", project).then().extract().path("data[0].revoked_at");
        assertNotNull(revokedAt);
        assertEquals(200, logsStatus(mint(project, "[\"logs:read\"]").getString("token")), "the project's other tokens work");
    }

    @Test
    void aRevocationMadeByAnotherInstanceIsRefusedWithinTwoSeconds() throws Exception {
        String project = Admin.createProject();
        JsonPath minted = mint(project, "[\"logs:read\"]");
        String token = minted.getString("token");
        assertEquals(200, logsStatus(token));
        // what another instance's DELETE writes, and nothing else: this instance learns of it only from the table
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("insert into revoked_token (jti, expires_at) values (?, ?)")) {
            s.setString(1, minted.getString("id"));
            s.setTimestamp(2, Timestamp.from(Instant.now().plusSeconds(3600)));
            s.executeUpdate();
        }
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> logsStatus(token) == 401);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs <= 2_000, "refused after " + tookMs + " ms");
    }

    @Test
    void aRevocationCommittedAfterALaterOneIsRefusedWithinTwoSeconds() throws Exception {
        String project = Admin.createProject();
        JsonPath late = mint(project, "[\"logs:read\"]");
        JsonPath early = mint(project, "[\"logs:read\"]");
        assertEquals(200, logsStatus(late.getString("token")));
        try (Connection c = dataSource.getConnection()) {
            // another instance's revocation takes its seq, and commits only after a later seq was committed and read
            long seq;
            try (PreparedStatement s = c.prepareStatement("select nextval('revoked_token_seq_seq')");
                 java.sql.ResultSet row = s.executeQuery()) {
                row.next();
                seq = row.getLong(1);
            }
            try (PreparedStatement s = c.prepareStatement("insert into revoked_token (jti, expires_at) values (?, ?)")) {
                s.setString(1, early.getString("id"));
                s.setTimestamp(2, Timestamp.from(Instant.now().plusSeconds(3600)));
                s.executeUpdate();
            }
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> logsStatus(early.getString("token")) == 401);
            try (PreparedStatement s = c.prepareStatement("insert into revoked_token (seq, jti, expires_at) values (?, ?, ?)")) {
                s.setLong(1, seq);
                s.setString(2, late.getString("id"));
                s.setTimestamp(3, Timestamp.from(Instant.now().plusSeconds(3600)));
                s.executeUpdate();
            }
        }
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> logsStatus(late.getString("token")) == 401);
        assertTrue(System.nanoTime() - start <= Duration.ofSeconds(2).toNanos());
    }

    @Test
    void anInstanceStartedLaterKnowsEveryRevocation() {
        String project = Admin.createProject();
        JsonPath minted = mint(project, "[\"logs:read\"]");
        asAdmin().delete("/v1/admin/projects/{id}/tokens/{jti}", project, minted.getString("id")).then().statusCode(204);
        TokenRegistry fresh = new TokenRegistry(dataSource, reads);
        assertFalse(fresh.isRevoked(minted.getString("id")));
        fresh.refresh();
        assertTrue(fresh.isRevoked(minted.getString("id")));
    }

    @Test
    void anAdminTokenOfTheTokenCommandIsRevokedByItsId() {
        String jti = UUID.randomUUID().toString();
        String admin = Tokens.claims(TestTokens.ISSUER, null, Set.of(Scopes.ADMIN), Instant.now().plusSeconds(600), jti).sign();
        given().auth().oauth2(admin).get("/v1/admin/projects").then().statusCode(200);
        asAdmin().delete("/v1/admin/tokens/{jti}", jti).then().statusCode(204);
        given().auth().oauth2(admin).get("/v1/admin/projects").then().statusCode(401);
        asAdmin().get("/v1/admin/projects").then().statusCode(200);
    }

    @Test
    void revokingNeedsAnAdminAndAWellFormedId() {
        String project = Admin.createProject();
        String reader = TestTokens.project(project, Scopes.LOGS_READ);
        given().auth().oauth2(reader).delete("/v1/admin/tokens/{jti}", UUID.randomUUID().toString()).then().statusCode(403);
        given().auth().oauth2(reader).get("/v1/admin/projects/{id}/tokens", project).then().statusCode(403);
        asAdmin().delete("/v1/admin/tokens/{jti}", "not-a-token-id").then().statusCode(400)
                .body("errors[0].parameter", org.hamcrest.Matchers.equalTo("jti"));
        asAdmin().delete("/v1/admin/projects/{id}/tokens/{jti}", project, UUID.randomUUID().toString()).then().statusCode(404);
        asAdmin().get("/v1/admin/projects/{id}/tokens", "no-such-project").then().statusCode(404);
    }

    @Test
    void theListPagesLikeEveryAdminList() {
        String project = Admin.createProject();
        List<String> minted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            minted.add(mint(project, "[\"logs:read\"]").getString("id"));
        }
        List<String> seen = new ArrayList<>();
        String next = null;
        do {
            var request = asAdmin().queryParam("pageSize", 2);
            if (next != null) {
                request.queryParam("nextPageToken", next);
            }
            JsonPath page = request.get("/v1/admin/projects/{id}/tokens", project).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("data.id"));
            next = page.getString("next_page_token");
        } while (next != null);
        assertEquals(minted, seen);
    }
}
