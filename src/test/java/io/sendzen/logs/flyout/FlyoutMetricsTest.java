package io.sendzen.logs.flyout;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class FlyoutMetricsTest {

    @Test
    void attemptsLatencyAndBacklogAreExposed() {
        try (Receiver receiver = Receiver.start()) {
            String project = Admin.createProject();
            String phone = Admin.addPhoneNumber(project);
            Admin.addWebhook(project, receiver.url("hook"));
            Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
            Entries.awaitStatus(project, "success");
        }
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("sendzen_flyout_attempts_total{outcome=\"success\"}"))
                .body(containsString("sendzen_flyout_attempt_duration_seconds_count"))
                .body(containsString("sendzen_flyout_attempt_duration_seconds_bucket"))
                .body(containsString("sendzen_flyout_pending "))
                .body(containsString("sendzen_flyout_oldest_pending_seconds "));
    }
}
