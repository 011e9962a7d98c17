package io.sendzen.logs.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sendzen.logs.flyout.FlyoutDispatcher;
import io.sendzen.logs.shared.DatabaseFailures;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.shared.Ticks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: one thread takes every delivery waiting in a bounded queue and commits all their events in one
 * transaction, then acknowledges each. A delivery is answered 200 only after its transaction committed.
 * Plain JDBC with array parameters: one statement, committed on its own, whatever the batch size.
 */
@ApplicationScoped
public class IngestWriter {

    private static final Logger LOG = Logger.getLogger(IngestWriter.class);

    /** Why a delivery was not stored; the answer is 503 and Meta delivers it again. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    public record Outcome(int stored, int redelivered) {
    }

    /** A row written to the log table; {@code webhookId} is set when it is to be forwarded. */
    record StoredEntry(String projectId, long logId, String webhookId) {
        boolean unrouted() {
            return projectId.isEmpty();
        }
    }

    private record Pending(List<SplitEvent> events, CompletableFuture<Outcome> done) {
    }

    /** A digest compared by content: an event's identity for redelivery within a batch. */
    private record Key(String routeKey, ByteBuffer digest) {
    }

    // One statement, committed on its own (autocommit): one round trip per batch whatever its size.
    // Redelivery: an event is stored only when its fingerprint is new (or older than 7 days).
    // Routing by phone number, else by WABA; fan-out to the project's enabled endpoints that take the event type,
    // or one entry with the '-' placeholders when there is none (flyout.md); a pending forward per fanned-out entry.
    // The answer lists the ordinals of the fresh events (kind 0) and the stored entries (kind 1).
    private static final String WRITE = """
            with e as (
                select * from unnest(?::text[], ?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                     ?::int[], ?::text[], ?::text[], ?::bytea[])
                    with ordinality as e(phone, type, payload, waba, status, mid, waid, err, label, route_key, digest, ord)
            ), fresh as (
                insert into event_fingerprint (route_key, digest, received_at)
                select route_key, digest, now() from e
                on conflict (route_key, digest) do update set received_at = excluded.received_at
                    where event_fingerprint.received_at < excluded.received_at - interval '7 days'
                returning route_key, digest
            ), new_events as (
                select e.* from e join fresh using (route_key, digest)
            ), stored as (
                insert into log_entry (project_id, created_at, phone_number_id, event_type, payload, waba_id, wa_status,
                                       message_id, wa_id, error_code, flyout_url, flyout_status, webhook_id)
                select r.project_id, ?, r.phone, r.type, r.payload, r.waba, r.status, r.mid, r.waid, r.err,
                       coalesce(we.url, '-'), case when we.id is null then '-' else 'pending' end, we.id
                from (
                    select coalesce(pn.project_id, w.project_id, '') as project_id, n.*
                    from new_events n
                    left join phone_number pn on pn.phone_number_id = n.phone
                    left join waba w on w.waba_id = n.waba
                ) r
                left join webhook_endpoint we on we.project_id = r.project_id and we.enabled
                     and (we.event_types is null or r.label = any (we.event_types))
                order by r.ord, we.created_at, we.id
                returning project_id, created_at, log_id, webhook_id, flyout_url
            ), jobs as (
                insert into flyout_job (log_id, project_id, created_at, webhook_id, url)
                select log_id, project_id, created_at, webhook_id, flyout_url from stored where webhook_id is not null
            )
            select 0 as kind, ord, null as project_id, null::bigint as log_id, null as webhook_id from new_events
            union all
            select 1, null, project_id, log_id, webhook_id from stored
            """;

    private final AgroalDataSource dataSource;
    private final LogPartitions partitions;
    private final IngestMetrics metrics;
    private final FlyoutDispatcher dispatcher;
    private final ArrayBlockingQueue<Pending> queue;
    private final int maxBatchEvents;
    private final long maxWaitNanos;
    private volatile boolean running;
    private Thread thread;
    private long lastTicks;

