package io.sendzen.logs.store;

import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.shared.SearchText;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one place where an {@link EntryFilter} becomes SQL over {@code log_entry}: the WHERE clause with its
 * parameters, for a page (ordered by the keyset, limited) and for every read that takes all matches (export,
 * counts, bulk jobs, stats). A filter is added here once and every read has it.
 */
public final class EntryQuery {

    /** A statement and its parameters, in order. */
    public record Sql(String text, List<Object> params) {
    }

    /** The position of an entry in page order, and its key with the project. */
    public record EntryKey(long createdAt, long logId) {
    }

    static final String COLUMNS = "project_id, phone_number_id, event_type, payload, created_at, direction, "
            + "flyout_status, flyout_response, flyout_response_code, flyout_url, log_id, api_response_code";
    /** The columns of a page, then those an export adds (CSV). */
    static final String EXPORT_COLUMNS = COLUMNS + ", wa_status, message_id, wa_id, error_code, category, template_name";

    private EntryQuery() {
    }

    /**
     * Up to {@code limit} entries of {@code projectId} after {@code after} (null: from the start) up to
     * {@code toDate}, in page order. A filter with several values (event types, statuses) becomes one ordered,
     * limited branch per value combination, merged by PostgreSQL's Merge Append: each branch is an index range
     * scan, so no page costs more than the first (LogQueryPlanTest checks the plan of every combination). A response
     * code is the forward's on received entries and Meta's on outgoing ones: one branch for each side.
     */
    public static Sql page(String projectId, EntryFilter filter, long toDate, EntryKey after, boolean descending,
                           int limit) {
        List<Object> params = new ArrayList<>();
        List<EventType> types = filter.eventTypes().isEmpty() ? Collections.singletonList(null) : filter.eventTypes();
        List<String> statuses = filter.statuses().isEmpty() ? Collections.singletonList(null) : filter.statuses();
        String direction = descending ? "desc" : "asc";
        String order = " order by created_at " + direction + ", log_id " + direction;
        long from = filter.fromDate();
        long to = toDate;
        if (after != null) {
            // the position bounds created_at as well; given as a bound, it lets PostgreSQL leave out whole partitions
            if (descending) {
                to = Math.min(to, after.createdAt());
            } else {
                from = Math.max(from, after.createdAt());
            }
        }
        List<String> branches = new ArrayList<>();
        for (EventType type : types) {
            for (String status : statuses) {
                for (int side : sides(filter, type)) {
                    StringBuilder branch = new StringBuilder("select ").append(COLUMNS).append(" from log_entry where ");
                    Conditions conditions = new Conditions(branch, params);
                    conditions.range(projectId, from, to);
                    conditions.equal("event_type", type == null ? null : code(type));
                    conditions.equal("wa_status", status);
                    conditions.scalars(filter, side);
                    if (after != null) {
                        branch.append(descending ? " and (created_at, log_id) < (?, ?)"
                                : " and (created_at, log_id) > (?, ?)");
                        params.add(after.createdAt());
                        params.add(after.logId());
                    }
                    branches.add(branch.append(order).append(" limit ").append(limit).toString());
                }
            }
        }
        if (branches.size() == 1) {
            return new Sql(branches.get(0), params);
        }
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from (");
        for (int i = 0; i < branches.size(); i++) {
            sql.append(i == 0 ? "(" : " union all (").append(branches.get(i)).append(')');
        }
        return new Sql(sql.append(") page").append(order).append(" limit ").append(limit).toString(), params);
    }

    /**
     * The WHERE clause (without {@code where}) that every entry of {@code projectId} matching {@code filter} up to
     * {@code toDate} meets, for reads that take all matches rather than a page. A filter of several values is one
     * parameter, a Java array ({@code Short[]} or {@code String[]}) to bind with {@code createArrayOf}.
     */
    public static Sql where(String projectId, EntryFilter filter, long toDate) {
        return where(projectId, filter, filter.fromDate(), toDate);
    }

    /**
     * The same with {@code created_at} in [{@code fromDate}, {@code toDate}] instead of the filter's range: the
     * rollups of stats, whose columns have the names of the entry's, start their hours there.
     */
    public static Sql where(String projectId, EntryFilter filter, long fromDate, long toDate) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        Conditions conditions = new Conditions(where, params);
        conditions.range(projectId, fromDate, toDate);
        conditions.any("event_type", filter.eventTypes().stream().map(EntryQuery::code).toArray(Short[]::new));
        conditions.any("wa_status", filter.statuses().toArray(String[]::new));
        conditions.scalars(filter, ANY_SIDE);
        return new Sql(where.toString(), params);
    }

    /**
     * Every entry of {@code projectId} matching {@code filter} up to {@code toDate}, in page order: an export reads
     * it through a cursor, so its size never matters.
     */
    public static Sql export(String projectId, EntryFilter filter, long toDate, boolean descending) {
        Sql where = where(projectId, filter, toDate);
        String direction = descending ? "desc" : "asc";
        return new Sql("select " + EXPORT_COLUMNS + " from log_entry where " + where.text()
                + " order by created_at " + direction + ", log_id " + direction, where.params());
    }

    /**
     * Whether the page of {@code filter} is read by how many entries it matches: a rare word is best read through
     * the search index and sorted, a common one in page order; PostgreSQL's estimate of a word cannot tell them
     * apart (a word of 5 entries in 1,000,000 was read in page order, 2.6 s), so {@link #searchWithin} is tried first.
     */
    public static boolean plannedWithValues(EntryFilter filter) {
        return filter.q() != null;
    }

