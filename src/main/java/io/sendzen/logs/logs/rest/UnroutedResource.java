package io.sendzen.logs.logs.rest;

import io.sendzen.logs.logs.LogDetailView;
import io.sendzen.logs.logs.LogDetails;
import io.sendzen.logs.logs.LogEntryView;
import io.sendzen.logs.logs.LogFilterParser;
import io.sendzen.logs.logs.LogService;
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

/** Events that no project owns, for operators: the same filters, paging, detail and shapes as {@code GET /v1/logs}. */
@Path("/v1/admin/unrouted")
@Produces(MediaType.APPLICATION_JSON)
public class UnroutedResource {

    private final LogService logs;
    private final LogDetails details;

    UnroutedResource(LogService logs, LogDetails details) {
        this.logs = logs;
        this.details = details;
    }

    @GET
    @RolesAllowed(Scopes.ADMIN)
    public LogEntryView.Response list(@Context UriInfo uri) throws SQLException {
        return logs.page(LogService.UNROUTED, LogFilterParser.parse(uri.getQueryParameters()));
    }

    @GET
    @Path("{log_id}")
    @RolesAllowed(Scopes.ADMIN)
    public LogDetailView.Response detail(@PathParam("log_id") String logId) throws SQLException {
        return details.detail(LogService.UNROUTED, logId);
    }

    @GET
    @Path("{log_id}/delivery")
    @RolesAllowed(Scopes.ADMIN)
    public Response delivery(@PathParam("log_id") String logId) throws SQLException {
        return DeliveryBody.of(details.delivery(LogService.UNROUTED, logId));
    }
}
