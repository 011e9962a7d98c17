package io.sendzen.logs.flyout;

import io.sendzen.logs.support.TestTokens;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;

/** A project's log entries as {@code GET /v1/logs} shows them, oldest first. */
final class Entries {

    record Entry(String logId, String payload, String flyoutUrl, String status, String response, int responseCode) {

        static Entry of(Map<String, Object> json) {
            return new Entry((String) json.get("log_id"), (String) json.get("payload"), (String) json.get("flyout_url"),
                    (String) json.get("flyout_delivery_status"), (String) json.get("flyout_delivery_response"),
                    (Integer) json.get("flyout_delivery_response_code"));
        }
    }

    /** How long a forward may take to reach the state a test waits for. */
    static final Duration PATIENCE = Duration.ofSeconds(45);

    private Entries() {
    }

    static List<Entry> of(String projectId) {
        return of(projectId, Map.of());
    }

    static List<Entry> of(String projectId, Map<String, String> query) {
        List<Map<String, Object>> logs = given().auth().oauth2(TestTokens.project(projectId, "logs:read"))
                .queryParams(query)
                .when().get("/v1/logs")
                .then().statusCode(200).extract().jsonPath().getList("data.logs");
        return logs.stream().map(Entry::of).toList();
    }

    /** The project's one entry. */
    static Entry only(String projectId) {
        List<Entry> entries = of(projectId);
        if (entries.size() != 1) {
            throw new AssertionError("expected one entry, got " + entries);
        }
        return entries.get(0);
    }

    /** The project's one entry once {@code done} holds for it; fails when patience runs out. */
    static Entry await(String projectId, Predicate<Entry> done) {
        return Awaitility.await().atMost(PATIENCE).until(() -> {
            List<Entry> entries = of(projectId);
            return entries.size() == 1 ? entries.get(0) : null;
        }, e -> e != null && done.test(e));
    }

    static Entry awaitStatus(String projectId, String status) {
        return await(projectId, e -> e.status().equals(status));
    }
}
