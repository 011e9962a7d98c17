package io.sendzen.logs.deletion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendzen.logs.audit.AuditTrail;
import io.sendzen.logs.jobs.Job;
import io.sendzen.logs.jobs.JobKind;
import io.sendzen.logs.logs.BulkFilter;
import io.sendzen.logs.store.EntryQuery.EntryKey;
import io.sendzen.logs.store.LogEntries;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A delete by filter, in batches in (created_at, log_id) order: each batch reads the next keys after the job's
 * position and deletes them with their forwards and attempts, so a job taken up again goes on after the last batch
 * that committed. Audited once it ends, with the filter and how many entries went.
 */
@ApplicationScoped
public class BulkDeleteJob implements JobKind {

    private final LogEntries entries;
    private final LogDeletion deletion;
    private final AuditTrail audit;
    private final ObjectMapper json;

    BulkDeleteJob(LogEntries entries, LogDeletion deletion, AuditTrail audit, ObjectMapper json) {
        this.entries = entries;
        this.deletion = deletion;
        this.audit = audit;
        this.json = json;
    }

    @Override
    public String name() {
        return LogDeletion.KIND;
    }

    @Override
    public long count(Job job) throws SQLException {
        BulkFilter params = BulkFilter.read(json, job.id(), job.params());
        return entries.countOnPrimary(job.projectId(), params.entries(), params.toDate());
    }

    @Override
    public Batch next(Connection connection, Job job, int limit) throws SQLException {
        BulkFilter params = BulkFilter.read(json, job.id(), job.params());
        List<EntryKey> keys = entries.nextKeys(connection, job.projectId(), params.entries(), params.toDate(),
                BulkFilter.after(job.position()), limit);
        if (keys.isEmpty()) {
            return new Batch(0, 0, job.position(), true);
        }
        List<EntryKey> deleted = deletion.deleteKeys(connection, job.projectId(), keys);
        return new Batch(deleted.size(), 0, BulkFilter.position(keys.get(keys.size() - 1)), keys.size() < limit);
    }

    @Override
    public void ended(Connection connection, Job job) throws SQLException {
        BulkFilter params = BulkFilter.read(json, job.id(), job.params());
        audit.record(connection, new AuditTrail.Actor(job.actorSub(), job.actorJti()), job.projectId(),
                "log.bulk_delete_job", params.target(json, job.id(), job.state().label()), job.done());
    }
}
