package io.sendzen.logs.stats;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sendzen.logs.lifecycle.Retention;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntryRollups;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Hook;
import io.sendzen.logs.support.LogRows;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rollups never drift from the rows: after each step of a mixed run (ingest, forwards that succeed and fail,
 * single and bulk deletes, a delete job, retention by project and by whole partition), each rollup with the deltas
 * not yet folded sums to exactly the counts computed from log_entry: the hours and the days for every combination
 * of the rolled-up columns, the dimensions for every value of each column stats group by.
 */
@QuarkusTest
class RollupDriftTest {

    private static final String DIMENSIONS = "project_id, created_at - created_at % 36000000000, event_type, "
            + "direction, phone_number_id, wa_status, error_code, category, template_name, flyout_status, "
            + "flyout_response_code, flyout_url, api_response_code";
    private static final String ROLLED = DIMENSIONS.replace("created_at - created_at % 36000000000", "created_at");
    private static final String DAYS = DIMENSIONS.replace("36000000000", "864000000000");
    // what each entry counts under each groupBy, written out here rather than taken from the service
    private static final String VALUES = "cross join lateral (values ('event_type', event_type::text), "
            + "('status', wa_status), ('error_code', error_code::text), ('category', category), "
            + "('phone_number_id', phone_number_id), ('flyout_status', flyout_status), ('response_code', (case when "
            + "direction = 2 then api_response_code else flyout_response_code end)::text), ('url', flyout_url)) "
            + "d (dimension, value)";
    private static final String BY_VALUE = "project_id, dimension, created_at - created_at % 864000000000, "
            + "event_type, direction, value";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntryRollups rollups;

    @Inject
    Retention retention;

    private final Hook hook = Hook.start();

    @AfterEach
    void stop() {
        hook.close();
    }