    /**
     * The page of a search among the first {@code window} entries, in page order, that the other filters select.
     * A common word fills the page within them, read in page order and stopped at {@code limit} matches; fewer
     * than {@code limit} rows mean a rarer word, whose page {@link #page} reads through the search index instead.
     */
    public static Sql searchWithin(String projectId, EntryFilter filter, long toDate, EntryKey after,
                                   boolean descending, int limit, int window) {
        List<Object> params = new ArrayList<>();
        String direction = descending ? "desc" : "asc";
        String order = " order by created_at " + direction + ", log_id " + direction;
        StringBuilder inner = new StringBuilder("select ").append(COLUMNS).append(", search from log_entry where ");
        Conditions conditions = new Conditions(inner, params);
        conditions.range(projectId, after == null || descending ? filter.fromDate()
                        : Math.max(filter.fromDate(), after.createdAt()),
                after == null || !descending ? toDate : Math.min(toDate, after.createdAt()));
        conditions.any("event_type", filter.eventTypes().stream().map(EntryQuery::code).toArray(Short[]::new));
        conditions.any("wa_status", filter.statuses().toArray(String[]::new));
        conditions.unsearched(filter, ANY_SIDE);
        if (after != null) {
            inner.append(descending ? " and (created_at, log_id) < (?, ?)" : " and (created_at, log_id) > (?, ?)");
            params.add(after.createdAt());
            params.add(after.logId());
        }
        inner.append(order).append(" limit ").append(window);
        params.add(SearchText.query(filter.q()));
        return new Sql("select " + COLUMNS + " from (" + inner + ") w where search @@ ?::tsquery" + order
                + " limit " + limit, params);
    }

    /** A response code filter of a page branch: on either side (one condition), on received entries, on sent ones. */
    private static final int ANY_SIDE = 0;
    private static final int RECEIVED = 1;
    private static final int SENT = 2;

    /** The sides a branch of event type {@code type} (null: any) reads, for a response code filter. */
    private static int[] sides(EntryFilter filter, EventType type) {
        if (filter.responseCode() == null && filter.responseClass() == null) {
            return new int[]{ANY_SIDE};
        }
        if (type != null) {
            return new int[]{type.direction()};
        }
        if (filter.direction() != null) {
            return new int[]{filter.direction()};
        }
        return new int[]{RECEIVED, SENT};
    }

    /** How an event type is stored: 1 Incoming Message, 2 Message Status, 3 Other, 4 Outgoing Message. */
    public static short code(EventType type) {
        return (short) (type.ordinal() + 1);
    }

    public static EventType type(int code) {
        return EventType.values()[code - 1];
    }

    private record Conditions(StringBuilder sql, List<Object> params) {

        void range(String projectId, long from, long to) {
            sql.append("project_id = ? and created_at >= ? and created_at <= ?");
            params.add(projectId);
            params.add(from);
            params.add(to);
        }

        /** The filters of one value each, every read the same; a response code on {@code side}. */
        void scalars(EntryFilter filter, int side) {
            unsearched(filter, side);
            if (filter.q() != null) {
                sql.append(" and search @@ ?::tsquery");
                params.add(SearchText.query(filter.q()));
            }
        }

        /** The filters of one value each but the free text. */
        void unsearched(EntryFilter filter, int side) {
            equal("phone_number_id", filter.phoneNumberId());
            equal("flyout_url", filter.url());
            equal("message_id", filter.messageId());
            equal("wa_id", filter.waId());
            equal("error_code", filter.errorCode());
            equal("flyout_status", filter.flyoutStatus());
            equal("direction", filter.direction() == null ? null : filter.direction().shortValue());
            responses(filter, side);
            equal("category", filter.category());
            equal("template_name", filter.templateName());
            equal("tag_name", filter.tagName());
            equal("tag_recipient_type", filter.tagRecipientType());
        }

        /**
         * The response code or class: the forward's on received entries, Meta's on sent ones. A page branch reads one
         * side, with the terms of its partial index (log_entry_response_class, log_entry_api_response_code,
         * log_entry_api_response_class) written out so that the statement's generic plan uses it.
         */
        private void responses(EntryFilter filter, int side) {
            Integer code = filter.responseCode();
            Integer type = filter.responseClass();
            if (code == null && type == null) {
                return;
            }
            String received = code != null ? "flyout_response_code = ?"
                    : "flyout_response_code / 100 = ? and flyout_response_code >= 100";
            String sent = code != null ? "api_response_code = ?" : "api_response_code / 100 = ?";
            Object value = code != null ? code : type;
            switch (side) {
                case RECEIVED -> sql.append(" and direction = 1 and ").append(received);
                case SENT -> sql.append(" and direction = 2 and ").append(sent);
                default -> {
                    sql.append(" and ((direction = 1 and ").append(received).append(") or (direction = 2 and ")
                            .append(sent).append("))");
                    params.add(value);
                }
            }
            params.add(value);
        }

        void equal(String column, Object value) {
            if (value != null) {
                sql.append(" and ").append(column).append(" = ?");
                params.add(value);
            }
        }

        void any(String column, Object[] values) {
            if (values.length == 1) {
                equal(column, values[0]);
            } else if (values.length > 1) {
                sql.append(" and ").append(column).append(" = any (?)");
                params.add(values);
            }
        }
    }
}
