package io.sendzen.logs.redelivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendzen.logs.audit.AuditTrail;
import io.sendzen.logs.flyout.AttemptTrigger;
import io.sendzen.logs.flyout.FlyoutDispatcher;
import io.sendzen.logs.flyout.FlyoutStore;
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
 * A redelivery by filter, in batches in (created_at, log_id) order: each batch puts the next entries after the job's
 * position back in the forwarding queue in one statement (the dispatcher sends them at each endpoint's own pace),
 * and counts those never forwarded as skipped. A batch waits while two batches' worth are still queued. Audited once
 * it ends.
 */
@ApplicationScoped
public class BulkRedeliverJob implements JobKind {

    private final LogEntries entries;
    private final FlyoutStore flyout;
    private final FlyoutDispatcher dispatcher;
    private final AuditTrail audit;
    private final ObjectMapper json;

    BulkRedeliverJob(LogEntries entries, FlyoutStore flyout, FlyoutDispatcher dispatcher, AuditTrail audit,
                     ObjectMapper json) {
        this.entries = entries;
        this.flyout = flyout;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.json = json;
    }

    /**
     * No: its batches only queue forwards, and the work that keeps the database busy while it runs is mostly those
     * forwards going out, at each endpoint's own concurrency. Giving way to them would only hold them up.
     */
    @Override
    public boolean givesWay() {
        return false;
    }

    @Override
    public String name() {
        return BulkRedelivery.KIND;
    }

    @Override
    public long count(Job job) throws SQLException {
        BulkFilter params = BulkFilter.read(json, job.id(), job.params());
        return entries.countOnPrimary(job.projectId(), params.entries(), params.toDate());
    }

    @Override
    public Batch next(Connection connection, Job job, int limit) throws SQLException {
        if (flyout.waitingBulk(connection, job.projectId()) >= 2L * limit) {
            // the endpoints have not caught up with what was queued: no more until they have, so progress shows
            // what is being sent, and the queue never holds a whole filter's worth of entries
            return new Batch(0, 0, job.position(), false);
        }
        BulkFilter params = BulkFilter.read(json, job.id(), job.params());
        List<EntryKey> keys = entries.nextKeys(connection, job.projectId(), params.entries(), params.toDate(),
                BulkFilter.after(job.position()), limit);
        if (keys.isEmpty()) {
            return new Batch(0, 0, job.position(), true);
        }
        FlyoutStore.Redeliveries outcome = flyout.redeliver(connection, job.projectId(),
                keys.stream().map(EntryKey::logId).toList(), AttemptTrigger.BULK);
        // the batch commits right after this: the dispatcher looks again then, or at its next poll
        dispatcher.wake();
        return new Batch(outcome.scheduled().size() + outcome.notForwarded().size(), outcome.notForwarded().size(),
                BulkFilter.position(keys.get(keys.size() - 1)), keys.size() < limit);
    }

    @Override
    public void ended(Connection connection, Job job) throws SQLException {
        BulkFilter params = BulkFilter.read(json, job.id(), job.params());
        audit.record(connection, new AuditTrail.Actor(job.actorSub(), job.actorJti()), job.projectId(),
                "log.bulk_redeliver_job", params.target(json, job.id(), job.state().label()).put("skipped", job.skipped()),
                job.done() - job.skipped());
    }
}
