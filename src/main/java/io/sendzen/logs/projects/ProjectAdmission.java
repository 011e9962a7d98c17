package io.sendzen.logs.projects;

import io.sendzen.logs.shared.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;

/**
 * Whether a request of a project goes on: only while the project is enabled, and within its rate limit. On any
 * thread: {@link ProjectAccess} asks it for the project of the request's token, and a send asks it wherever it does
 * its checks (the event loop when all it needs is in memory, else a worker thread).
 */
@ApplicationScoped
public class ProjectAdmission {

    private final ProjectStates states;
    private final RateLimits rateLimits;

    ProjectAdmission(ProjectStates states, RateLimits rateLimits) {
        this.states = states;
        this.rateLimits = rateLimits;
    }

    /** Takes one request of the project's allowance (429 past it); 403 when the project is disabled or gone. */
    public void admit(String projectId) throws SQLException {
        rateLimits.take(projectId);
        if (!states.enabled(projectId)) {
            throw ApiException.forbidden();
        }
    }

    /**
     * {@link #admit} from what is in memory, with no lookup (on the event loop): false, and nothing taken, when the
     * project's state is not in memory.
     */
    public boolean admitFromMemory(String projectId) {
        Boolean enabled = states.known(projectId);
        if (enabled == null) {
            return false;
        }
        rateLimits.take(projectId);
        if (!enabled) {
            throw ApiException.forbidden();
        }
        return true;
    }
}
