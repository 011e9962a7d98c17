package io.sendzen.logs.support;

import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.projects.Tokens;

import java.time.Instant;
import java.util.Set;

/** Tokens signed with the test run's key, as the token command or the admin API would mint them. */
public final class TestTokens {

    public static final String ISSUER = "sendzen-logs";

    private TestTokens() {
    }

    public static String admin() {
        return Tokens.claims(ISSUER, null, Set.of(Scopes.ADMIN), Instant.now().plusSeconds(600)).sign();
    }

    public static String project(String projectId, String... scopes) {
        return Tokens.claims(ISSUER, projectId, Set.of(scopes), Instant.now().plusSeconds(600)).sign();
    }

    public static String expiredAdmin() {
        return Tokens.claims(ISSUER, null, Set.of(Scopes.ADMIN), Instant.now().minusSeconds(3600)).sign();
    }

    public static String otherIssuerAdmin() {
        return Tokens.claims("someone-else", null, Set.of(Scopes.ADMIN), Instant.now().plusSeconds(600)).sign();
    }
}
