package io.sendzen.logs.redelivery.rest;

import io.sendzen.logs.jobs.Job;
import io.sendzen.logs.logs.BulkRequest;
import io.sendzen.logs.projects.ProjectAccess;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.redelivery.BulkRedelivery;
import io.sendzen.logs.shared.Envelope;
import io.sendzen.logs.store.LogEntries;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.sql.SQLException;

/**
 * {@code POST /v1/logs/bulk-redeliver}: the project's entries sent again to where they were forwarded, by ids at
 * once, or by filter (counted with {@code dry_run}, or sent by a job).
 */
@Path("/v1/logs/bulk-redeliver")
@Produces(MediaType.APPLICATION_JSON)
public class BulkRedeliverResource {

    record Counted(long matching, long redeliverable, long skipped) {
    }

    record Started(String jobId) {
    }

    private final BulkRedelivery redelivery;
    private final ProjectAccess access;

    BulkRedeliverResource(BulkRedelivery redelivery, ProjectAccess access) {
        this.redelivery = redelivery;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.LOGS_WRITE)
    public Response bulkRedeliver(BulkRequest request) throws SQLException {
        String projectId = access.currentProject();
        BulkRequest.Valid valid = BulkRequest.validated(request);
        if (valid instanceof BulkRequest.ByIds ids) {
            return Response.accepted(Envelope.of("Redelivery scheduled", redelivery.redeliverIds(projectId, ids.logIds())))
                    .build();
        }
        BulkRequest.ByFilter byFilter = (BulkRequest.ByFilter) valid;
        if (byFilter.dryRun()) {
            LogEntries.Matching counted = redelivery.count(projectId, byFilter.filter());
            return Response.ok(Envelope.of("Log entries counted", new Counted(counted.matching(), counted.forwarded(),
                    counted.matching() - counted.forwarded()))).build();
        }
        Job job = redelivery.start(projectId, byFilter.filter());
        return Response.accepted(Envelope.of("Bulk redelivery started", new Started(job.id())))
                .location(URI.create("/v1/jobs/" + job.id())).build();
    }
}
