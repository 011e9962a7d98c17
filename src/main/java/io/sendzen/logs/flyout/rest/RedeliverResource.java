package io.sendzen.logs.flyout.rest;

import io.sendzen.logs.shared.Audited;
import io.sendzen.logs.flyout.Redeliveries;
import io.sendzen.logs.projects.ProjectAccess;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Envelope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;
import java.util.Map;

/** {@code POST /v1/logs/{log_id}/redeliver}: forward an entry again, now. */
@Path("/v1/logs/{log_id}/redeliver")
@Produces(MediaType.APPLICATION_JSON)
public class RedeliverResource {

    private final Redeliveries redeliveries;
    private final ProjectAccess access;

    RedeliverResource(Redeliveries redeliveries, ProjectAccess access) {
        this.redeliveries = redeliveries;
        this.access = access;
    }

    @POST
    @RolesAllowed(Scopes.LOGS_WRITE)
    @Audited("log.redeliver")
    public Response redeliver(@PathParam("log_id") String logId) throws SQLException {
        String projectId = access.currentProject();
        redeliveries.schedule(projectId, parse(logId));
        return Response.accepted(Envelope.of("Redelivery scheduled", Map.of("log_id", logId))).build();
    }

    /** A log id that is not a number names no entry. */
    private static long parse(String logId) {
        try {
            return Long.parseLong(logId);
        } catch (NumberFormatException e) {
            throw ApiException.notFound();
        }
    }
}
