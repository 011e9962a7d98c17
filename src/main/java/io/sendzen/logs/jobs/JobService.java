package io.sendzen.logs.jobs;

import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.jobs.Job.State;
import io.sendzen.logs.shared.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** A project's jobs as the API sees them: started, looked at, cancelled. */
@ApplicationScoped
public class JobService {

    private final AgroalDataSource dataSource;
    private final Jobs jobs;
    private final JobRunner runner;

    JobService(AgroalDataSource dataSource, Jobs jobs, JobRunner runner) {
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.runner = runner;
    }

    /** Queues a job in a transaction of its own, and looks for it at once. */
    public Job start(String projectId, String kind, String params, String actorSub, String actorJti)
            throws SQLException {
        Job job;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                job = jobs.create(c, projectId, kind, params, actorSub, actorJti);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        started();
        return job;
    }

    /** A job was queued and committed: this instance looks for it now rather than at its next poll. */
    private void started() {
        runner.wake();
    }

    /** The project's job; 400 for a malformed id, 404 for an unknown one or another project's. */
    public Job get(String projectId, String jobId) throws SQLException {
        return jobs.find(projectId, valid(jobId)).orElseThrow(ApiException::notFound);
    }

    /**
     * Cancels the project's job: no batch starts after this returns (one in flight finishes first, the row lock
     * waits for it); what was done stays done. 409 when the job has already ended.
     */
    public Job cancel(String projectId, String jobId) throws SQLException {
        String id = valid(jobId);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Job> job = jobs.lock(c, projectId, id);
                if (job.isEmpty()) {
                    throw ApiException.notFound();
                }
                if (job.get().state().ended()) {
                    throw ApiException.conflict("job_id", "the job has already ended (" + job.get().state().label() + ")");
                }
                Job cancelled = jobs.end(c, id, State.CANCELLED, null);
                runner.kind(cancelled.kind()).ended(c, cancelled);
                c.commit();
                return cancelled;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static String valid(String jobId) {
        if (jobId == null || !Jobs.ID.matcher(jobId).matches()) {
            throw ApiException.badRequest("job_id", "must be a job id (job_ and 16 letters, digits, - or _)");
        }
        return jobId;
    }
}
