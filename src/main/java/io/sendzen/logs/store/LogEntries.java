package io.sendzen.logs.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.shared.ReadSources;
import io.sendzen.logs.shared.Reads;
import io.sendzen.logs.store.EntryQuery.EntryKey;
import io.sendzen.logs.store.EntryQuery.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import org.postgresql.PGStatement;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Owns {@code log_entry}, {@code log_delivery} (the deliveries the entries came in) and {@code event_fingerprint}:
 * every statement on them is here. Reads go through the read datasource ({@link Reads#DATASOURCE}), writes through
 * the default one; a write that is part of another owner's transaction takes that transaction's connection. A
 * delivery goes with the last of its entries (a trigger of V9 deletes it, whichever statement deletes them). Plain SQL through the pool: the ingest write and the page read
 * are the hot paths, and both need shapes the ORM cannot express (one statement per batch, UNION ALL branches).
 */
@ApplicationScoped
public class LogEntries {

    /** One entry as {@code GET /v1/logs} shows it; {@code apiResponseCode} is Meta's answer to a send, else 0. */
    public record Row(String projectId, String phoneNumberId, int eventType, String payload, long createdAt,
                      int direction, String flyoutStatus, String flyoutResponse, int flyoutResponseCode,
                      String flyoutUrl, long logId, int apiResponseCode) {
    }

    /** An entry with what an export shows beyond a page: its status, message id, customer and error code. */
    public record Exported(Row row, String status, String messageId, String waId, Integer errorCode, String category,
                           String templateName) {
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

    /**
     * One entry with the delivery it came in ({@code deliveryId} null when it was not kept or it is outgoing), and what
     * an outgoing record keeps beside its request: Meta's answer and the send's tags (JSON), null on others.
     */
    public record Detail(Row row, Long deliveryId, long deliveryReceivedAt, int deliveryEvents, int deliveryBytes,
                         String apiResponse, String tags) {
    }

    /** A delivery from Meta: its body byte for byte, and when it arrived (Ticks). */
    public record Delivery(long deliveryId, long receivedAt, byte[] body) {
    }

    /** Where an entry was forwarded, for sending it again ({@code webhookId} null when it never was). */
    public record Forward(long logId, long createdAt, String webhookId, String url) {

        public EntryKey key() {
            return new EntryKey(createdAt, logId);
        }
    }

    /** How many entries a filter selects, and how many of them were forwarded (the others cannot be sent again). */
    public record Matching(long matching, long forwarded) {
    }

    /** An entry that names a message ({@code message_id}): a status of it, or the message itself when incoming. */
    public record MessageEntry(long logId, long createdAt, int eventType, String status, String phoneNumberId,
                               String waId, String payload) {
    }

    /** The first status entry of a message that got no further: a row of the stuck list. */
    public record StuckMessage(String messageId, String phoneNumberId, String waId, long createdAt, long logId) {
    }

    /**
     * A send to the Cloud API, made by the service or reported to it: the request as sent ({@code payload}), Meta's
     * status and answer ({@code apiResponseCode} 0 when there was none, {@code apiResponse} then saying why), and
     * what it is found by. Not forwarded: its flyout columns keep their placeholders.
     */
    public record Outgoing(String projectId, long createdAt, String phoneNumberId, String wabaId, String payload,
                           String messageId, String waId, Integer errorCode, int apiResponseCode, String apiResponse,
                           String tags, String tagName, String tagRecipientType, String category, String templateName,
                           String search) {
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
        private final Integer[] delivery;
        private final Long[] receivedAt;
        private final Integer[] eventCount;
        private final byte[][] body;
        private final String[] search;
        private final String[] category;
        private final String[] template;

        /** {@code size} events that came in {@code deliveries} POSTs. */
        public NewEntries(int size, int deliveries) {
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
            delivery = new Integer[size];
            receivedAt = new Long[deliveries];
            eventCount = new Integer[deliveries];
            body = new byte[deliveries][];
            search = new String[size];
            category = new String[size];
            template = new String[size];
        }

        /** Delivery {@code d}: the POST's body as it arrived, when (Ticks) and how many events it held. */
        public void delivery(int d, byte[] raw, long receivedTicks, int events) {
            body[d] = raw;
            receivedAt[d] = receivedTicks;
            eventCount[d] = events;
        }

        /**
         * Event {@code i}: {@code routeKey} (its phone number, else its WABA) and {@code digest} (of its bytes)
         * identify a redelivery of it; it came in delivery {@code d}.
         */
        public void set(int i, int d, EventType eventType, String phoneNumberId, String json, String wabaId, String waStatus,
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
            delivery[i] = d + 1;
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
    // event's fingerprint, the delivery it came in, and a pending forward (flyout_job, whose other statements are
    // FlyoutStore's) per entry fanned out; and it reads the routing tables that projects owns.
    // Redelivery: an event is stored only when its fingerprint is new (or older than 7 days).
    // A delivery is stored once, with the created_at of its entries, when at least one of its events is stored.
    // Routing by phone number, else by WABA; fan-out to the project's enabled endpoints that take the event type (and
    // those the service disabled, each entry marked failed), or one entry with the '-' placeholders when there is
    // none (docs/flyout.md).
    // The answer lists the ordinals of the fresh events (kind 0) and the stored entries (kind 1).
    private static final String WRITE = """
            with e as (
                select * from unnest(?::text[], ?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                     ?::int[], ?::text[], ?::text[], ?::bytea[], ?::int[], ?::text[], ?::text[], ?::text[])
                    with ordinality as e(phone, type, payload, waba, status, mid, waid, err, label, route_key, digest,
                                         dord, search, category, template, ord)
            ), fresh as (
                insert into event_fingerprint (route_key, digest, received_at)
                select route_key, digest, now() from e
                on conflict (route_key, digest) do update set received_at = excluded.received_at
                    where event_fingerprint.received_at < excluded.received_at - interval '7 days'
                returning route_key, digest
            ), new_events as (
                select e.* from e join fresh using (route_key, digest)
            ), d as (
                select dl.ord as dord, nextval('log_delivery_id_seq') as delivery_id, dl.received_at, dl.events, dl.body
                from unnest(?::bigint[], ?::int[], ?::bytea[]) with ordinality as dl(received_at, events, body, ord)
                where dl.ord in (select dord from new_events)
            ), deliveries as (
                insert into log_delivery (created_at, delivery_id, received_at, events, body)
                select ?, delivery_id, received_at, events, body from d
            ), stored as (
                insert into log_entry (project_id, created_at, phone_number_id, event_type, payload, waba_id, wa_status,
                                       message_id, wa_id, error_code, flyout_url, flyout_status, flyout_response,
                                       webhook_id, delivery_id, search, category, template_name)
                select r.project_id, ?, r.phone, r.type, r.payload, r.waba, r.status, r.mid, r.waid, r.err,
                       coalesce(we.url, '-'),
                       case when we.id is null then '-' when we.enabled then 'pending' else 'failed' end,
                       case when we.id is null or we.enabled then '-' else 'endpoint disabled' end,
                       we.id, r.delivery_id,
                       array_to_tsvector(string_to_array(r.search, ' ')), r.category, r.template
                from (
                    select coalesce(pn.project_id, w.project_id, '') as project_id, n.*, d.delivery_id
                    from new_events n
                    join d using (dord)
                    left join phone_number pn on pn.phone_number_id = n.phone
                    left join waba w on w.waba_id = n.waba
                ) r
                -- an endpoint the service disabled (410, or failing for days) still gets its entries, marked
                -- failed at once and not sent, so that they can be sent again once it is enabled
                left join webhook_endpoint we on we.project_id = r.project_id
                     and (we.enabled or we.disabled_reason in ('gone', 'failing'))
                     and (we.event_types is null or r.label = any (we.event_types))
                order by r.ord, we.created_at, we.id
                returning project_id, created_at, log_id, webhook_id, flyout_url, flyout_status
            ), jobs as (
                insert into flyout_job (log_id, project_id, created_at, webhook_id, url)
                select log_id, project_id, created_at, webhook_id, flyout_url from stored where flyout_status = 'pending'
            )
            select 0 as kind, ord, null as project_id, null::bigint as log_id, null as webhook_id from new_events
            union all
            select 1, null, project_id, log_id, case when flyout_status = 'pending' then webhook_id end from stored
            """;

    private static final int RETENTION_BATCH = 5_000;
    // a word that does not fill a page among this many entries is read through the search index (BENCHMARKS.md)
    private static final int SEARCH_WINDOW = 4_000;

    private final AgroalDataSource dataSource;
    /** The primary, through the read pool: for reads that decide what the service does next. */
    private final AgroalDataSource readSource;
    /** Replicas when configured: for what the API answers. */
    private final ReadSources apiReads;

    LogEntries(AgroalDataSource dataSource, @DataSource(Reads.DATASOURCE) AgroalDataSource readSource,
               ReadSources apiReads) {
        this.dataSource = dataSource;
        this.readSource = readSource;
        this.apiReads = apiReads;
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
                statement.setArray(12, connection.createArrayOf("int4", batch.delivery));
                statement.setArray(13, connection.createArrayOf("text", batch.search));
                statement.setArray(14, connection.createArrayOf("text", batch.category));
                statement.setArray(15, connection.createArrayOf("text", batch.template));
                statement.setArray(16, connection.createArrayOf("int8", batch.receivedAt));
                statement.setArray(17, connection.createArrayOf("int4", batch.eventCount));
                statement.setArray(18, connection.createArrayOf("bytea", batch.body));
                statement.setLong(19, createdAt);
                statement.setLong(20, createdAt);
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

    // Outgoing records of one group commit (OutgoingWriter), in one statement committed on its own: each log id is
    // drawn before the insert, so that the answer gives each record its own in the order given.
    private static final String WRITE_OUTGOING = """
            with e as (
                select nextval('log_entry_id_seq') as log_id, e.*
                from unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[],
                            ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    with ordinality as e(project_id, created_at, phone, waba, payload, mid, waid, err, code, answer,
                                         tags, tag_name, tag_recipient_type, category, template, search, ord)
            ), stored as (
                insert into log_entry (project_id, created_at, log_id, phone_number_id, event_type, payload, direction,
                                       waba_id, message_id, wa_id, error_code, api_response_code, api_response,
                                       tags, tag_name, tag_recipient_type, category, template_name, search)
                select project_id, created_at, log_id, phone, ?, payload, 2, waba, mid, waid, err, code, answer,
                       tags, tag_name, tag_recipient_type, category, template,
                       array_to_tsvector(string_to_array(search, ' '))
                from e
            )
            select ord, log_id from e
            """;

    /** Stores outgoing records in one statement committed on its own; returns their log ids, in their order. */
    public long[] writeOutgoing(List<Outgoing> batch) throws SQLException {
        long[] logIds = new long[batch.size()];
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement s = connection.prepareStatement(WRITE_OUTGOING)) {
                s.setArray(1, column(connection, "text", batch, Outgoing::projectId));
                s.setArray(2, column(connection, "int8", batch, Outgoing::createdAt));
                s.setArray(3, column(connection, "text", batch, Outgoing::phoneNumberId));
                s.setArray(4, column(connection, "text", batch, Outgoing::wabaId));
                s.setArray(5, column(connection, "text", batch, Outgoing::payload));
                s.setArray(6, column(connection, "text", batch, Outgoing::messageId));
                s.setArray(7, column(connection, "text", batch, Outgoing::waId));
                s.setArray(8, column(connection, "int4", batch, Outgoing::errorCode));
                s.setArray(9, column(connection, "int4", batch, Outgoing::apiResponseCode));
                s.setArray(10, column(connection, "text", batch, Outgoing::apiResponse));
                s.setArray(11, column(connection, "text", batch, Outgoing::tags));
                s.setArray(12, column(connection, "text", batch, Outgoing::tagName));
                s.setArray(13, column(connection, "text", batch, Outgoing::tagRecipientType));
                s.setArray(14, column(connection, "text", batch, Outgoing::category));
                s.setArray(15, column(connection, "text", batch, Outgoing::templateName));
                s.setArray(16, column(connection, "text", batch, Outgoing::search));
                s.setShort(17, EntryQuery.code(EventType.OUTGOING_MESSAGE));
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        logIds[(int) rows.getLong(1) - 1] = rows.getLong(2);
                    }
                }
            }
        }
        return logIds;
    }

    private static <T> Array column(Connection connection, String type, List<T> rows, Function<T, ?> value)
            throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(value).toArray());
    }

    /** Up to {@code limit} entries of {@code projectId} after {@code after} (null: from the start) up to {@code toDate}. */
    public List<Row> page(String projectId, EntryFilter filter, long toDate, EntryKey after, boolean descending,
                          int limit) throws SQLException {
        return page(projectId, filter, toDate, after, descending, limit, SEARCH_WINDOW);
    }

    List<Row> page(String projectId, EntryFilter filter, long toDate, EntryKey after, boolean descending, int limit,
                   int searchWindow) throws SQLException {
        Sql sql = EntryQuery.page(projectId, filter, toDate, after, descending, limit);
        if (EntryQuery.plannedWithValues(filter)) {
            Sql within = EntryQuery.searchWithin(projectId, filter, toDate, after, descending, limit, searchWindow);
            return apiReads.read(connection -> {
                connection.setAutoCommit(false);
                try (Statement settings = connection.createStatement()) {
                    settings.execute("set local plan_cache_mode = force_custom_plan; set local enable_bitmapscan = off");
                    List<Row> found = rows(connection, within, limit);
                    if (found.size() == limit) {
                        return found;
                    }
                    settings.execute("set local enable_bitmapscan = on; set local enable_indexscan = off");
                    return rows(connection, sql, limit);
                } finally {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            });
        }
        return apiReads.read(connection -> rows(connection, sql, limit));
    }

    private static List<Row> rows(Connection connection, Sql sql, int limit) throws SQLException {
        List<Row> rows = new ArrayList<>(limit);
        try (PreparedStatement statement = connection.prepareStatement(sql.text())) {
            // a server-side statement from the first execution: its plan is kept for the connection
            statement.unwrap(PGStatement.class).setPrepareThreshold(1);
            bind(connection, statement, sql.params());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
                            rs.getInt(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10),
                            rs.getLong(11), rs.getInt(12)));
                }
            }
        }
        return rows;
    }

    /** The project's entry {@code logId} with its delivery's receipt time, event count and size; empty when none. */
    public Optional<Detail> detail(String projectId, long logId) throws SQLException {
        return apiReads.read(connection -> {
            try (PreparedStatement s = connection.prepareStatement("""
                    select e.project_id, e.phone_number_id, e.event_type, e.payload, e.created_at, e.direction,
                           e.flyout_status, e.flyout_response, e.flyout_response_code, e.flyout_url, e.log_id,
                           e.api_response_code, d.delivery_id, d.received_at, d.events, octet_length(d.body),
                           e.api_response, e.tags
                    from log_entry e
                    left join log_delivery d on d.created_at = e.created_at and d.delivery_id = e.delivery_id
                    where e.project_id = ? and e.log_id = ?
                    """)) {
                s.setString(1, projectId);
                s.setLong(2, logId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Row row = new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
                            rs.getInt(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10),
                            rs.getLong(11), rs.getInt(12));
                    long deliveryId = rs.getLong(13);
                    Long delivery = rs.wasNull() ? null : deliveryId;
                    return Optional.of(new Detail(row, delivery, rs.getLong(14), rs.getInt(15), rs.getInt(16),
                            rs.getString(17), rs.getString(18)));
                }
            }
        });
    }

    /** The delivery the project's entry {@code logId} came in; empty when there is no such entry or it was not kept. */
    public Optional<Delivery> delivery(String projectId, long logId) throws SQLException {
        return apiReads.read(connection -> {
            try (PreparedStatement s = connection.prepareStatement("""
                    select d.delivery_id, d.received_at, d.body
                    from log_entry e
                    join log_delivery d on d.created_at = e.created_at and d.delivery_id = e.delivery_id
                    where e.project_id = ? and e.log_id = ?
                    """)) {
                s.setString(1, projectId);
                s.setLong(2, logId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Delivery(rs.getLong(1), rs.getLong(2), rs.getBytes(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * Every entry of {@code projectId} matching {@code filter} up to {@code toDate}, in page order, through a cursor
     * on the read datasource; the query has run (and any failure to run it surfaced) when this returns.
     */
    public EntryStream export(String projectId, EntryFilter filter, long toDate, boolean descending)
            throws SQLException {
        Sql sql = EntryQuery.export(projectId, filter, toDate, descending);
        return apiReads.open(connection -> EntryStream.open(connection, sql));
    }

    /** The project's entries created in [{@code from}, {@code to}), oldest first, through a cursor. */
    public EntryStream between(String projectId, long from, long to) throws SQLException {
        Sql sql = new Sql("select " + EntryQuery.EXPORT_COLUMNS + " from log_entry "
                + "where project_id = ? and created_at >= ? and created_at < ? order by created_at, log_id",
                List.of(projectId, from, to));
        return Reads.open(readSource, connection -> EntryStream.open(connection, sql));
    }

    /** Every entry of one partition of the log table, by project and then oldest first, through a cursor. */
    public EntryStream inPartition(String partition) throws SQLException {
        Sql sql = new Sql("select " + EntryQuery.EXPORT_COLUMNS + " from \"" + partition.replace("\"", "\"\"")
                + "\" order by project_id, created_at, log_id", List.of());
        return Reads.open(readSource, connection -> EntryStream.open(connection, sql));
    }

    /** How many entries each project has in one partition of the log table. */
    public Map<String, Long> countsInPartition(String partition) throws SQLException {
        return Reads.read(readSource, connection -> {
            Map<String, Long> counts = new TreeMap<>();
            try (Statement s = connection.createStatement();
                 ResultSet rows = s.executeQuery("select project_id, count(*) from \""
                         + partition.replace("\"", "\"\"") + "\" group by project_id")) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        });
    }

    /** When the project's oldest entry created before {@code before} was created; empty when there is none. */
    public OptionalLong oldestBefore(String projectId, long before) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement s = connection.prepareStatement(
                     "select min(created_at) from log_entry where project_id = ? and created_at < ?")) {
            s.setString(1, projectId);
            s.setLong(2, before);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                long oldest = rows.getLong(1);
                return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(oldest);
            }
        }
    }

    /**
     * Deletes the project's entries created in [{@code from}, {@code to}) in one transaction, provided they are
     * exactly {@code expected} in number (those just archived); otherwise deletes nothing. Returns whether it did.
     */
    public boolean deleteBetween(String projectId, long from, long to, long expected) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from log_entry where project_id = ? and created_at >= ? and created_at < ?")) {
                delete.setString(1, projectId);
                delete.setLong(2, from);
                delete.setLong(3, to);
                if (delete.executeUpdate() == expected) {
                    connection.commit();
                    return true;
                }
                connection.rollback();
                return false;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
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

    /**
     * The project's entries of message {@code messageId}, oldest first, at most {@code limit}: one probe of
     * {@code log_entry_message_id} per partition, whatever the table's size.
     */
    public List<MessageEntry> messageEntries(String projectId, String messageId, int limit) throws SQLException {
        return apiReads.read(connection -> {
            try (PreparedStatement s = connection.prepareStatement("""
                    select log_id, created_at, event_type, wa_status, phone_number_id, wa_id, payload
                    from log_entry where project_id = ? and message_id = ?
                    order by created_at, log_id limit ?
                    """)) {
                s.setString(1, projectId);
                s.setString(2, messageId);
                s.setInt(3, limit);
                List<MessageEntry> entries = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new MessageEntry(rows.getLong(1), rows.getLong(2), rows.getInt(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7)));
                    }
                }
                return entries;
            }
        });
    }

    // A candidate is a 'sent' entry received in [from, cutoff): log_entry_wa_status read in (created_at, log_id)
    // order per partition and merged, so a page stops as soon as it is full. It is listed when no status entry of
    // its message in [from, now] came before it (it is the first) or says delivered, read, played or failed:
    // log_entry_message_id, one probe per partition of the window. Both are bounded by the window, never the table.
    private static final String STUCK = """
            select s.message_id, s.phone_number_id, s.wa_id, s.created_at, s.log_id
            from log_entry s
            where s.project_id = ? and s.wa_status = 'sent' and s.created_at >= ? and s.created_at < ?
              and s.message_id is not null %s
              and not exists (
                  select 1 from log_entry e
                  where e.project_id = s.project_id and e.message_id = s.message_id
                    and e.created_at >= ? and e.created_at <= ? and e.event_type = ?
                    and (e.wa_status in ('delivered', 'read', 'played', 'failed')
                         or (e.created_at, e.log_id) < (s.created_at, s.log_id)))
            order by s.created_at, s.log_id
            limit ?
            """;

    /**
     * Up to {@code limit} messages of the project whose first status, a {@code sent} received in
     * [{@code from}, {@code cutoff}), was followed by no delivered, read, played or failed up to {@code now}, in
     * the order of that first entry, after {@code after} (null: from the start). Times in Ticks.
     */
    public List<StuckMessage> stuck(String projectId, long from, long cutoff, long now, EntryKey after, int limit)
            throws SQLException {
        long lower = after == null ? from : Math.max(from, after.createdAt());
        String sql = STUCK.formatted(after == null ? "" : "and (s.created_at, s.log_id) > (?, ?)");
        return apiReads.read(connection -> {
            try (PreparedStatement s = connection.prepareStatement(sql)) {
                int i = 1;
                s.setString(i++, projectId);
                s.setLong(i++, lower);
                s.setLong(i++, cutoff);
                if (after != null) {
                    s.setLong(i++, after.createdAt());
                    s.setLong(i++, after.logId());
                }
                s.setLong(i++, from);
                s.setLong(i++, now);
                s.setShort(i++, EntryQuery.code(EventType.MESSAGE_STATUS));
                s.setInt(i, limit);
                List<StuckMessage> stuck = new ArrayList<>(limit);
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        stuck.add(new StuckMessage(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getLong(4), rows.getLong(5)));
                    }
                }
                return stuck;
            }
        });
    }

    /**
     * Shows the outcome of a forward on its entry, in the caller's transaction; false when the entry is gone (the row
     * lock taken here orders this against a concurrent {@link #delete}).
     */
    public boolean recordForward(Connection connection, String projectId, EntryKey entry, String status, int responseCode,
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
            return s.executeUpdate() > 0;
        }
    }

    /** Shows the forwards of the project's entries {@code keys} as pending again (sent anew), in the caller's transaction. */
    public void markPending(Connection connection, String projectId, List<EntryKey> keys) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                update log_entry set flyout_status = 'pending'
                where project_id = ? and (created_at, log_id) in (select * from unnest(?::int8[], ?::int8[]))
                """)) {
            s.setString(1, projectId);
            s.setArray(2, connection.createArrayOf("int8", keys.stream().map(EntryKey::createdAt).toArray()));
            s.setArray(3, connection.createArrayOf("int8", keys.stream().map(EntryKey::logId).toArray()));
            s.executeUpdate();
        }
    }

    /** Where those of {@code logIds} that are entries of the project were forwarded; an id of none is missing. */
    public List<Forward> forwards(Connection connection, String projectId, Collection<Long> logIds)
            throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "select log_id, created_at, webhook_id, flyout_url from log_entry where project_id = ? and log_id = any (?)")) {
            s.setString(1, projectId);
            s.setArray(2, connection.createArrayOf("int8", logIds.toArray()));
            List<Forward> forwards = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    forwards.add(new Forward(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4)));
                }
            }
            return forwards;
        }
    }

    /** The keys of those of {@code logIds} that are entries of the project; an id of none is missing. */
    public List<EntryKey> keys(Connection connection, String projectId, Collection<Long> logIds) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "select created_at, log_id from log_entry where project_id = ? and log_id = any (?)")) {
            s.setString(1, projectId);
            s.setArray(2, connection.createArrayOf("int8", logIds.toArray()));
            return keysOf(s);
        }
    }

    /**
     * Up to {@code limit} keys of the project's entries that match {@code filter} up to {@code toDate}, after
     * {@code after} (null: from the first) in (created_at, log_id) order: a bulk delete's next batch.
     */
    public List<EntryKey> nextKeys(Connection connection, String projectId, EntryFilter filter, long toDate,
                                   EntryKey after, int limit) throws SQLException {
        Sql where = EntryQuery.where(projectId, filter, toDate);
        List<Object> params = new ArrayList<>(where.params());
        String text = "select created_at, log_id from log_entry where " + where.text();
        if (after != null) {
            text += " and (created_at, log_id) > (?, ?)";
            params.add(after.createdAt());
            params.add(after.logId());
        }
        try (PreparedStatement s = connection.prepareStatement(
                text + " order by created_at, log_id limit " + limit)) {
            bind(connection, s, params);
            return keysOf(s);
        }
    }

    /** As {@link #count}, and how many of those were forwarded. */
    public Matching countForwarded(String projectId, EntryFilter filter, long toDate) throws SQLException {
        Sql where = EntryQuery.where(projectId, filter, toDate);
        return apiReads.read(connection -> {
            try (PreparedStatement s = connection.prepareStatement(
                    "select count(*), count(webhook_id) from log_entry where " + where.text())) {
                bind(connection, s, where.params());
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    return new Matching(rows.getLong(1), rows.getLong(2));
                }
            }
        });
    }

    /** How many of the project's entries match {@code filter} up to {@code toDate}, as the API reads (a replica). */
    public long count(String projectId, EntryFilter filter, long toDate) throws SQLException {
        return apiReads.read(connection -> count(connection, projectId, filter, toDate));
    }

    /**
     * As {@link #count}, on the primary: what a job is about to work through there, not what a replica has replayed
     * of it (a lagging replica's count would put the job's progress past or short of its matching).
     */
    public long countOnPrimary(String projectId, EntryFilter filter, long toDate) throws SQLException {
        return Reads.read(readSource, connection -> count(connection, projectId, filter, toDate));
    }

    private static long count(Connection connection, String projectId, EntryFilter filter, long toDate) throws SQLException {
        Sql where = EntryQuery.where(projectId, filter, toDate);
        try (PreparedStatement s = connection.prepareStatement("select count(*) from log_entry where " + where.text())) {
            bind(connection, s, where.params());
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Deletes the project's entries {@code keys} in the caller's transaction, with what is stored for them alone;
     * returns the keys of those it deleted (an entry already gone is not among them). Every deletion of entries, one
     * or in bulk, comes through here.
     */
    public List<EntryKey> delete(Connection connection, String projectId, List<EntryKey> keys) throws SQLException {
        if (keys.isEmpty()) {
            return List.of();
        }
        Long[] created = new Long[keys.size()];
        Long[] ids = new Long[keys.size()];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < keys.size(); i++) {
            created[i] = keys.get(i).createdAt();
            ids[i] = keys.get(i).logId();
            first = Math.min(first, created[i]);
            last = Math.max(last, created[i]);
        }
        try (PreparedStatement s = connection.prepareStatement("""
                delete from log_entry e using unnest(?::bigint[], ?::bigint[]) as k(created_at, log_id)
                where e.project_id = ? and e.created_at = k.created_at and e.log_id = k.log_id
                  -- the range lets PostgreSQL leave out the partitions the keys are not in
                  and e.created_at >= ? and e.created_at <= ?
                returning e.created_at, e.log_id
                """)) {
            s.setArray(1, connection.createArrayOf("int8", created));
            s.setArray(2, connection.createArrayOf("int8", ids));
            s.setString(3, projectId);
            s.setLong(4, first);
            s.setLong(5, last);
            return keysOf(s);
        }
    }

    private static List<EntryKey> keysOf(PreparedStatement statement) throws SQLException {
        List<EntryKey> keys = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                keys.add(new EntryKey(rows.getLong(1), rows.getLong(2)));
            }
        }
        return keys;
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
    static void bind(Connection connection, PreparedStatement statement, List<Object> params)
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
}
