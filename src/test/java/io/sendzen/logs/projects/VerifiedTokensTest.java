package io.sendzen.logs.projects;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A bearer token is verified once and then remembered, never past its expiry and never for another text. */
@QuarkusTest
class VerifiedTokensTest {

    @Inject
    JWTParser parser;

    @ConfigProperty(name = "mp.jwt.verify.clock.skew")
    int clockSkewSeconds;

    private static Response logs(String bearer) {
        return given().auth().oauth2(bearer).when().get("/v1/logs");
    }

    @Test
    void theBearerTokenParserRemembersWhatItVerified() throws ParseException {
        assertInstanceOf(VerifiedTokens.class, parser);
        String token = TestTokens.project(Admin.createProject(), Scopes.LOGS_READ);
        assertSame(parser.parse(token), parser.parse(token));
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws InterruptedException {
        String project = Admin.createProject();
        Instant expiresAt = Instant.now().plusSeconds(3);
        String token = Tokens.claims(TestTokens.ISSUER, project, Set.of(Scopes.LOGS_READ), expiresAt).sign();
        assertEquals(200, logs(token).statusCode());
        assertEquals(200, logs(token).statusCode());
        long wait = expiresAt.plusSeconds(clockSkewSeconds + 1).toEpochMilli() - System.currentTimeMillis();
        Thread.sleep(Math.max(0, wait));
        Response late = logs(token);
        assertEquals(401, late.statusCode(), late.asString());
        assertEquals("{\"message\":\"Unauthorized\"}", late.asString());
    }

    @Test
    void anAlteredRememberedTokenIsCheckedInFull() {
        String token = TestTokens.project(Admin.createProject(), Scopes.LOGS_READ);
        assertEquals(200, logs(token).statusCode());
        String otherSignature = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertEquals(401, logs(otherSignature).statusCode());
        assertThrows(ParseException.class, () -> parser.parse(otherSignature));
        String[] parts = token.split("\\.");
        String otherClaims = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "x" + "." + parts[2];
        assertEquals(401, logs(otherClaims).statusCode());
        assertEquals(200, logs(token).statusCode());
    }

    @Test
    void aRememberedTokenOfADisabledProjectIsForbidden() {
        String project = Admin.createProject();
        String token = TestTokens.project(project, Scopes.LOGS_READ);
        assertEquals(200, logs(token).statusCode());
        Admin.updateProject(project, "{\"enabled\":false}");
        assertEquals(403, logs(token).statusCode());
    }
}
