package io.sendzen.logs.logs;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.shared.Reads;
import jakarta.enterprise.context.ApplicationScoped;
import org.postgresql.PGStatement;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one page of log entries by keyset on (created_at, log_id). Plain SQL through the pool: the page query is
 * the hot read path and needs the UNION ALL shape below, which the ORM cannot express.
 * A filter with several values (event types, statuses) becomes one ordered, limited branch per value combination,
 * merged by PostgreSQL's Merge Append: each branch is an index range scan, so no page costs more than the first.
 */
@ApplicationScoped
public class LogRepository {

    public record Row(String projectId, String phoneNumberId, int eventType, String payload, long createdAt,
                      int direction, String flyoutStatus, String flyoutResponse, int flyoutResponseCode,
                      String flyoutUrl, long logId) {
    }

    private static final String COLUMNS = "project_id, phone_number_id, event_type, payload, created_at, direction, "
            + "flyout_status, flyout_response, flyout_response_code, flyout_url, log_id";

    /**
     * The datasource of the page query. Its connections plan each statement once, without its values, and keep the
     * plan (generic: no planning per page; partitions outside the page's range are pruned when it runs), and may not
     * scan a partition sequentially or through a bitmap, so each partition is read through an index in page order
     * and the read stops after a page. Left to choose, the planner underestimates correlated filters and reads and
     * sorts every match. {@code LogQueryPlanTest} checks the plan of every filter combination.
     */
    public static final String READ = "read";

    private final AgroalDataSource dataSource;

    LogRepository(@DataSource(READ) AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Up to {@code limit} rows of {@code projectId} after {@code after} (null: from the start) up to {@code toDate}. */
    public List<Row> page(String projectId, LogFilter filter, long toDate, PageToken.Position after, int limit)
            throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = sql(projectId, filter, toDate, after, limit, params);
        return Reads.read(dataSource, connection -> {
            List<Row> rows = new ArrayList<>(limit);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                // a server-side statement from the first execution: its plan is kept for the connection
                statement.unwrap(PGStatement.class).setPrepareThreshold(1);
                for (int i = 0; i < params.size(); i++) {
                    statement.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5),
                                rs.getInt(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10),
                                rs.getLong(11)));
                    }
                }
            }
            return rows;
        });
    }

    static String sql(String projectId, LogFilter filter, long toDate, PageToken.Position after, int limit,
                      List<Object> params) {
        List<EventType> types = filter.eventTypes().isEmpty() ? java.util.Collections.singletonList(null) : filter.eventTypes();
        List<String> statuses = filter.statuses().isEmpty() ? java.util.Collections.singletonList(null) : filter.statuses();
        String direction = filter.descending() ? "desc" : "asc";
        String order = " order by created_at " + direction + ", log_id " + direction;
        List<String> branches = new ArrayList<>();
        for (EventType type : types) {
            for (String status : statuses) {
                branches.add(branch(projectId, filter, toDate, after, type, status, params) + order + " limit " + limit);
            }
        }
        if (branches.size() == 1) {
            return branches.get(0);
        }
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from (");
        for (int i = 0; i < branches.size(); i++) {
            sql.append(i == 0 ? "(" : " union all (").append(branches.get(i)).append(')');
        }
        return sql.append(") page").append(order).append(" limit ").append(limit).toString();
    }

    private static String branch(String projectId, LogFilter filter, long toDate, PageToken.Position after,
                                 EventType type, String status, List<Object> params) {
        long from = filter.fromDate();
        long to = toDate;
        if (after != null) {
            // the position bounds created_at as well; given as a bound, it lets PostgreSQL leave out whole partitions
            if (filter.descending()) {
                to = Math.min(to, after.createdAt());
            } else {
                from = Math.max(from, after.createdAt());
            }
        }
        StringBuilder where = new StringBuilder("select ").append(COLUMNS)
                .append(" from log_entry where project_id = ? and created_at >= ? and created_at <= ?");
        params.add(projectId);
        params.add(from);
        params.add(to);
        if (type != null) {
            where.append(" and event_type = ?");
            params.add((short) (type.ordinal() + 1));
        }
        if (status != null) {
            where.append(" and wa_status = ?");
            params.add(status);
        }
        equal(where, params, "phone_number_id", filter.phoneNumberId());
        equal(where, params, "flyout_url", filter.url());
        equal(where, params, "message_id", filter.messageId());
        equal(where, params, "wa_id", filter.waId());
        equal(where, params, "error_code", filter.errorCode());
        equal(where, params, "flyout_status", filter.flyoutStatus());
        equal(where, params, "flyout_response_code", filter.responseCode());
        if (after != null) {
            where.append(filter.descending() ? " and (created_at, log_id) < (?, ?)" : " and (created_at, log_id) > (?, ?)");
            params.add(after.createdAt());
            params.add(after.logId());
        }
        return where.toString();
    }

    private static void equal(StringBuilder where, List<Object> params, String column, Object value) {
        if (value != null) {
            where.append(" and ").append(column).append(" = ?");
            params.add(value);
        }
    }
}
