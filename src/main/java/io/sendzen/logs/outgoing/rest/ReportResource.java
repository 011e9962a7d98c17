package io.sendzen.logs.outgoing.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.sendzen.logs.outgoing.ReportService;
import io.sendzen.logs.projects.ProjectAccess;
import io.sendzen.logs.projects.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;
import java.util.Map;

/** {@code POST /v1/logs}: records a send made elsewhere, with Meta's answer to it. */
@Path("/v1/logs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReportResource {

    private final ReportService reports;
    private final ProjectAccess access;

    ReportResource(ReportService reports, ProjectAccess access) {
        this.reports = reports;
        this.access = access;
    }

    @POST
    @RolesAllowed(Scopes.LOGS_WRITE)
    public Response report(JsonNode body) throws SQLException {
        long logId = reports.report(access.currentProject(), body);
        return Response.status(201).entity(Map.of("data", Map.of("log_id", Long.toString(logId)))).build();
    }
}
