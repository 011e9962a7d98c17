package io.sendzen.logs.deletion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.audit.AuditTrail;
import io.sendzen.logs.flyout.FlyoutStore;
import io.sendzen.logs.jobs.Job;
import io.sendzen.logs.jobs.JobService;
import io.sendzen.logs.logs.BulkFilter;
import io.sendzen.logs.logs.LogIds;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.store.EntryQuery.EntryKey;
import io.sendzen.logs.store.LogEntries;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Deletes a project's log entries: one, up to 1,000 by id at once, or all that match a filter by a background job
 * ({@link BulkDeleteJob}). Each deletion takes the entries' pending forwards and attempts with them and is audited,
 * all in one transaction.
 */
@ApplicationScoped
public class LogDeletion {

    static final String KIND = "bulk_delete";

    /** What a delete by ids came to. */
    public record Deleted(long deleted, List<String> notFound) {
    }

    private final AgroalDataSource dataSource;
    private final LogEntries entries;
    private final FlyoutStore flyout;
    private final AuditTrail audit;
    private final JobService jobs;
    private final ObjectMapper json;

    LogDeletion(AgroalDataSource dataSource, LogEntries entries, FlyoutStore flyout, AuditTrail audit, JobService jobs,
                ObjectMapper json) {
        this.dataSource = dataSource;
        this.entries = entries;
        this.flyout = flyout;
        this.audit = audit;
        this.jobs = jobs;
        this.json = json;
    }

    /** Deletes the project's entry {@code logId}: 400 when malformed, 404 when it has no such entry (any more). */
    public void deleteOne(String projectId, String logId) throws SQLException {
        OptionalLong id = LogIds.parse(logId);
        if (id.isEmpty()) {
            throw ApiException.badRequest("log_id", LogIds.PROBLEM);
        }
        AuditTrail.Actor actor = audit.currentActor();
        try (Connection c = transaction()) {
            try {
                List<EntryKey> deleted = delete(c, projectId, List.of(id.getAsLong()));
                if (deleted.isEmpty()) {
                    c.rollback();
                    throw ApiException.notFound();
                }
                audit.record(c, actor, projectId, "log.delete", Map.of("log_ids", List.of(logId)), 1L);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Deletes those of {@code logIds} that are entries of the project, at once; the others are named. */
    public Deleted deleteIds(String projectId, List<Long> logIds) throws SQLException {
        AuditTrail.Actor actor = audit.currentActor();
        try (Connection c = transaction()) {
            try {
                List<EntryKey> deleted = delete(c, projectId, logIds);
                Set<Long> gone = new HashSet<>();
                deleted.forEach(key -> gone.add(key.logId()));
                List<String> deletedIds = new ArrayList<>();
                List<String> notFound = new ArrayList<>();
                for (long id : logIds) {
                    (gone.contains(id) ? deletedIds : notFound).add(Long.toString(id));
                }
                audit.record(c, actor, projectId, "log.bulk_delete", Map.of("log_ids", deletedIds),
                        (long) deletedIds.size());
                c.commit();
                return new Deleted(deletedIds.size(), notFound);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** How many of the project's entries the filter selects now. */
    public long count(String projectId, ObjectNode filter) throws SQLException {
        BulkFilter selected = BulkFilter.of(filter);
        return entries.count(projectId, selected.entries(), selected.toDate());
    }

    /**
     * Starts a job that deletes the project's entries the filter selects, up to its {@code toDate} or, without one,
     * up to now: what arrives later is kept.
     */
    public Job start(String projectId, ObjectNode filter) throws SQLException {
        String params = BulkFilter.of(filter).params(json);
        AuditTrail.Actor actor = audit.currentActor();
        return jobs.start(projectId, KIND, params, actor.sub(), actor.jti());
    }

    /**
     * The one way entries go, in the caller's transaction: the entries first (their row locks order this against
     * a forward being recorded), then their pending forwards and attempts. Returns the keys deleted.
     */
    List<EntryKey> delete(Connection c, String projectId, List<Long> logIds) throws SQLException {
        return deleteKeys(c, projectId, entries.keys(c, projectId, logIds));
    }

    /** The same for a batch of a job, whose keys it has already read. */
    List<EntryKey> deleteKeys(Connection c, String projectId, List<EntryKey> keys) throws SQLException {
        List<EntryKey> deleted = entries.delete(c, projectId, keys);
        flyout.forget(c, projectId, deleted.stream().map(EntryKey::logId).toList());
        return deleted;
    }

    private Connection transaction() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        return c;
    }
}
