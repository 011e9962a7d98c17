package io.sendzen.logs.jobs.rest;

import io.sendzen.logs.jobs.Job;
import io.sendzen.logs.jobs.JobService;
import io.sendzen.logs.projects.ProjectAccess;
import io.sendzen.logs.projects.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.sql.SQLException;
import java.time.OffsetDateTime;

/** {@code /v1/jobs/{job_id}}: a background job of the project named in the token, looked at or cancelled. */
@Path("/v1/jobs/{job_id}")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    /** A job as the API shows it. */
    public record JobView(String jobId, String kind, String state, Long matching, long done, long skipped,
                          OffsetDateTime startedAt, OffsetDateTime finishedAt, String error) {

        static JobView of(Job job) {
            return new JobView(job.id(), job.kind(), job.state().label(), job.matching(), job.done(), job.skipped(),
                    job.startedAt(), job.finishedAt(), job.error());
        }
    }

    public record JobResponse(String message, JobView data) {
    }

    private final JobService jobs;
    private final ProjectAccess access;

    JobsResource(JobService jobs, ProjectAccess access) {
        this.jobs = jobs;
        this.access = access;
    }

    @GET
    @RolesAllowed(Scopes.LOGS_READ)
    public JobResponse get(@PathParam("job_id") String jobId) throws SQLException {
        return new JobResponse("Job retrieved successfully", JobView.of(jobs.get(access.currentProject(), jobId)));
    }

    @DELETE
    @RolesAllowed(Scopes.LOGS_WRITE)
    public JobResponse cancel(@PathParam("job_id") String jobId) throws SQLException {
        return new JobResponse("Job cancelled", JobView.of(jobs.cancel(access.currentProject(), jobId)));
    }
}
