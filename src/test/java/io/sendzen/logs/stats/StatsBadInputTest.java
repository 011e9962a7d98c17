package io.sendzen.logs.stats;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.equalTo;

/** Every bad query of the stats views is a 400 in the envelope naming its parameter. */
@QuarkusTest
class StatsBadInputTest {

    private String project;

    @BeforeEach
    void createProject() {
        project = Admin.createProject();
    }

    static Stream<Arguments> badQueries() {
        long now = Ticks.now();
        return Stream.of(
                Arguments.of("/v1/stats", "groupBy=status&fromDate=" + (now - 401 * Ticks.PER_DAY), "fromDate"),
                Arguments.of("/v1/stats", "groupBy=status&fromDate=" + (now - 10 * Ticks.PER_DAY)
                        + "&toDate=" + (now + 391 * Ticks.PER_DAY), "fromDate"),
                Arguments.of("/v1/stats", "groupBy=status&fromDate=" + now + "&toDate=" + (now - 1), "fromDate"),
                Arguments.of("/v1/stats", "groupBy=status&fromDate=" + (now + Ticks.PER_DAY), "fromDate"),
                Arguments.of("/v1/stats", "groupBy=wa_id", "groupBy"),
                Arguments.of("/v1/stats", "", "groupBy"),
                Arguments.of("/v1/stats", "groupBy=status&groupBy=url", "groupBy"),
                Arguments.of("/v1/stats", "groupBy=status&interval=week", "interval"),
                Arguments.of("/v1/stats", "groupBy=status&q=hello", "q"),
                Arguments.of("/v1/stats", "groupBy=status&messageId=wamid.x", "messageId"),
                Arguments.of("/v1/stats", "groupBy=status&waId=1650", "waId"),
                Arguments.of("/v1/stats", "groupBy=status&pageSize=5", "pageSize"),
                Arguments.of("/v1/stats", "groupBy=status&status=lost", "status"),
                Arguments.of("/v1/stats", "groupBy=status&fromDate=yesterday", "fromDate"),
                Arguments.of("/v1/stats/ack-latency", "interval=minute", "interval"),
                Arguments.of("/v1/stats/ack-latency", "status=failed", "status"),
                Arguments.of("/v1/stats/forwards", "interval=hour", "interval"),
                Arguments.of("/v1/stats/forwards", "fromDate=" + (now - 500 * Ticks.PER_DAY), "fromDate"));
    }

    @ParameterizedTest(name = "{0}?{1} names {2}")
    @MethodSource("badQueries")
    void badQueryIsA400NamingTheParameter(String path, String query, String parameter) {
        given().auth().oauth2(TestTokens.project(project, "logs:read"))
                .urlEncodingEnabled(false)
                .when().get(path + (query.isEmpty() ? "" : "?" + query))
                .then().statusCode(400)
                .body("message", equalTo("Invalid request parameters"))
                .body("errors.parameter", hasItem(parameter));
    }
}
