package io.sendzen.logs.deletion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sendzen.logs.audit.AuditTrail;
import io.sendzen.logs.jobs.Job;
import io.sendzen.logs.jobs.JobKind;
import io.sendzen.logs.store.EntryFilter;
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

    /** What a job works on, as stored: the filter as sent and the upper bound fixed when it was started. */
    private record Params(ObjectNode filter, EntryFilter entries, long toDate) {
    }

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
        Params params = params(job);
        return entries.countOnPrimary(job.projectId(), params.entries(), params.toDate());
    }

    @Override
    public Batch next(Connection connection, Job job, int limit) throws SQLException {
        Params params = params(job);
        List<EntryKey> keys = entries.nextKeys(connection, job.projectId(), params.entries(), params.toDate(),
                position(job.position()), limit);
        if (keys.isEmpty()) {
            return new Batch(0, job.position(), true);
        }
        List<EntryKey> deleted = deletion.deleteKeys(connection, job.projectId(), keys);
        EntryKey last = keys.get(keys.size() - 1);
        return new Batch(deleted.size(), last.createdAt() + ":" + last.logId(), keys.size() < limit);
    }

    @Override
    public void ended(Connection connection, Job job) throws SQLException {
        Params params = params(job);
        ObjectNode target = json.createObjectNode();
        target.put("job_id", job.id());
        target.put("state", job.state().label());
        target.set("filter", params.filter());
        target.put("to_date", params.toDate());
        audit.record(connection, new AuditTrail.Actor(job.actorSub(), job.actorJti()), job.projectId(),
                "log.bulk_delete_job", target, job.done());
    }

    private Params params(Job job) {
        try {
            JsonNode stored = json.readTree(job.params());
            ObjectNode filter = (ObjectNode) stored.get("filter");
            return new Params(filter, FilterBody.parse(filter), stored.get("to_date").asLong());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + job.id() + " has parameters that are not JSON", e);
        }
    }

    private static EntryKey position(String position) {
        if (position == null) {
            return null;
        }
        int colon = position.indexOf(':');
        return new EntryKey(Long.parseLong(position.substring(0, colon)), Long.parseLong(position.substring(colon + 1)));
    }
}
