package io.sendzen.logs.projects;

import io.sendzen.logs.shared.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.sql.SQLException;

/**
 * The project a request acts for: only ever the one named in its token, only while it is enabled, and within its
 * rate limit.
 */
@RequestScoped
public class ProjectAccess {

    private final JsonWebToken token;
    private final ProjectStates states;
    private final RateLimits rateLimits;

    ProjectAccess(JsonWebToken token, ProjectStates states, RateLimits rateLimits) {
        this.token = token;
        this.states = states;
        this.rateLimits = rateLimits;
    }

    public String currentProject() throws SQLException {
        Object claim = token.getClaim(Tokens.PROJECT_CLAIM);
        String projectId = claim instanceof JsonString text ? text.getString() : claim instanceof String text ? text : null;
        if (projectId == null || projectId.isEmpty()) {
            throw ApiException.forbidden();
        }
        rateLimits.take(projectId);
        if (!states.enabled(projectId)) {
            throw ApiException.forbidden();
        }
        return projectId;
    }
}
