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

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: one thread takes every delivery waiting in a bounded queue and commits all their events in one
 * transaction, then acknowledges each. A delivery is answered 200 only after its transaction committed.
 * Plain JDBC with array parameters: one round trip per statement whatever the batch size.
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

    private record Key(String routeKey, String digest) {
    }

    private static final String FINGERPRINTS = """
            insert into event_fingerprint (route_key, digest, received_at)
            select k, d, now() from unnest(?::text[], ?::bytea[]) as f(k, d)
            on conflict (route_key, digest) do update set received_at = excluded.received_at
                where event_fingerprint.received_at < excluded.received_at - interval '7 days'
            returning route_key, digest
            """;

    // Routing by phone number, else by WABA; fan-out to the project's enabled endpoints that take the event type,
    // or one entry with the '-' placeholders when there is none (flyout.md); a pending forward per fanned-out entry.
    private static final String ENTRIES = """
            with stored as (
                insert into log_entry (project_id, created_at, phone_number_id, event_type, payload, waba_id, wa_status,
                                       message_id, wa_id, error_code, flyout_url, flyout_status, webhook_id)
                select r.project_id, ?, r.phone, r.type, r.payload, r.waba, r.status, r.mid, r.waid, r.err,
                       coalesce(we.url, '-'), case when we.id is null then '-' else 'pending' end, we.id
                from (
                    select coalesce(pn.project_id, w.project_id, '') as project_id, e.*
                    from unnest(?::text[], ?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                ?::int[], ?::text[]) with ordinality as e(phone, type, payload, waba, status, mid, waid,
                                                                         err, label, ord)
                    left join phone_number pn on pn.phone_number_id = e.phone
                    left join waba w on w.waba_id = e.waba
                ) r
                left join webhook_endpoint we on we.project_id = r.project_id and we.enabled
                     and (we.event_types is null or r.label = any (we.event_types))
                order by r.ord, we.created_at, we.id
                returning project_id, created_at, log_id, webhook_id, flyout_url
            ), jobs as (
                insert into flyout_job (log_id, project_id, created_at, webhook_id, url)
                select log_id, project_id, created_at, webhook_id, flyout_url from stored where webhook_id is not null
            )
            select project_id, log_id, webhook_id from stored
            """;

    private final AgroalDataSource dataSource;
    private final IngestMetrics metrics;
    private final FlyoutDispatcher dispatcher;
    private final ArrayBlockingQueue<Pending> queue;
    private final int maxBatchEvents;
    private final long maxWaitNanos;
    private volatile boolean running;
    private Thread thread;
    private long lastTicks;

    IngestWriter(AgroalDataSource dataSource, IngestMetrics metrics, FlyoutDispatcher dispatcher, SendzenConfig config) {
        this.dataSource = dataSource;
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

    /** A pooled connection may be stale after the database restarted: one fresh try before answering 503. */
    private List<Outcome> writeWithRetry(List<Pending> batch) throws SQLException {
        try {
            return write(batch);
        } catch (SQLException | RuntimeException e) {
            if (!DatabaseFailures.isUnavailable(e)) {
                throw e;
            }
            return write(batch);
        }
    }

    private List<Outcome> write(List<Pending> batch) throws SQLException {
        List<SplitEvent> fresh = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        int[] redelivered = new int[batch.size()];
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Set<Key> firstTime = storeFingerprints(connection, batch);
                Set<Key> seenInBatch = new HashSet<>();
                for (int i = 0; i < batch.size(); i++) {
                    for (SplitEvent event : batch.get(i).events) {
                        Key key = key(event);
                        if (firstTime.contains(key) && seenInBatch.add(key)) {
                            fresh.add(event);
                            owner.add(i);
                        } else {
                            redelivered[i]++;
                        }
                    }
                }
                List<StoredEntry> entries = fresh.isEmpty() ? List.of() : insertEntries(connection, fresh);
                connection.commit();
                int[] stored = new int[batch.size()];
                owner.forEach(i -> stored[i]++);
                List<Outcome> outcomes = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    outcomes.add(new Outcome(stored[i], redelivered[i]));
                }
                metrics.stored(fresh, entries.stream().filter(StoredEntry::unrouted).count());
                if (entries.stream().anyMatch(e -> e.webhookId() != null)) {
                    dispatcher.wake();
                }
                return outcomes;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    private Set<Key> storeFingerprints(Connection connection, List<Pending> batch) throws SQLException {
        Set<Key> distinct = new LinkedHashSet<>();
        for (Pending pending : batch) {
            for (SplitEvent event : pending.events) {
                distinct.add(key(event));
            }
        }
        String[] routeKeys = new String[distinct.size()];
        byte[][] digests = new byte[distinct.size()][];
        int i = 0;
        for (Key key : distinct) {
            routeKeys[i] = key.routeKey;
            digests[i] = HexFormat.of().parseHex(key.digest);
            i++;
        }
        Set<Key> inserted = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(FINGERPRINTS)) {
            statement.setArray(1, connection.createArrayOf("text", routeKeys));
            statement.setArray(2, connection.createArrayOf("bytea", digests));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    inserted.add(new Key(rows.getString(1), HexFormat.of().formatHex(rows.getBytes(2))));
                }
            }
        }
        return inserted;
    }

    private List<StoredEntry> insertEntries(Connection connection, List<SplitEvent> events) throws SQLException {
        int n = events.size();
        String[] phone = new String[n];
        Short[] type = new Short[n];
        String[] payload = new String[n];
        String[] waba = new String[n];
        String[] status = new String[n];
        String[] messageId = new String[n];
        String[] waId = new String[n];
        Integer[] error = new Integer[n];
        String[] label = new String[n];
        for (int i = 0; i < n; i++) {
            SplitEvent e = events.get(i);
            phone[i] = e.phoneNumberId();
            type[i] = (short) (e.type().ordinal() + 1);
            payload[i] = e.payload();
            waba[i] = e.wabaId();
            status[i] = e.waStatus();
            messageId[i] = e.messageId();
            waId[i] = e.waId();
            error[i] = e.errorCode();
            label[i] = e.type().label();
        }
        List<StoredEntry> entries = new ArrayList<>(n);
        try (PreparedStatement statement = connection.prepareStatement(ENTRIES)) {
            statement.setLong(1, nextTicks());
            setArray(connection, statement, 2, "text", phone);
            setArray(connection, statement, 3, "int2", type);
            setArray(connection, statement, 4, "text", payload);
            setArray(connection, statement, 5, "text", waba);
            setArray(connection, statement, 6, "text", status);
            setArray(connection, statement, 7, "text", messageId);
            setArray(connection, statement, 8, "text", waId);
            setArray(connection, statement, 9, "int4", error);
            setArray(connection, statement, 10, "text", label);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new StoredEntry(rows.getString(1), rows.getLong(2), rows.getString(3)));
                }
            }
        }
        return entries;
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
        return new Key(event.routeKey(), HexFormat.of().formatHex(event.digest()));
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is going back to the pool broken or not; the original failure is what matters
        }
    }
}