    /**
     * The rows where a rollup and the entries disagree, read in one snapshot (a delta commits with its change), each
     * prefixed with the rollup's name.
     */
    private List<String> drift() throws SQLException {
        String rows = "select " + DIMENSIONS + ", count(*) from log_entry group by " + DIMENSIONS;
        String hours = "select " + ROLLED + ", sum(count) from (select * from log_rollup union all "
                + "select * from log_rollup_pending) r group by " + ROLLED + " having sum(count) <> 0";
        String rowDays = "select " + DAYS + ", count(*) from log_entry group by " + DAYS;
        String days = "select " + ROLLED + ", sum(count) from (select * from log_rollup_day union all "
                + "select " + DAYS + ", count from log_rollup_pending) r group by " + ROLLED + " having sum(count) <> 0";
        String rowValues = "select " + BY_VALUE + ", count(*) from log_entry " + VALUES + " group by " + BY_VALUE;
        String values = "select project_id, dimension, created_at, event_type, direction, value, sum(count) from ("
                + "select project_id, dimension, created_at, event_type, direction, value, count from log_rollup_dim "
                + "union all select " + BY_VALUE + ", count from log_rollup_pending " + VALUES
                + ") r group by 1, 2, 3, 4, 5, 6 having sum(count) <> 0";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            List<String> drift = new ArrayList<>();
            drift.addAll(differences(c, "hours", hours, rows));
            drift.addAll(differences(c, "days", days, rowDays));
            drift.addAll(differences(c, "dimensions", values, rowValues));
            c.commit();
            return drift;
        }
    }

    private static List<String> differences(Connection c, String name, String rolled, String counted)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("(" + rolled + " except all " + counted + ") union all ("
                + counted + " except all " + rolled + ")");
             ResultSet rows = s.executeQuery()) {
            int columns = rows.getMetaData().getColumnCount();
            List<String> drift = new ArrayList<>();
            while (rows.next()) {
                StringBuilder row = new StringBuilder(name);
                for (int i = 1; i <= columns; i++) {
                    row.append('|').append(rows.getString(i));
                }
                drift.add(row.toString());
            }
            return drift;
        }
    }

    private void assertNoDrift(String after) throws SQLException {
        assertEquals(List.of(), drift(), "rollups drifted after " + after);
    }

    private long pendingForwards(String project) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from flyout_job where project_id = ?")) {
            s.setString(1, project);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** What the rollups count of the project's hour around {@code ticks}. */
    private long rolledUp(String project, long ticks) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select coalesce(sum(count), 0) from (select * from log_rollup "
                     + "union all select * from log_rollup_pending) r where project_id = ? and created_at = ?")) {
            s.setString(1, project);
            s.setLong(2, ticks - ticks % EntryRollups.HOUR);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private List<String> logIds(String project) {
        return given().auth().oauth2(TestTokens.project(project, "logs:read")).queryParam("pageSize", 20)
                .when().get("/v1/logs").then().statusCode(200).extract().jsonPath().getList("data.logs.log_id");
    }

    @Test
    void rollupsMatchTheRowsAfterAMixedRun() throws Exception {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        Admin.addWebhook(project, hook.url("ok", 200));
        Admin.addWebhookFor(project, hook.url("down", 500), "Message Status");
        assertNoDrift("the start");

        for (int i = 0; i < 12; i++) {
            String wamid = Meta.wamid();
            Meta.post(Meta.statuses("102290129340398", phone, Meta.documentedStatus(wamid, "sent", Meta.CUSTOMER),
                    Meta.documentedStatus(wamid, i % 3 == 0 ? "failed" : "delivered", Meta.CUSTOMER))).statusCode(200);
            Meta.post(Meta.incoming("102290129340398", phone, Meta.textMessage(Meta.wamid(), Meta.CUSTOMER, "hi " + i),
                    Meta.CUSTOMER)).statusCode(200);
        }
        assertNoDrift("ingest, with forwards in flight");
        rollups.compact();
        // the failing endpoint is retried (1s, 1s, 2s in tests), then failed for good
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pendingForwards(project) == 0);
        assertNoDrift("forwards that succeeded and failed");

        List<String> ids = logIds(project);
        given().auth().oauth2(TestTokens.project(project, "logs:write")).when().delete("/v1/logs/" + ids.get(0))
                .then().statusCode(204);
        given().auth().oauth2(TestTokens.project(project, "logs:write")).contentType(ContentType.JSON)
                .body("{\"log_ids\":[\"" + ids.get(1) + "\",\"" + ids.get(2) + "\"]}")
                .when().post("/v1/logs/bulk-delete").then().statusCode(200);
        assertNoDrift("single and bulk deletes");
        String job = given().auth().oauth2(TestTokens.project(project, "logs:write")).contentType(ContentType.JSON)
                .body("{\"filter\":{\"status\":\"failed\"}}")
                .when().post("/v1/logs/bulk-delete").then().statusCode(202).extract().path("data.job_id");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(
                given().auth().oauth2(TestTokens.project(project, "logs:read")).when().get("/v1/jobs/" + job)
                        .then().extract().path("data.state")));
        assertNoDrift("a delete job");

        LogRows rows = new LogRows(dataSource);
        String limited = Admin.createProject();
        rows.insert(List.of(LogRows.entry(limited, Ticks.now() - 3 * Ticks.PER_DAY),
                LogRows.entry(limited, Ticks.now() - 3 * Ticks.PER_DAY).status("read"),
                LogRows.entry(limited, LogRows.minutesAgo(5))));
        // in a month that ended more than 400 days ago: its partition is dropped whole
        long longAgo = Ticks.now() - 450 * Ticks.PER_DAY;
        rows.insert(List.of(LogRows.entry(project, longAgo), LogRows.entry(project, longAgo).status("failed")));
        rollups.compact();
        Admin.updateProject(limited, "{\"retention_days\":2}");
        assertEquals(2, rolledUp(project, longAgo));
        retention.purge(Optional.of(400), Optional.empty());
        assertEquals(0, rolledUp(project, longAgo));
        assertNoDrift("retention by project and by whole partition");
        rollups.compact();
        rollups.forgetUnpartitioned();
        assertNoDrift("folding and forgetting");
    }
}
