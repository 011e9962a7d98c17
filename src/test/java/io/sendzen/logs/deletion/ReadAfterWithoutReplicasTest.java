package io.sendzen.logs.deletion;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sendzen.logs.shared.ReadAfter;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Without replicas every read is on the primary: a write answers with no WAL position, and one sent is ignored. */
@QuarkusTest
class ReadAfterWithoutReplicasTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aWriteAnswersWithoutAPositionAndOneSentIsIgnored() {
        String project = Admin.createProject();
        long id = new Tables(dataSource).entries(project, 1, 30).get(0);
        Response deleted = given().auth().oauth2(TestTokens.project(project, "logs:write"))
                .when().delete("/v1/logs/" + id);
        assertEquals(204, deleted.statusCode());
        assertNull(deleted.header(ReadAfter.HEADER));
        assertNull(deleted.cookie(ReadAfter.COOKIE));
        given().auth().oauth2(TestTokens.project(project, "logs:read")).header(ReadAfter.HEADER, "yesterday")
                .when().get("/v1/logs").then().statusCode(200);
    }
}
