package io.sendzen.logs.logs.rest;

import io.sendzen.logs.logs.LogDetailView;
import io.sendzen.logs.logs.LogDetails;
import io.sendzen.logs.logs.LogEntryView;
import io.sendzen.logs.logs.LogFilterParser;
import io.sendzen.logs.logs.LogService;
import io.sendzen.logs.projects.ProjectAccess;
import io.sendzen.logs.projects.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.sql.SQLException;

/** {@code GET /v1/logs}: SendZen's activity logs, for the project named in the token; one entry in full, its delivery. */
@Path("/v1/logs")
@Produces(MediaType.APPLICATION_JSON)
public class LogsResource {

    private final LogService logs;
    private final LogDetails details;
    private final ProjectAccess access;

    LogsResource(LogService logs, LogDetails details, ProjectAccess access) {
        this.logs = logs;
        this.details = details;
        this.access = access;
    }

    @GET
    @RolesAllowed(Scopes.LOGS_READ)
    public LogEntryView.Response list(@Context UriInfo uri) throws SQLException {
        String projectId = access.currentProject();
        return logs.page(projectId, LogFilterParser.parse(uri.getQueryParameters()));
    }

    @GET
    @Path("{log_id}")
    @RolesAllowed(Scopes.LOGS_READ)
    public LogDetailView.Response detail(@PathParam("log_id") String logId) throws SQLException {
        return details.detail(access.currentProject(), logId);
    }

    @GET
    @Path("{log_id}/delivery")
    @RolesAllowed(Scopes.LOGS_READ)
    public Response delivery(@PathParam("log_id") String logId) throws SQLException {
        return DeliveryBody.of(details.delivery(access.currentProject(), logId));
    }
}
