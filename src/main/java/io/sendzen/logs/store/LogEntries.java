package io.sendzen.logs.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.shared.Reads;
import io.sendzen.logs.store.EntryQuery.EntryKey;
import io.sendzen.logs.store.EntryQuery.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owns {@code log_entry} and {@code event_fingerprint}: every statement on them is here. Reads go through the read
 * datasource ({@link Reads#DATASOURCE}), writes through the default one; a write that is part of another owner's
 * transaction takes that transaction's connection. Plain SQL through the pool: the ingest write and the page read
 * are the hot paths, and both need shapes the ORM cannot express (one statement per batch, UNION ALL branches).
 */
@ApplicationScoped
public class LogEntries {

    /** One entry as {@code GET /v1/logs} shows it. */
    public record Row(String projectId, String phoneNumberId, int eventType, String payload, long createdAt,
                      int direction, String flyoutStatus, String flyoutResponse, int flyoutResponseCode,
                      String flyoutUrl, long logId) {
    }

    /** An entry written by {@link #write}; {@code webhookId} is set when it is to be forwarded. */
    public record Stored(String projectId, long logId, String webhookId) {
        public boolean unrouted() {
            return projectId.isEmpty();
        }
    }

    /** What a batch write came to: which events were new (by position in the batch), and the entries written. */
    public record Written(boolean[] fresh, List<Stored> entries) {
    }

    /** Where an entry was forwarded, for sending it again. */
    public record Forward(long createdAt, String webhookId, String url) {
    }

    /** The events of one batch, column by column (the write binds each column as one array). */
    public static final class NewEntries {
        private final String[] phone;
        private final Short[] type;
        private final String[] payload;
        private final String[] waba;
        private final String[] status;
        private final String[] messageId;
        private final String[] waId;
        private final Integer[] error;
        private final String[] label;
        private final String[] routeKey;
        private final byte[][] digest;
        private final String[] search;
        private final String[] category;
        private final String[] template;

        public NewEntries(int size) {
            phone = new String[size];
            type = new Short[size];
            payload = new String[size];
            waba = new String[size];
            status = new String[size];
            messageId = new String[size];
            waId = new String[size];
            error = new Integer[size];
            label = new String[size];
            routeKey = new String[size];
            digest = new byte[size][];
            search = new String[size];
            category = new String[size];
            template = new String[size];
        }

        /**
         * Event {@code i}: {@code routeKey} (its phone number, else its WABA) and {@code digest} (of its bytes)
         * identify a redelivery of it.
         */
        public void set(int i, EventType eventType, String phoneNumberId, String json, String wabaId, String waStatus,
                        String wamid, String customer, Integer errorCode, String route, byte[] eventDigest) {
            phone[i] = phoneNumberId;
            type[i] = EntryQuery.code(eventType);
            payload[i] = json;
            waba[i] = wabaId;
            status[i] = waStatus;
            messageId[i] = wamid;
            waId[i] = customer;
            error[i] = errorCode;
            label[i] = eventType.label();
            routeKey[i] = route;
            digest[i] = eventDigest;
        }

        /**
         * What event {@code i} is found by: its search lexemes separated by spaces (SearchText.Document), its pricing
         * category and the template it names.
         */
        public void searchable(int i, String lexemes, String pricingCategory, String templateName) {
            search[i] = lexemes;
            category[i] = pricingCategory;
            template[i] = templateName;
        }

        int size() {
            return phone.length;
        }
    }

    // One statement, committed on its own (autocommit): one round trip per batch whatever its size, which is what
    // the ingest rate rests on (BENCHMARKS.md). It therefore also writes what storing an entry implies elsewhere: the
    // event's fingerprint, and a pending forward (flyout_job, whose other statements are FlyoutStore's) per entry
    // fanned out; and it reads the routing tables that projects owns.
    // Redelivery: an event is stored only when its fingerprint is new (or older than 7 days).
    // Routing by phone number, else by WABA; fan-out to the project's enabled endpoints that take the event type,
    // or one entry with the '-' placeholders when there is none (docs/flyout.md).
    // The answer lists the ordinals of the fresh events (kind 0) and the stored entries (kind 1).
    private static final String WRITE = """
            with e as (
                select * from unnest(?::text[], ?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                     ?::int[], ?::text[], ?::text[], ?::bytea[], ?::text[], ?::text[], ?::text[])
                    with ordinality as e(phone, type, payload, waba, status, mid, waid, err, label, route_key, digest,
                                         search, category, template, ord)
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
                                       message_id, wa_id, error_code, flyout_url, flyout_status, webhook_id,
                                       search, category, template_name)
                select r.project_id, ?, r.phone, r.type, r.payload, r.waba, r.status, r.mid, r.waid, r.err,
                       coalesce(we.url, '-'), case when we.id is null then '-' else 'pending' end, we.id,
                       array_to_tsvector(string_to_array(r.search, ' ')), r.category, r.template
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

    private static final int RETENTION_BATCH = 5_000;
    // fewer matches than this are read through the search index and sorted; more, in page order (BENCHMARKS.md)
    private static final int RARE_SEARCH = 1_000;

    private final AgroalDataSource dataSource;
    private final AgroalDataSource readSource;

    LogEntries(AgroalDataSource dataSource, @DataSource(Reads.DATASOURCE) AgroalDataSource readSource) {
        this.dataSource = dataSource;
        this.readSource = readSource;
    }

    /** Writes the new events of a batch, all received at {@code createdAt}, in one statement committed on its own. */
    public Written write(NewEntries batch, long createdAt) throws SQLException {
        boolean[] fresh = new boolean[batch.size()];
        List<Stored> entries = new ArrayList<>(batch.size());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement(WRITE)) {
                statement.setArray(1, connection.createArrayOf("text", batch.phone));
                statement.setArray(2, connection.createArrayOf("int2", batch.type));
                statement.setArray(3, connection.createArrayOf("text", batch.payload));
                statement.setArray(4, connection.createArrayOf("text", batch.waba));
                statement.setArray(5, connection.createArrayOf("text", batch.status));
                statement.setArray(6, connection.createArrayOf("text", batch.messageId));
                statement.setArray(7, connection.createArrayOf("text", batch.waId));
                statement.setArray(8, connection.createArrayOf("int4", batch.error));
                statement.setArray(9, connection.createArrayOf("text", batch.label));
                statement.setArray(10, connection.createArrayOf("text", batch.routeKey));
                statement.setArray(11, connection.createArrayOf("bytea", batch.digest));
                statement.setArray(12, connection.createArrayOf("text", batch.search));
                statement.setArray(13, connection.createArrayOf("text", batch.category));
                statement.setArray(14, connection.createArrayOf("text", batch.template));
                statement.setLong(15, createdAt);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getInt(1) == 0) {
                            fresh[(int) rows.getLong(2) - 1] = true;
                        } else {
                            entries.add(new Stored(rows.getString(3), rows.getLong(4), rows.getString(5)));
                        }
                    }
                }
            }
        }
        return new Written(fresh, entries);
    }

    /** Up to {@code limit} entries of {@code projectId} after {@code after} (null: from the start) up to {@code toDate}. */
    public List<Row> page(String projectId, EntryFilter filter, long toDate, EntryKey after, boolean descending,
                          int limit) throws SQLException {
        Sql sql = EntryQuery.page(projectId, filter, toDate, after, descending, limit);
        if (EntryQuery.plannedWithValues(filter)) {
            Sql count = EntryQuery.matchesAtMost(projectId, filter, toDate, RARE_SEARCH);
            return Reads.read(readSource, connection -> {
                connection.setAutoCommit(false);
                try (Statement settings = connection.createStatement()) {
                    settings.execute("set local plan_cache_mode = force_custom_plan; set local enable_bitmapscan = on; "
                            + "set local enable_indexscan = off");
                    long matches;
                    try (PreparedStatement statement = connection.prepareStatement(count.text())) {
                        bind(connection, statement, count.params());
                        try (ResultSet rs = statement.executeQuery()) {
                            rs.next();
                            matches = rs.getLong(1);
                        }
                    }
                    if (matches >= RARE_SEARCH) {
                        settings.execute("set local enable_indexscan = on; set local enable_bitmapscan = off");
                    }
                    return rows(connection, sql, limit);
                } finally {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            });
        }
        return Reads.read(readSource, connection -> rows(connection, sql, limit));
    }

    private static List<Row> rows(Connection connection, Sql sql, int limit) throws SQLException {
        List<Row> rows = new ArrayList<>(limit);
        try (PreparedStatement statement = connection.prepareStatement(sql.text())) {
            // a server-side statement from the first execution: its plan is kept for the connection
            statement.unwrap(PGStatement.class).setPrepareThreshold(1);
            bind(statement, sql.params());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
                            rs.getInt(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10),
                            rs.getLong(11)));
                }
            }
        }
        return rows;
    }

    /** The payloads of the given entries of the given projects, by log id; a deleted entry is missing. */
    public Map<Long, String> payloads(List<String> projectIds, List<EntryKey> keys) throws SQLException {
        Long[] created = new Long[keys.size()];
        Long[] ids = new Long[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            created[i] = keys.get(i).createdAt();
            ids[i] = keys.get(i).logId();
        }
        return Reads.read(readSource, connection -> {
            try (PreparedStatement s = connection.prepareStatement("""
                    select e.log_id, e.payload
                    from unnest(?::text[], ?::bigint[], ?::bigint[]) as k(project_id, created_at, log_id)
                    join log_entry e on e.project_id = k.project_id and e.created_at = k.created_at
                                    and e.log_id = k.log_id
                    """)) {
                s.setArray(1, connection.createArrayOf("text", projectIds.toArray()));
                s.setArray(2, connection.createArrayOf("int8", created));
                s.setArray(3, connection.createArrayOf("int8", ids));
                Map<Long, String> payloads = new HashMap<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        payloads.put(rows.getLong(1), rows.getString(2));
                    }
                }
                return payloads;
            }
        });
    }

    /** Shows the outcome of a forward on its entry, in the caller's transaction. */
    public void recordForward(Connection connection, String projectId, EntryKey entry, String status, int responseCode,
                              String response) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                update log_entry set flyout_status = ?, flyout_response_code = ?, flyout_response = ?
                where project_id = ? and created_at = ? and log_id = ?
                """)) {
            s.setString(1, status);
            s.setInt(2, responseCode);
            s.setString(3, response);
            s.setString(4, projectId);
            s.setLong(5, entry.createdAt());
            s.setLong(6, entry.logId());
            s.executeUpdate();
        }
    }

    /** Shows a forward as pending again (sent anew), in the caller's transaction. */
    public void markPending(Connection connection, String projectId, EntryKey entry) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "update log_entry set flyout_status = 'pending' where project_id = ? and created_at = ? and log_id = ?")) {
            s.setString(1, projectId);
            s.setLong(2, entry.createdAt());
            s.setLong(3, entry.logId());
            s.executeUpdate();
        }
    }

    /** Where the project's entry {@code logId} was forwarded; empty when there is no such entry. */
    public Optional<Forward> forward(Connection connection, String projectId, long logId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "select created_at, webhook_id, flyout_url from log_entry where project_id = ? and log_id = ?")) {
            s.setString(1, projectId);
            s.setLong(2, logId);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Forward(rows.getLong(1), rows.getString(2), rows.getString(3)));
            }
        }
    }

    /** Deletes the project's entries created before {@code cutoff} (Ticks), in batches; returns how many. */
    public long deleteBefore(String projectId, long cutoff) throws SQLException {
        long total = 0;
        int deleted;
        try (Connection connection = dataSource.getConnection()) {
            do {
                // small batches, each committed on its own, so that ingestion and reads are never held up
                try (PreparedStatement delete = connection.prepareStatement("""
                        delete from log_entry where (project_id, created_at, log_id) in (
                            select project_id, created_at, log_id from log_entry
                            where project_id = ? and created_at < ? order by created_at limit ?)
                        """)) {
                    delete.setString(1, projectId);
                    delete.setLong(2, cutoff);
                    delete.setInt(3, RETENTION_BATCH);
                    deleted = delete.executeUpdate();
                }
                total += deleted;
            } while (deleted == RETENTION_BATCH);
        }
        return total;
    }

    /** Forgets the fingerprints of events received more than 7 days ago: after that, a redelivery is stored again. */
    public int forgetOldFingerprints() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement forget = connection.prepareStatement(
                     "delete from event_fingerprint where received_at < now() - interval '7 days'")) {
            return forget.executeUpdate();
        }
    }

    /** Binds parameters of {@link EntryQuery#where}: a filter of several values is a Java array. */
    private static void bind(Connection connection, PreparedStatement statement, List<Object> params)
            throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            if (value instanceof Short[] codes) {
                statement.setArray(i + 1, connection.createArrayOf("int2", codes));
            } else if (value instanceof String[] texts) {
                statement.setArray(i + 1, connection.createArrayOf("text", texts));
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    private static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            statement.setObject(i + 1, params.get(i));
        }
    }
}
