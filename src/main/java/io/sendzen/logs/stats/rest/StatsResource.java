package io.sendzen.logs.stats.rest;

import io.sendzen.logs.projects.ProjectAccess;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.stats.StatsRequest;
import io.sendzen.logs.stats.StatsService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.sql.SQLException;

/**
 * {@code GET /v1/stats}: the project's entries counted per hour or day and grouped by a column;
 * {@code /ack-latency} and {@code /forwards}: how fast Meta was answered and the endpoints were forwarded to.
 */
@Path("/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    public record Answer<T>(String message, T data) {
    }

    private final StatsService stats;
    private final ProjectAccess access;

    StatsResource(StatsService stats, ProjectAccess access) {
        this.stats = stats;
        this.access = access;
    }

    @GET
    @RolesAllowed(Scopes.LOGS_READ)
    public Answer<StatsService.Counts> counts(@Context UriInfo uri) throws SQLException {
        String projectId = access.currentProject();
        return new Answer<>("Stats retrieved successfully",
                stats.counts(projectId, StatsRequest.counts(uri.getQueryParameters())));
    }

    @GET
    @Path("ack-latency")
    @RolesAllowed(Scopes.LOGS_READ)
    public Answer<StatsService.Acks> ackLatency(@Context UriInfo uri) throws SQLException {
        String projectId = access.currentProject();
        return new Answer<>("Ack latency retrieved successfully",
                stats.acks(projectId, StatsRequest.ackLatency(uri.getQueryParameters())));
    }

    @GET
    @Path("forwards")
    @RolesAllowed(Scopes.LOGS_READ)
    public Answer<StatsService.Forwards> forwards(@Context UriInfo uri) throws SQLException {
        String projectId = access.currentProject();
        return new Answer<>("Forward stats retrieved successfully",
                stats.forwards(projectId, StatsRequest.forwards(uri.getQueryParameters())));
    }
}
