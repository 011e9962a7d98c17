package io.sendzen.logs.projects;

import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Cursor;
import io.sendzen.logs.shared.Page;
import io.sendzen.logs.shared.QueryParams.PageRequest;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.shared.Validation;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Mints project tokens with the service's signing key. */
@ApplicationScoped
public class TokenService {

    // checked by hand, not by constraints: the longest ttl is sendzen.jwt.max-ttl and a missing one defaults before the
    // check; as constraints the scopes would be checked apart from it and one body would no longer name every problem
    public record NewToken(List<String> scopes, Long ttlSeconds) {
    }

    /** The token's text is in this answer only; it is listed and revoked by its {@code id} (its jti). */
    public record IssuedToken(String id, String token, Instant expiresAt) {
    }

    private static final long DEFAULT_TTL_SECONDS = 3600;
    private static final java.util.regex.Pattern TOKEN_ID =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ProjectService projects;
    private final SendzenConfig config;
    private final TokenRegistry registry;
    private final Cursor cursor;

    TokenService(ProjectService projects, SendzenConfig config, TokenRegistry registry, Cursor cursor) {
        this.projects = projects;
        this.config = config;
        this.registry = registry;
        this.cursor = cursor;
    }

    public IssuedToken issue(String projectId, NewToken request) throws SQLException {
        if (request == null) {
            throw ApiException.badRequest("body", "is required");
        }
        Validation validation = new Validation();
        Set<String> scopes = new LinkedHashSet<>();
        if (request.scopes() == null || request.scopes().isEmpty()) {
            validation.add("scopes", "is required: one or more of " + Scopes.PROJECT_SCOPE_NAMES);
        } else {
            for (String scope : request.scopes()) {
                if (scope == null || !Scopes.PROJECT_SCOPES.contains(scope)) {
                    validation.add("scopes", "unknown scope '" + scope + "' (" + Scopes.PROJECT_SCOPE_NAMES + ")");
                } else {
                    scopes.add(scope);
                }
            }
        }
        long ttl = request.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : request.ttlSeconds();
        long maxTtl = config.jwt().maxTtl().toSeconds();
        if (ttl < 1 || ttl > maxTtl) {
            validation.add("ttl_seconds", "must be between 1 and " + maxTtl);
        }
        validation.throwIfAny();
        projects.get(projectId);
        Instant expiresAt = Instant.ofEpochSecond(Instant.now().getEpochSecond() + ttl);
        String jti = Tokens.newId();
        registry.recordIssued(jti, projectId, List.copyOf(scopes), expiresAt);
        String token = Tokens.claims(config.jwt().issuer(), projectId, scopes, expiresAt, jti).sign();
        return new IssuedToken(jti, token, expiresAt);
    }

    /** A page of the tokens minted for the project through the admin API, oldest first. */
    public Page<TokenRegistry.Issued> list(String projectId, PageRequest page) throws SQLException {
        projects.get(projectId);
        String scope = ProjectService.projectScope(projectId);
        Instant after = null;
        String afterJti = null;
        if (page.nextPageToken() != null) {
            Cursor.Keyset position = cursor.read(page.nextPageToken(), Cursor.Listing.TOKENS, scope, "");
            after = Cursor.atMicros(position.number(0));
            afterJti = position.text(1);
        }
        List<TokenRegistry.Issued> rows = registry.list(projectId, after, afterJti, page.pageSize() + 1);
        return Page.of(rows, page.pageSize(), last -> cursor.issue(Cursor.Listing.TOKENS, scope, "",
                Cursor.Keyset.of(Cursor.micros(last.createdAt()), last.jti())));
    }

    /** Revokes one of the project's minted tokens; 404 when the project minted none with this id. */
    public void revoke(String projectId, String jti) throws SQLException {
        projects.get(projectId);
        TokenRegistry.Issued issued = registry.find(projectId, jti).orElseThrow(ApiException::notFound);
        registry.revoke(jti, issued.expiresAt());
    }

    /**
     * Revokes any token by its id, such as one the {@code token} command minted (its id is printed with it), which
     * the service has no record of: refused until the longest lifetime a token can have has passed.
     */
    public void revokeAny(String jti) throws SQLException {
        if (jti == null || !TOKEN_ID.matcher(jti).matches()) {
            throw ApiException.badRequest("jti", "must be a token id as minted (a UUID)");
        }
        registry.revoke(jti, Instant.now().plus(config.jwt().maxTtl()));
    }
}
