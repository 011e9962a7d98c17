package io.sendzen.logs.projects;

import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.shared.Validation;
import jakarta.enterprise.context.ApplicationScoped;

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

    public record IssuedToken(String token, Instant expiresAt) {
    }

    private static final long DEFAULT_TTL_SECONDS = 3600;

    private final ProjectService projects;
    private final SendzenConfig config;

    TokenService(ProjectService projects, SendzenConfig config) {
        this.projects = projects;
        this.config = config;
    }

    public IssuedToken issue(String projectId, NewToken request) {
        if (request == null) {
            throw ApiException.badRequest("body", "is required");
        }
        Validation validation = new Validation();
        Set<String> scopes = new LinkedHashSet<>();
        if (request.scopes() == null || request.scopes().isEmpty()) {
            validation.add("scopes", "is required: one or more of logs:read, logs:write");
        } else {
            for (String scope : request.scopes()) {
                if (scope == null || !Scopes.PROJECT_SCOPES.contains(scope)) {
                    validation.add("scopes", "unknown scope '" + scope + "' (logs:read, logs:write)");
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
        String token = Tokens.claims(config.jwt().issuer(), projectId, scopes, expiresAt).sign();
        return new IssuedToken(token, expiresAt);
    }
}
