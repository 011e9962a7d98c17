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
    private final ProjectAdmission admission;

    ProjectAccess(JsonWebToken token, ProjectAdmission admission) {
        this.token = token;
        this.admission = admission;
    }

    /** The token's project, admitted ({@link ProjectAdmission}). */
    public String currentProject() throws SQLException {
        String projectId = claimedProject();
        admission.admit(projectId);
        return projectId;
    }

    /**
     * The project the token names, with no lookup (on the event loop too); the caller admits it through
     * {@link ProjectAdmission} before acting for it.
     */
    public String claimedProject() {
        Object claim = token.getClaim(Tokens.PROJECT_CLAIM);
        String projectId = claim instanceof JsonString text ? text.getString() : claim instanceof String text ? text : null;
        if (projectId == null || projectId.isEmpty()) {
            throw ApiException.forbidden();
        }
        return projectId;
    }
}
