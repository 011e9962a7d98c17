package io.sendzen.logs.logs;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.ManualTicker;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Each project's tokens share one allowance of requests; beyond it, 429 in the envelope with Retry-After. */
@QuarkusTest
@TestProfile(LogsRateLimitTest.TightLimit.class)
class LogsRateLimitTest {

    /** One request a second, three at once, on a clock that moves only when the test moves it. */
    public static class TightLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sendzen.rate-limit.requests-per-second", "1", "sendzen.rate-limit.burst", "3");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ManualTicker.class);
        }
    }

    @Inject
    ManualTicker clock;

    private static Response logs(String token) {
        return given().auth().oauth2(token).when().get("/v1/logs");
    }

    private static void assertLimited(Response response) {
        assertEquals(429, response.statusCode(), response.asString());
        assertEquals("application/json", response.contentType());
        assertEquals("Too many requests", response.jsonPath().getString("message"));
        assertNull(response.jsonPath().get("data"));
        assertEquals(Set.of("message", "data"), response.jsonPath().getMap("").keySet());
        // whole seconds until the bucket holds one request again, with no time gone by since it emptied
        assertEquals("1", response.header("Retry-After"));
    }

    @Test
    void aProjectBeyondItsAllowanceIsToldWhenToComeBackAndOthersAreNotAffected() {
        String limited = Admin.createProject();
        String reader = TestTokens.project(limited, Scopes.LOGS_READ);
        String writer = TestTokens.project(limited, Scopes.LOGS_WRITE);
        for (int i = 0; i < 3; i++) {
            logs(reader).then().statusCode(200);
        }
        Response refused = logs(reader);
        assertLimited(refused);

        // another token of the same project draws on the same allowance, on every project endpoint
        assertLimited(given().auth().oauth2(writer)
                .when().post("/v1/logs/{id}/redeliver", "987654321"));

        // another project has its own
        String other = TestTokens.project(Admin.createProject(), Scopes.LOGS_READ);
        for (int i = 0; i < 3; i++) {
            logs(other).then().statusCode(200);
        }

        // as long as it was told to wait, and not less
        clock.advance(Duration.ofMillis(999));
        assertLimited(logs(reader));
        clock.advance(Duration.ofMillis(1));
        logs(reader).then().statusCode(200);
        assertLimited(logs(reader));
    }

    @Test
    void operatorsAreNotLimitedByAProjectAllowance() {
        for (int i = 0; i < 10; i++) {
            given().auth().oauth2(TestTokens.admin()).when().get("/v1/admin/unrouted").then().statusCode(200);
        }
    }
}
