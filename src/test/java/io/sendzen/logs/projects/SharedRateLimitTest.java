package io.sendzen.logs.projects;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.ManualTicker;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A project's allowance is one across instances: what another instance reports taking (a row of {@code rate_usage},
 * written here as that instance would) is taken off this one's bucket, and what this one takes is reported.
 */
@QuarkusTest
@TestProfile(SharedRateLimitTest.SharedLimit.class)
class SharedRateLimitTest {

    /** Three requests at once, one a second, on a clock that stands still; exchanges only when the test asks. */
    public static class SharedLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sendzen.rate-limit.requests-per-second", "1", "sendzen.rate-limit.burst", "3",
                    "sendzen.rate-limit.share-interval", "1h");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ManualTicker.class);
        }
    }

    @Inject
    RateLimits limits;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ManualTicker clock;

    private static Response logs(String token) {
        return given().auth().oauth2(token).when().get("/v1/logs");
    }

    private void otherInstanceReports(String instance, String projectId, long bucket, long taken) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                insert into rate_usage (instance_id, project_id, bucket, taken) values (?, ?, ?, ?)
                on conflict (instance_id, project_id) do update
                    set bucket = excluded.bucket, taken = excluded.taken, reported_at = now()
                """)) {
            s.setString(1, instance);
            s.setString(2, projectId);
            s.setLong(3, bucket);
            s.setLong(4, taken);
            s.executeUpdate();
        }
    }

    private int allowed(String token, int tries) {
        int ok = 0;
        for (int i = 0; i < tries; i++) {
            int status = logs(token).statusCode();
            assertTrue(status == 200 || status == 429, "status " + status);
            ok += status == 200 ? 1 : 0;
        }
        return ok;
    }

    @Test
    void requestsTakenOnAnotherInstanceAreTakenOffThisOnesAllowance() throws Exception {
        String project = Admin.createProject();
        otherInstanceReports("instance-b", project, 1, 2);
        limits.share();
        assertEquals(1, allowed(TestTokens.project(project, Scopes.LOGS_READ), 3));
    }

    @Test
    void aCountReportedAgainIsTakenOffOnlyByWhatItGrew() throws Exception {
        String project = Admin.createProject();
        otherInstanceReports("instance-c", project, 7, 1);
        limits.share();
        limits.share();
        otherInstanceReports("instance-c", project, 7, 2);
        limits.share();
        assertEquals(1, allowed(TestTokens.project(project, Scopes.LOGS_READ), 3));
    }

    @Test
    void aNewBucketOfAnotherInstanceCountsFromZero() throws Exception {
        String project = Admin.createProject();
        otherInstanceReports("instance-d", project, 1, 5);
        limits.share();
        // its bucket idled out and a new one took one request: one more owed, not a credit of four
        otherInstanceReports("instance-d", project, 2, 1);
        limits.share();
        // 3 - 5 - 1 = -3 owed; four seconds bring it to one request
        clock.advance(Duration.ofSeconds(4));
        assertEquals(1, allowed(TestTokens.project(project, Scopes.LOGS_READ), 3));
    }

    @Test
    void whatThisInstanceTookIsReportedForTheOthers() throws Exception {
        String project = Admin.createProject();
        assertEquals(2, allowed(TestTokens.project(project, Scopes.LOGS_READ), 2));
        limits.share();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select taken from rate_usage where instance_id = ? and project_id = ?")) {
            s.setString(1, limits.instanceId());
            s.setString(2, project);
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next(), "no row for this instance");
                assertEquals(2, rows.getLong(1));
            }
        }
    }
}
