package io.sendzen.logs.console;

import io.sendzen.logs.audit.AuditTrail;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.projects.TokenService;
import io.sendzen.logs.shared.Validation;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Sign-in links for the console: a project token minted like any other (listed, revocable, audited), handed over in
 * the URL's fragment, which browsers never send to a server.
 */
@ApplicationScoped
public class ConsoleLinks {

    /** A link is for a person at a screen: a day at most. */
    public static final long MAX_TTL_SECONDS = 86_400;
    private static final long DEFAULT_TTL_SECONDS = 3_600;
    private static final List<String> DEFAULT_SCOPES = List.of("logs:read", "logs:write");

    public record NewLink(List<String> scopes, Long ttlSeconds) {
    }

    public record Link(String url, String tokenId, Instant expiresAt) {
    }

    private final TokenService tokens;
    private final AuditTrail audit;

    ConsoleLinks(TokenService tokens, AuditTrail audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    public Link create(String projectId, NewLink request) throws SQLException {
        List<String> scopes = request == null || request.scopes() == null ? DEFAULT_SCOPES : request.scopes();
        long ttl = request == null || request.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : request.ttlSeconds();
        Validation validation = new Validation();
        if (scopes.isEmpty()) {
            validation.add("scopes", "is required: one or more of logs:read, logs:write");
        }
        for (String scope : scopes) {
            if (scope == null || !Scopes.PROJECT_SCOPES.contains(scope)) {
                validation.add("scopes", "unknown scope '" + scope + "' (logs:read, logs:write)");
            }
        }
        if (ttl < 1 || ttl > MAX_TTL_SECONDS) {
            validation.add("ttl_seconds", "must be between 1 and " + MAX_TTL_SECONDS);
        }
        validation.throwIfAny();
        TokenService.IssuedToken issued = tokens.issue(projectId, new TokenService.NewToken(scopes, ttl));
        audit.record(projectId, "token.mint", Map.of("id", projectId, "created", issued.id(), "for", "console"),
                null);
        return new Link("/console/#token=" + issued.token(), issued.id(), issued.expiresAt());
    }
}
