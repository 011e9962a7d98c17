package io.sendzen.logs.projects;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** The claims of the tokens this service issues (see docs/logs-api.md): {@code iss}, {@code exp}, {@code project_id}, {@code groups}. */
public final class Tokens {

    public static final String PROJECT_CLAIM = "project_id";

    private Tokens() {
    }

    /** Claims for a project token, or an admin token when {@code projectId} is null, with a new id. */
    public static JwtClaimsBuilder claims(String issuer, String projectId, Set<String> scopes, Instant expiresAt) {
        return claims(issuer, projectId, scopes, expiresAt, newId());
    }

    /** A token id ({@code jti}): what a token is listed and revoked by. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static JwtClaimsBuilder claims(String issuer, String projectId, Set<String> scopes, Instant expiresAt,
                                          String jti) {
        Instant now = Instant.now();
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
                .subject(projectId == null ? "admin" : "project:" + projectId)
                .issuedAt(now.getEpochSecond())
                .expiresAt(expiresAt.getEpochSecond())
                .claim("jti", jti)
                .groups(scopes);
        if (projectId != null) {
            claims.claim(PROJECT_CLAIM, projectId);
        }
        return claims;
    }
}
