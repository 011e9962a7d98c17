package io.sendzen.logs.flyout;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.flyout.Entries.Entry;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Admin.Endpoint;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pending work survives the instance that held it: a job is leased while an instance sends it, and once the lease
 * runs out (the instance died mid-attempt) another instance sends it; until then nobody else does.
 */
@QuarkusTest
class LeaseTest extends ReceiverFixture {

    /** An entry and its job as an instance leaves them when it stops mid-attempt, leased for {@code leaseMillis} from now. */
    private String leftBehind(Endpoint endpoint, String payload, long leaseMillis) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long createdAt = Ticks.now();
            long logId;
            try (PreparedStatement s = c.prepareStatement("""
                    insert into log_entry (project_id, created_at, phone_number_id, event_type, payload, flyout_url,
                                           flyout_status, webhook_id)
                    values (?, ?, ?, 2, ?, ?, 'pending', ?) returning log_id
                    """)) {
                s.setString(1, project);
                s.setLong(2, createdAt);
                s.setString(3, phone);
                s.setString(4, payload);
                s.setString(5, endpoint.url());
                s.setString(6, endpoint.id());
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    logId = rows.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    insert into flyout_job (log_id, project_id, created_at, webhook_id, url, attempts, next_attempt_at,
                                            locked_until, enqueued_at)
                    values (?, ?, ?, ?, ?, 0, now() - interval '1 minute', now() + ? * interval '1 millisecond',
                            now() - interval '1 minute')
                    """)) {
                s.setLong(1, logId);
                s.setString(2, project);
                s.setLong(3, createdAt);
                s.setString(4, endpoint.id());
                s.setString(5, endpoint.url());
                s.setLong(6, leaseMillis);
                s.executeUpdate();
            }
            c.commit();
            return Long.toString(logId);
        }
    }

    @Test
    void workOfAnInstanceThatDiedMidAttemptIsDeliveredOnceItsLeaseHasRunOut() throws SQLException {
        Endpoint endpoint = Admin.addWebhook(project, receiver.url("hook"));
        String logId = leftBehind(endpoint, "{\"left\":\"behind\"}", -5_000);
        Entry entry = Entries.awaitStatus(project, "success");
        assertEquals(logId, entry.logId());
        List<Receiver.Request> requests = receiver.requests("hook");
        assertEquals(1, requests.size());
        assertEquals(logId, requests.get(0).header("webhook-id"));
        assertEquals("{\"left\":\"behind\"}", requests.get(0).bodyText());
        assertFalse(Attempts.pending(dataSource, logId));
    }

    @Test
    void workLeasedByAnotherInstanceIsLeftAloneUntilTheLeaseRunsOut() throws SQLException {
        Endpoint endpoint = Admin.addWebhook(project, receiver.url("hook"));
        long leasedUntil = System.currentTimeMillis() + 3_000;
        leftBehind(endpoint, "{\"leased\":true}", 3_000);
        Entries.awaitStatus(project, "success");
        List<Receiver.Request> requests = receiver.requests("hook");
        assertEquals(1, requests.size());
        // the lease is set by the database clock, which is this machine's; allow for rounding
        assertTrue(requests.get(0).arrivedAtMillis() >= leasedUntil - 100,
                "sent " + (leasedUntil - requests.get(0).arrivedAtMillis()) + " ms before the lease ran out");
    }
}
