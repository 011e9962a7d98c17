package io.sendzen.logs.audit.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendzen.logs.audit.AuditTrail;
import io.sendzen.logs.shared.Audited;
import jakarta.json.JsonString;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the audit record of each successful call of an {@link Audited} method, after it answered: the project is the
 * path's {@code id} under {@code /v1/admin/projects}, else the token's project; the target, the path parameters and
 * the {@code id} of a record the call created.
 */
@Provider
public class AuditedCalls implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(AuditedCalls.class);
    private static final String PROJECTS = "/v1/admin/projects";

    @Context
    ResourceInfo resource;

    private final AuditTrail audit;
    private final JsonWebToken token;
    private final ObjectMapper json;

    AuditedCalls(AuditTrail audit, JsonWebToken token, ObjectMapper json) {
        this.audit = audit;
        this.token = token;
        this.json = json;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Audited audited = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(Audited.class);
        if (audited == null || response.getStatus() >= 300) {
            return;
        }
        Map<String, String> target = new TreeMap<>();
        request.getUriInfo().getPathParameters().forEach((name, values) -> target.put(name, values.get(0)));
        String created = createdId(response.getEntity());
        if (created != null) {
            target.put("created", created);
        }
        String path = request.getUriInfo().getPath();
        String projectId = path.startsWith(PROJECTS) ? target.getOrDefault("id", created) : tokenProject();
        try {
            audit.record(projectId, audited.value(), target, null);
        } catch (SQLException e) {
            // the change is made and answered; a record that could not be written is said loudly, with what it was
            LOG.errorf("audit record not written: %s on %s by %s: %s", audited.value(), target,
                    token.getTokenID(), e.getMessage());
        }
    }

    private String tokenProject() {
        Object claim = token.getClaim("project_id");
        return claim instanceof JsonString text ? text.getString() : claim instanceof String text ? text : null;
    }

    /** The {@code id} an answer carries (of a project, a webhook or a token it created), read as its JSON shows it. */
    private String createdId(Object entity) {
        if (entity == null) {
            return null;
        }
        JsonNode id = json.valueToTree(entity).path("id");
        return id.isTextual() ? id.asText() : null;
    }
}
