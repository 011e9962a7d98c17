package io.sendzen.logs.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.shared.Reads;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntryQuery;
import io.sendzen.logs.store.EntryQuery.EntryKey;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page query of every filter combination of the contract reads each partition through an index, in page order:
 * no sequential scan of a partition and no sort, so a page costs the same wherever it starts. Checked on the plan the
 * service uses: made once for the statement without its values, on a connection of the read datasource.
 */
@QuarkusTest
class LogQueryPlanTest {

    private static final String PHONE_A = "106540352240001";
    private static final String PHONE_B = "106540352240002";
    private static final String PHONE_C = "106540352240003";
    private static final String URL_A = "https://a.example.com/hook";
    private static final String URL_B = "https://b.example.com/hook";
    private static final int LIMIT = 21;

    private static String project;
    private static long today;
    private static long now;
    private static EntryKey middle;
    private static int prepared;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @DataSource(Reads.DATASOURCE)
    AgroalDataSource readDataSource;

    /** A few thousand entries of one project and of several others, over the past month's days and those ahead. */
    @BeforeEach
    void storeOnce() throws SQLException {
        if (project != null) {
            return;
        }
        project = Admin.createProject();
        LocalDate date = LocalDate.now(ZoneOffset.UTC);
        today = Ticks.of(date.atStartOfDay(ZoneOffset.UTC).toInstant());
        now = Ticks.now();
        LogRows rows = new LogRows(dataSource);
        rows.insert(dataSet(project, 3000, new Random(1)));
        for (int p = 0; p < 5; p++) {
            rows.insert(dataSet(Admin.createProject(), 1000, new Random(10 + p)));
        }
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            // a word in one entry of 500 (and one in all): a rare word's page reads the search index; a common word's
            // page in order is measured at scale by bench/run.sh, on this few entries a sort is the cheaper plan
            statement.execute("update log_entry set search = case when log_id % 500 = 0 then 'rareword common'::tsvector"
                    + " else 'common'::tsvector end where project_id = '" + project + "'");
            statement.execute("analyze log_entry");
            try (ResultSet row = statement.executeQuery("select created_at, log_id from log_entry where project_id = '"
                    + project + "' and created_at >= " + today + " and created_at <= " + now
                    + " order by created_at, log_id offset 150 limit 1")) {
                assertTrue(row.next(), "no entry of today to page from");
                middle = new EntryKey(row.getLong(1), row.getLong(2));
            }
        }
    }

    private List<LogRows.Entry> dataSet(String projectId, int count, Random random) {
        String[] phones = {PHONE_A, PHONE_B, PHONE_C};
        String[] statuses = {"sent", "sent", "delivered", "delivered", "read", "read", "failed", "played", "deleted"};
        List<LogRows.Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long createdAt = switch (i % 10) {
                case 0 -> today - (2 + random.nextInt(30)) * Ticks.PER_DAY + random.nextLong(Ticks.PER_DAY);
                case 1 -> today - 1 - random.nextLong(Ticks.PER_DAY);
                case 2, 3, 4, 5 -> today + random.nextLong(Math.max(1, now - today));
                default -> today + (1 + random.nextInt(7)) * Ticks.PER_DAY + random.nextLong(Ticks.PER_DAY);
            };
            int kind = random.nextInt(10);
            int type = kind < 6 ? LogRows.MESSAGE_STATUS : kind < 9 ? LogRows.INCOMING_MESSAGE : LogRows.OTHER;
            String status = type == LogRows.MESSAGE_STATUS ? statuses[random.nextInt(statuses.length)] : null;
            LogRows.Entry entry = LogRows.entry(projectId, createdAt)
                    .phone(phones[random.nextInt(phones.length)])
                    .type(type)
                    .status(status)
                    .messageId(type == LogRows.OTHER ? null : "wamid.M" + (i / 3))
                    .waId(type == LogRows.OTHER ? null : "1555" + (1_000_000 + random.nextInt(200)))
                    .errorCode("failed".equals(status) ? new int[]{131047, 131026, 130472}[random.nextInt(3)] : null);
            switch (i % 5) {
                case 2 -> entry.forwarded(URL_A, "success", "200 OK", 200);
                case 3 -> entry.forwarded(URL_B, "failed", "500 Internal Server Error", 500);
                case 4 -> entry.forwarded(URL_A, "pending", "-", 0);
                default -> {
                }
            }
            entries.add(entry);
        }
        return entries;
    }

    /** Every filter of the contract alone, and representative combinations. */
    private static List<String> queries() {
        long from = today + 1;
        return List.of(
                "",
                "fromDate=" + from,
                "toDate=" + now,
                "fromDate=" + from + "&toDate=" + now,
                "eventTypes=Message Status",
                "eventTypes=Incoming Message,Other",
                "eventTypes=Incoming Message,Message Status",
                "phoneNumberId=" + PHONE_A,
                "url=" + URL_A,
                "url=-",
                "status=read",
                "status=delivered,read,failed",
                "messageId=wamid.M123",
                "waId=15551000042",
                "errorCode=131047",
                "flyoutStatus=-",
                "flyoutStatus=pending",
                "flyoutStatus=success",
                "flyoutStatus=failed",
                "responseCode=500",
                "responseCode=0",
                "eventTypes=Message Status&phoneNumberId=" + PHONE_B,
                "eventTypes=Message Status&status=failed",
                "status=sent,read&phoneNumberId=" + PHONE_C,
                "phoneNumberId=" + PHONE_A + "&url=-",
                "url=" + URL_B + "&flyoutStatus=failed",
                "flyoutStatus=success&responseCode=200",
                "waId=15551000007&eventTypes=Incoming Message",
                "messageId=wamid.M321&status=delivered",
                "errorCode=131026&status=failed",
                "fromDate=" + from + "&toDate=" + now + "&phoneNumberId=" + PHONE_A,
                "eventTypes=Message Status,Incoming Message&status=delivered,read",
                "eventTypes=Message Status,Incoming Message&status=delivered,read&phoneNumberId=" + PHONE_A,
                "phoneNumberId=" + PHONE_B + "&url=" + URL_A + "&flyoutStatus=pending&fromDate=" + from,
                "waId=15551000099&eventTypes=Message Status&status=read,delivered",
                "eventTypes=Other&url=-&responseCode=0",
                "messageId=wamid.M77&waId=15551000001&errorCode=131047",
                "category=marketing",
                "templateName=order_update",
                "responseCode=5xx",
                "responseCode=2xx&url=" + URL_A,
                "category=utility&phoneNumberId=" + PHONE_A,
                "eventTypes=Message Status&status=sent,delivered&category=marketing",
                "eventTypes=Outgoing Message",
                "direction=2",
                "direction=1",
                "direction=2&responseCode=400",
                "direction=2&responseCode=4xx",
                "responseCode=429",
                "tag.name=Black Friday",
                "tag.recipient_type=Leads",
                "direction=2&category=marketing campaign",
                "direction=2&templateName=order_update");
    }

    private static LogFilter filter(String query) {
        MultivaluedMap<String, String> parameters = new MultivaluedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                parameters.add(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return LogFilterParser.parse(parameters);
    }

    /**
     * The plan of the statement as the service runs it: prepared on a connection of the read datasource, whose
     * settings make PostgreSQL plan it once without its values and keep that plan.
     */
    private String plan(String sql, List<Object> params) throws SQLException {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + ++n : String.valueOf(c));
        }
        List<String> values = new ArrayList<>();
        for (Object value : params) {
            values.add(value instanceof String text ? "'" + text.replace("'", "''") + "'" : value.toString());
        }
        String name = "page_plan_" + ++prepared;
        return Reads.read(readDataSource, connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("prepare " + name + " as " + numbered);
                try {
                    return single(statement.executeQuery(
                            "explain (format json) execute " + name + "(" + String.join(", ", values) + ")"));
                } finally {
                    statement.execute("deallocate " + name);
                }
            }
        });
    }

    private static String single(ResultSet result) throws SQLException {
        try (result) {
            result.next();
            return result.getString(1);
        }
    }

    /** What in {@code node} and below reads a partition sequentially, or sorts instead of reading in order. */
    private static void findWaste(JsonNode node, List<String> waste) {
        String type = node.get("Node Type").asText();
        if (type.equals("Seq Scan")) {
            waste.add("sequential scan of " + node.get("Relation Name").asText());
        }
        if (type.endsWith("Sort")) {
            waste.add(type.toLowerCase() + " of a " + node.get("Plans").get(0).get("Node Type").asText());
        }
        for (JsonNode child : node.path("Plans")) {
            findWaste(child, waste);
        }
    }

    private static JsonNode root(String plan) {
        return LogsApi.json(plan).get(0).get("Plan");
    }

    private record Case(String query, EntryKey after, List<Object> params, String sql) {
        boolean oneBranch() {
            return !sql.contains("union all");
        }

        @Override
        public String toString() {
            return query + (after == null ? "" : " (after a position)");
        }
    }

    /** Every query in both orders, from the start and from a position in the middle. */
    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String query : queries()) {
            for (String order : new String[]{"", "&order=desc"}) {
                LogFilter filter = filter(query + order);
                for (EntryKey after : new EntryKey[]{null, middle}) {
                    EntryQuery.Sql sql = EntryQuery.page(project, filter.entries(), now, after, filter.descending(), LIMIT);
                    cases.add(new Case(query + order, after, sql.params(), sql.text()));
                }
            }
        }
        return cases;
    }

    @Test
    void readConnectionsKeepAGenericPlanAndOnlyRead() throws SQLException {
        List<String> settings = Reads.read(readDataSource, connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("select current_setting('plan_cache_mode'), "
                         + "current_setting('enable_seqscan'), current_setting('enable_bitmapscan'), "
                         + "current_setting('transaction_read_only')")) {
                assertTrue(row.next());
                return List.of(row.getString(1), row.getString(2), row.getString(3), row.getString(4));
            }
        });
        assertEquals(List.of("force_generic_plan", "off", "off", "on"), settings);
    }

    @Test
    void everyFilterCombinationIsReadThroughIndexesInPageOrder() throws SQLException {
        List<String> failures = new ArrayList<>();
        List<Case> cases = cases();
        for (Case c : cases) {
            String plan = plan(c.sql(), c.params());
            List<String> waste = new ArrayList<>();
            findWaste(root(plan), waste);
            if (!waste.isEmpty()) {
                failures.add(c + ": " + waste + "\n" + plan);
            }
        }
        assertEquals(queries().size() * 4, cases.size());
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " page queries are not index-served:\n"
                + String.join("\n", failures));
    }

    /** The plan of a search page, made for its values with bitmap scans allowed, as LogEntries reads it. */
    private String searchPlan(String query) throws SQLException {
        LogFilter filter = filter(query);
        EntryQuery.Sql sql = EntryQuery.page(project, filter.entries(), now, null, filter.descending(), LIMIT);
        assertTrue(EntryQuery.plannedWithValues(filter.entries()));
        return Reads.read(readDataSource, connection -> {
            connection.setAutoCommit(false);
            try (Statement settings = connection.createStatement()) {
                settings.execute("set local plan_cache_mode = force_custom_plan; set local enable_bitmapscan = on");
                try (PreparedStatement explain = connection.prepareStatement("explain (format json) " + sql.text())) {
                    for (int i = 0; i < sql.params().size(); i++) {
                        explain.setObject(i + 1, sql.params().get(i));
                    }
                    return single(explain.executeQuery());
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        });
    }

    private static boolean uses(JsonNode node, String nodeType, String indexNamePart) {
        if (node.get("Node Type").asText().equals(nodeType)
                && node.path("Index Name").asText().contains(indexNamePart)) {
            return true;
        }
        for (JsonNode child : node.path("Plans")) {
            if (uses(child, nodeType, indexNamePart)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void rareWordIsLookedUpInTheSearchIndex() throws SQLException {
        String plan = searchPlan("q=rareword");
        assertTrue(uses(root(plan), "Bitmap Index Scan", "search"), plan);
        List<String> waste = new ArrayList<>();
        findWaste(root(plan), waste);
        assertTrue(waste.stream().noneMatch(w -> w.startsWith("sequential")), plan);
    }

    /** The plan of a search within the window, as LogEntries reads it first: bitmap scans off, planned for its values. */
    private String searchWithinPlan(String query) throws SQLException {
        LogFilter filter = filter(query);
        EntryQuery.Sql sql = EntryQuery.searchWithin(project, filter.entries(), now, null, filter.descending(), LIMIT,
                4_000);
        return Reads.read(readDataSource, connection -> {
            connection.setAutoCommit(false);
            try (Statement settings = connection.createStatement()) {
                settings.execute("set local plan_cache_mode = force_custom_plan; set local enable_bitmapscan = off");
                try (PreparedStatement explain = connection.prepareStatement("explain (format json) " + sql.text())) {
                    for (int i = 0; i < sql.params().size(); i++) {
                        Object value = sql.params().get(i);
                        if (value instanceof Short[] codes) {
                            explain.setArray(i + 1, connection.createArrayOf("int2", codes));
                        } else if (value instanceof String[] texts) {
                            explain.setArray(i + 1, connection.createArrayOf("text", texts));
                        } else {
                            explain.setObject(i + 1, value);
                        }
                    }
                    return single(explain.executeQuery());
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        });
    }

    @Test
    void commonWordIsFirstReadInPageOrderWithoutASort() throws SQLException {
        for (String query : new String[]{"q=commonword", "q=commonword&order=desc",
                "q=commonword&eventTypes=Message%20Status,Incoming%20Message&statuses=sent,read&order=desc"}) {
            String plan = searchWithinPlan(query);
            List<String> waste = new ArrayList<>();
            findWaste(root(plan), waste);
            assertTrue(waste.isEmpty(), query + ": " + waste + "\n" + plan);
            assertFalse(uses(root(plan), "Bitmap Index Scan", "search"), plan);
        }
    }

    /** Where in {@code node} and below daily partitions are merged instead of read one day after the other. */
    private static void findMergedDays(JsonNode node, List<String> merged) {
        if (node.get("Node Type").asText().equals("Merge Append")) {
            for (JsonNode child : node.path("Plans")) {
                if (child.get("Node Type").asText().startsWith("Index")) {
                    merged.add("merge append of " + child.get("Relation Name").asText() + " and others");
                    break;
                }
            }
        }
        for (JsonNode child : node.path("Plans")) {
            findMergedDays(child, merged);
        }
    }

    @Test
    void daysAreReadOneAfterAnotherUntilThePageIsFull() throws SQLException {
        List<String> failures = new ArrayList<>();
        for (Case c : cases()) {
            String plan = plan(c.sql(), c.params());
            List<String> merged = new ArrayList<>();
            findMergedDays(root(plan), merged);
            if (!merged.isEmpty()) {
                failures.add(c + ": " + merged + "\n" + plan);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " page queries merge the days:\n" + String.join("\n", failures));
    }

    @Test
    void multiValueFiltersMergeOrderedBranches() throws SQLException {
        List<String> failures = new ArrayList<>();
        int merged = 0;
        for (Case c : cases()) {
            if (!c.oneBranch()) {
                merged++;
                JsonNode top = root(plan(c.sql(), c.params()));
                JsonNode below = top.get("Plans").get(0);
                if (!top.get("Node Type").asText().equals("Limit") || !below.get("Node Type").asText().equals("Merge Append")) {
                    failures.add(c + "\n" + top);
                }
            }
        }
        assertTrue(merged >= 8, "too few multi-value filters: " + merged);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
