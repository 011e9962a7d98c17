package io.sendzen.logs.redelivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.audit.AuditTrail;
import io.sendzen.logs.flyout.AttemptTrigger;
import io.sendzen.logs.flyout.FlyoutDispatcher;
import io.sendzen.logs.flyout.FlyoutStore;
import io.sendzen.logs.jobs.Job;
import io.sendzen.logs.jobs.JobService;
import io.sendzen.logs.logs.BulkFilter;
import io.sendzen.logs.store.LogEntries;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends many of a project's entries again, each to the endpoint it was forwarded to, its next attempt shown as
 * {@code bulk}: up to 1,000 by id at once, or all that a filter selects by a background job
 * ({@link BulkRedeliverJob}). The entries go back in the forwarding queue, so each endpoint's concurrency limit
 * holds and the other endpoints' forwards are not held up. An entry that was never forwarded is skipped, not an
 * error. Audited.
 */
@ApplicationScoped
public class BulkRedelivery {

    static final String KIND = "bulk_redeliver";

    /** What a redelivery by ids came to: how many were scheduled, how many skipped (never forwarded), which ids. */
    public record Scheduled(long redelivered, long skipped, List<String> notForwarded, List<String> notFound) {
    }

    private final AgroalDataSource dataSource;
    private final LogEntries entries;
    private final FlyoutStore flyout;
    private final FlyoutDispatcher dispatcher;
    private final AuditTrail audit;
    private final JobService jobs;
    private final ObjectMapper json;

    BulkRedelivery(AgroalDataSource dataSource, LogEntries entries, FlyoutStore flyout, FlyoutDispatcher dispatcher,
                   AuditTrail audit, JobService jobs, ObjectMapper json) {
        this.dataSource = dataSource;
        this.entries = entries;
        this.flyout = flyout;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.jobs = jobs;
        this.json = json;
    }

    /** Sends those of {@code logIds} that are forwarded entries of the project again, at once; the others are named. */
    public Scheduled redeliverIds(String projectId, List<Long> logIds) throws SQLException {
        AuditTrail.Actor actor = audit.currentActor();
        Scheduled scheduled;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                FlyoutStore.Redeliveries outcome = flyout.redeliver(c, projectId, logIds, AttemptTrigger.BULK);
                Set<Long> found = new HashSet<>(outcome.scheduled());
                found.addAll(outcome.notForwarded());
                List<String> notFound = new ArrayList<>();
                for (long id : logIds) {
                    if (!found.contains(id)) {
                        notFound.add(Long.toString(id));
                    }
                }
                List<String> redelivered = outcome.scheduled().stream().map(String::valueOf).toList();
                scheduled = new Scheduled(redelivered.size(), outcome.notForwarded().size(),
                        outcome.notForwarded().stream().map(String::valueOf).toList(), notFound);
                audit.record(c, actor, projectId, "log.bulk_redeliver", Map.of("log_ids", redelivered),
                        (long) redelivered.size());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        dispatcher.wake();
        return scheduled;
    }

    /** How many of the project's entries the filter selects now, and how many of them would be skipped. */
    public LogEntries.Matching count(String projectId, ObjectNode filter) throws SQLException {
        BulkFilter selected = BulkFilter.of(filter);
        return entries.countForwarded(projectId, selected.entries(), selected.toDate());
    }

    /**
     * Starts a job that sends the project's entries the filter selects again, up to its {@code toDate} or, without
     * one, up to now.
     */
    public Job start(String projectId, ObjectNode filter) throws SQLException {
        String params = BulkFilter.of(filter).params(json);
        AuditTrail.Actor actor = audit.currentActor();
        return jobs.start(projectId, KIND, params, actor.sub(), actor.jti());
    }
}
