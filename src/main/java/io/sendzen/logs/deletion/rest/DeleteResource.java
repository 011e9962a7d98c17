package io.sendzen.logs.deletion.rest;

import io.sendzen.logs.deletion.LogDeletion;
import io.sendzen.logs.jobs.Job;
import io.sendzen.logs.logs.BulkRequest;
import io.sendzen.logs.projects.ProjectAccess;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.shared.Envelope;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.sql.SQLException;
import java.util.List;

/** {@code DELETE /v1/logs/{log_id}} and {@code POST /v1/logs/bulk-delete}: the project's entries deleted. */
@Path("/v1/logs")
@Produces(MediaType.APPLICATION_JSON)
public class DeleteResource {

    record Deleted(long deleted, List<String> notFound) {
    }

    record Matching(long matching) {
    }

    record Started(String jobId) {
    }

    private final LogDeletion deletion;
    private final ProjectAccess access;

    DeleteResource(LogDeletion deletion, ProjectAccess access) {
        this.deletion = deletion;
        this.access = access;
    }

    @DELETE
    @Path("{log_id}")
    @RolesAllowed(Scopes.LOGS_WRITE)
    public Response delete(@PathParam("log_id") String logId) throws SQLException {
        deletion.deleteOne(access.currentProject(), logId);
        return Response.noContent().build();
    }

    @POST
    @Path("bulk-delete")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.LOGS_WRITE)
    public Response bulkDelete(BulkRequest request) throws SQLException {
        String projectId = access.currentProject();
        BulkRequest.Valid valid = BulkRequest.validated(request);
        if (valid instanceof BulkRequest.ByIds ids) {
            LogDeletion.Deleted deleted = deletion.deleteIds(projectId, ids.logIds());
            return Response.ok(Envelope.of("Log entries deleted", new Deleted(deleted.deleted(), deleted.notFound()))).build();
        }
        BulkRequest.ByFilter byFilter = (BulkRequest.ByFilter) valid;
        if (byFilter.dryRun()) {
            return Response.ok(Envelope.of("Log entries counted",
                    new Matching(deletion.count(projectId, byFilter.filter())))).build();
        }
        Job job = deletion.start(projectId, byFilter.filter());
        return Response.accepted(Envelope.of("Bulk delete started", new Started(job.id())))
                .location(URI.create("/v1/jobs/" + job.id())).build();
    }
}
