package io.sendzen.logs.stats;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.store.LatencyRollups;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Hook;
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
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The latency views of the stats: how long Meta waited for our answer, per phone number, and how long forwards took
 * and how often they failed, per endpoint, measured on real deliveries and real forwards.
 */
@QuarkusTest
class LatencyStatsTest {

    @Inject
    LatencyRollups latencies;

    @Inject
    AgroalDataSource dataSource;

    private final Hook hook = Hook.start();

    @AfterEach
    void stop() {
        hook.close();
    }

    private long attempts(String project) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from flyout_attempt where project_id = ?")) {
            s.setString(1, project);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void ackAndForwardLatenciesAreCountedPerPhoneNumberAndEndpoint() throws Exception {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String other = Admin.addPhoneNumber(project);
        String ok = hook.url("fast", 200);
        String gone = hook.url("gone", 410);
        Admin.addWebhookFor(project, ok, "Incoming Message");
        Admin.addWebhookFor(project, gone, "Message Status");
        for (int i = 0; i < 5; i++) {
            Meta.post(Meta.incoming("102290129340398", phone, Meta.textMessage(Meta.wamid(), Meta.CUSTOMER, "hi " + i),
                    Meta.CUSTOMER)).statusCode(200);
        }
        Meta.post(Meta.statuses("102290129340398", other, Meta.documentedStatus(Meta.wamid(), "sent", Meta.CUSTOMER)))
                .statusCode(200);
        // five forwards to the first endpoint, one (410: never retried) to the second
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> attempts(project) == 6);
        latencies.flush();

        String token = TestTokens.project(project, "logs:read");
        given().auth().oauth2(token).queryParam("interval", "hour").when().get("/v1/stats/ack-latency").then()
                .statusCode(200)
                .body("data.interval", equalTo("hour"))
                .body("data.totals", hasSize(2))
                .body("data.totals.find { it.phone_number_id == '" + phone + "' }.count", equalTo(5))
                .body("data.totals.find { it.phone_number_id == '" + other + "' }.count", equalTo(1))
                .body("data.totals.find { it.phone_number_id == '" + phone + "' }.p50_ms", greaterThan(0f))
                // an answer over a loopback connection to a test: well under Meta's 250 ms median
                .body("data.totals.find { it.phone_number_id == '" + phone + "' }.p99_ms", lessThan(2_000f));
        given().auth().oauth2(token).queryParam("phoneNumberId", other).when().get("/v1/stats/ack-latency").then()
                .statusCode(200)
                .body("data.totals.phone_number_id", equalTo(List.of(other)))
                .body("data.buckets", hasSize(1));

        given().auth().oauth2(token).when().get("/v1/stats/forwards").then()
                .statusCode(200)
                .body("data.interval", equalTo("day"))
                .body("data.totals.find { it.url == '" + ok + "' }.attempts", equalTo(5))
                .body("data.totals.find { it.url == '" + ok + "' }.failures", equalTo(0))
                .body("data.totals.find { it.url == '" + ok + "' }.failure_rate", equalTo(0f))
                .body("data.totals.find { it.url == '" + gone + "' }.attempts", equalTo(1))
                .body("data.totals.find { it.url == '" + gone + "' }.failure_rate", equalTo(1f))
                .body("data.totals.find { it.url == '" + ok + "' }.p50_ms",
                        lessThanOrEqualTo(given().auth().oauth2(token).when().get("/v1/stats/forwards").then()
                                .extract().<Float>path("data.totals.find { it.url == '" + ok + "' }.p99_ms")));
        given().auth().oauth2(token).queryParam("url", gone).when().get("/v1/stats/forwards").then()
                .statusCode(200)
                .body("data.totals.url", equalTo(List.of(gone)));

        // another project sees none of it
        String stranger = TestTokens.project(Admin.createProject(), "logs:read");
        given().auth().oauth2(stranger).when().get("/v1/stats/ack-latency").then().statusCode(200)
                .body("data.totals", hasSize(0));
        given().auth().oauth2(stranger).when().get("/v1/stats/forwards").then().statusCode(200)
                .body("data.totals", hasSize(0));
    }
}