    IngestWriter(AgroalDataSource dataSource, LogPartitions partitions, IngestMetrics metrics, FlyoutDispatcher dispatcher,
                 SendzenConfig config) {
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.metrics = metrics;
        this.dispatcher = dispatcher;
        this.queue = new ArrayBlockingQueue<>(config.ingest().queueCapacity());
        this.maxBatchEvents = config.ingest().maxBatchEvents();
        this.maxWaitNanos = config.ingest().maxWait().toNanos();
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "ingest-writer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done.completeExceptionally(new Unavailable("shutting down", null));
        }
    }

    /** Queues the events of one delivery; the future completes once they are committed. */
    public CompletableFuture<Outcome> submit(List<SplitEvent> events) {
        Pending pending = new Pending(events, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            return CompletableFuture.failedFuture(new Unavailable(running ? "write queue full" : "shutting down", null));
        }
        return pending.done;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int events = first.events.size();
                long deadline = System.nanoTime() + maxWaitNanos;
                while (events < maxBatchEvents) {
                    Pending next = queue.poll();
                    if (next == null) {
                        long wait = deadline - System.nanoTime();
                        if (wait <= 0 || (next = queue.poll(wait, TimeUnit.NANOSECONDS)) == null) {
                            break;
                        }
                    }
                    batch.add(next);
                    events += next.events.size();
                }
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("ingest writer failed", e);
                batch.forEach(p -> p.done.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        try {
            List<Outcome> outcomes = writeWithRetry(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done.complete(outcomes.get(i));
            }
        } catch (SQLException | RuntimeException e) {
            if (DatabaseFailures.isUnavailable(e)) {
                Unavailable unavailable = new Unavailable("database unavailable", e);
                batch.forEach(p -> p.done.completeExceptionally(unavailable));
            } else if (batch.size() > 1) {
                // one bad delivery must not fail the others that shared its transaction
                for (Pending pending : batch) {
                    commit(List.of(pending));
                }
            } else {
                LOG.errorf(e, "could not store a delivery of %d events", batch.get(0).events.size());
                batch.get(0).done.completeExceptionally(e);
            }
        }
    }

    /**
     * A pooled connection may be stale after the database restarted: one fresh try before answering 503. A day
     * without its partition (ahead-of-time creation failed for days) gets one, and the batch is written again.
     */
    private List<Outcome> writeWithRetry(List<Pending> batch) throws SQLException {
        try {
            return write(batch);
        } catch (SQLException | RuntimeException e) {
            if (LogPartitions.isMissing(e)) {
                partitions.createAround(nextTicks());
            } else if (!DatabaseFailures.isUnavailable(e)) {
                throw e;
            }
            return write(batch);
        }
    }

    private List<Outcome> write(List<Pending> batch) throws SQLException {
        // each event once: a repeat inside the batch is a redelivery of the first
        List<SplitEvent> distinct = new ArrayList<>();
        List<byte[]> digests = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        Set<Key> seenInBatch = new HashSet<>();
        int[] redelivered = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            for (SplitEvent event : batch.get(i).events) {
                if (seenInBatch.add(key(event))) {
                    distinct.add(event);
                    digests.add(event.digest());
                    owner.add(i);
                } else {
                    redelivered[i]++;
                }
            }
        }
        int n = distinct.size();
        String[] phone = new String[n];
        Short[] type = new Short[n];
        String[] payload = new String[n];
        String[] waba = new String[n];
        String[] status = new String[n];
        String[] messageId = new String[n];
        String[] waId = new String[n];
        Integer[] error = new Integer[n];
        String[] label = new String[n];
        String[] routeKey = new String[n];
        for (int i = 0; i < n; i++) {
            SplitEvent e = distinct.get(i);
            phone[i] = e.phoneNumberId();
            type[i] = (short) (e.type().ordinal() + 1);
            payload[i] = e.payload();
            waba[i] = e.wabaId();
            status[i] = e.waStatus();
            messageId[i] = e.messageId();
            waId[i] = e.waId();
            error[i] = e.errorCode();
            label[i] = e.type().label();
            routeKey[i] = e.routeKey();
        }
        boolean[] fresh = new boolean[n];
        List<StoredEntry> entries = new ArrayList<>(n);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement(WRITE)) {
                setArray(connection, statement, 1, "text", phone);
                setArray(connection, statement, 2, "int2", type);
                setArray(connection, statement, 3, "text", payload);
                setArray(connection, statement, 4, "text", waba);
                setArray(connection, statement, 5, "text", status);
                setArray(connection, statement, 6, "text", messageId);
                setArray(connection, statement, 7, "text", waId);
                setArray(connection, statement, 8, "int4", error);
                setArray(connection, statement, 9, "text", label);
                setArray(connection, statement, 10, "text", routeKey);
                setArray(connection, statement, 11, "bytea", digests.toArray(new byte[0][]));
                statement.setLong(12, nextTicks());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getInt(1) == 0) {
                            fresh[(int) rows.getLong(2) - 1] = true;
                        } else {
                            entries.add(new StoredEntry(rows.getString(3), rows.getLong(4), rows.getString(5)));
                        }
                    }
                }
            }
        }
        int[] stored = new int[batch.size()];
        List<SplitEvent> storedEvents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (fresh[i]) {
                stored[owner.get(i)]++;
                storedEvents.add(distinct.get(i));
            } else {
                redelivered[owner.get(i)]++;
            }
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            outcomes.add(new Outcome(stored[i], redelivered[i]));
        }
        metrics.stored(storedEvents, entries.stream().filter(StoredEntry::unrouted).count());
        if (entries.stream().anyMatch(e -> e.webhookId() != null)) {
            dispatcher.wake();
        }
        return outcomes;
    }

    private static void setArray(Connection connection, PreparedStatement statement, int index, String type,
                                 Object[] values) throws SQLException {
        Array array = connection.createArrayOf(type, values);
        statement.setArray(index, array);
    }

    private synchronized long nextTicks() {
        lastTicks = Math.max(Ticks.now(), lastTicks + 1);
        return lastTicks;
    }

    private static Key key(SplitEvent event) {
        return new Key(event.routeKey(), ByteBuffer.wrap(event.digest()));
    }
}
