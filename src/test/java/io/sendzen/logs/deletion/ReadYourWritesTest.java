package io.sendzen.logs.deletion;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.sendzen.logs.shared.ReadAfter;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With replicas configured (here the test database itself stands in for one), a write answers with the WAL position
 * its client's next reads must see, and reads honour it when sent back. A replica that lags is passed over for the
 * primary: {@code crash/ScaleOutIT} shows that with a real standby whose replay is paused.
 */
@QuarkusTest
@TestProfile(ReadYourWritesTest.WithReplica.class)
class ReadYourWritesTest {

    public static class WithReplica implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.replica.jdbc.url", "${quarkus.datasource.jdbc.url}");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aDeleteAnswersWithTheWalPositionToReadAfter() {
        String project = Admin.createProject();
        long id = new Tables(dataSource).entries(project, 1, 30).get(0);
        Response deleted = given().auth().oauth2(TestTokens.project(project, "logs:write"))
                .when().delete("/v1/logs/" + id);
        assertEquals(204, deleted.statusCode());
        String lsn = deleted.header(ReadAfter.HEADER);
        assertNotNull(lsn);
        assertTrue(lsn.matches("[0-9A-F]+/[0-9A-F]+"), lsn);
        assertEquals(lsn, deleted.cookie(ReadAfter.COOKIE));
    }

    @Test
    void aReadSendingThePositionBackSeesTheWrite() {
        String project = Admin.createProject();
        List<Long> ids = new Tables(dataSource).entries(project, 2, 30);
        String lsn = given().auth().oauth2(TestTokens.project(project, "logs:write"))
                .when().delete("/v1/logs/" + ids.get(0)).then().statusCode(204).extract().header(ReadAfter.HEADER);
        List<String> listed = given().auth().oauth2(TestTokens.project(project, "logs:read"))
                .header(ReadAfter.HEADER, lsn)
                .when().get("/v1/logs").then().statusCode(200).extract().jsonPath().getList("data.logs.log_id", String.class);
        assertEquals(List.of(String.valueOf(ids.get(1))), listed);
        // the cookie does the same
        given().auth().oauth2(TestTokens.project(project, "logs:read")).cookie(ReadAfter.COOKIE, lsn)
                .when().get("/v1/logs/" + ids.get(0)).then().statusCode(404);
    }

    @Test
    void aPositionThatIsNotOneIsABadRequestNamingTheHeader() {
        String project = Admin.createProject();
        Response refused = given().auth().oauth2(TestTokens.project(project, "logs:read"))
                .header(ReadAfter.HEADER, "yesterday").when().get("/v1/logs");
        assertEquals(400, refused.statusCode(), refused.asString());
        assertTrue(refused.asString().contains(ReadAfter.HEADER), refused.asString());
    }

    @Test
    void aReadWithoutAPositionIsAnsweredFromTheReplica() {
        String project = Admin.createProject();
        new Tables(dataSource).entries(project, 3, 30);
        assertEquals(3, given().auth().oauth2(TestTokens.project(project, "logs:read"))
                .when().get("/v1/logs").then().extract().jsonPath().getList("data.logs").size());
    }
}
