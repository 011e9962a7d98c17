package io.sendzen.logs.deletion;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code DELETE /v1/logs/{log_id}}: one entry goes, with its pending forward and attempts, audited. */
@QuarkusTest
class DeleteLogTest {

    @Inject
    AgroalDataSource dataSource;

    private Tables tables;
    private String project;

    @BeforeEach
    void setUp() {
        tables = new Tables(dataSource);
        project = Admin.createProject();
    }

    private static ValidatableResponse delete(String token, Object logId) {
        return given().auth().oauth2(token).when().delete("/v1/logs/" + logId).then();
    }

    private String writer() {
        return TestTokens.project(project, "logs:write");
    }

    @Test
    void deleteIsNoContentAndTheEntryIsGone() {
        List<Long> ids = tables.entries(project, 2, 30);
        delete(writer(), ids.get(0)).statusCode(204);
        assertFalse(tables.exists(project, ids.get(0)));
        assertTrue(tables.exists(project, ids.get(1)));
    }

    @Test
    void pendingForwardIsCancelledAndAttemptsGoWithTheEntry() {
        long id = tables.entries(project, 1, 30).get(0);
        tables.forwarding(project, id, 2);
        assertEquals(1, tables.pendingForwards(id));
        assertEquals(2, tables.attempts(project, id));
        delete(writer(), id).statusCode(204);
        assertEquals(0, tables.pendingForwards(id));
        assertEquals(0, tables.attempts(project, id));
    }

    @Test
    void secondDeleteIsNotFound() {
        long id = tables.entries(project, 1, 30).get(0);
        delete(writer(), id).statusCode(204);
        delete(writer(), id).statusCode(404).body("message", equalTo("Not found"));
    }

    @Test
    void unknownIdIsNotFound() {
        delete(writer(), "987654321987654").statusCode(404).body("message", equalTo("Not found"));
    }

    @Test
    void anotherProjectsEntryIsNotFoundAndKept() {
        String other = Admin.createProject();
        long id = tables.entries(other, 1, 30).get(0);
        tables.forwarding(other, id, 1);
        delete(writer(), id).statusCode(404).body("message", equalTo("Not found"));
        assertTrue(tables.exists(other, id));
        assertEquals(1, tables.pendingForwards(id));
        assertEquals(1, tables.attempts(other, id));
    }

    @Test
    void readOnlyTokenIsForbiddenAndNothingIsDeleted() {
        long id = tables.entries(project, 1, 30).get(0);
        delete(TestTokens.project(project, "logs:read"), id).statusCode(403).body("message", equalTo("Forbidden"));
        assertTrue(tables.exists(project, id));
    }

    @Test
    void deleteIsAuditedWithItsIdAndCountOne() {
        long id = tables.entries(project, 1, 30).get(0);
        delete(writer(), id).statusCode(204);
        assertEquals(List.of("{\"log_ids\": [\"" + id + "\"]} 1"), tables.audit(project, "log.delete"));
    }

    @Test
    void aDeleteThatFindsNothingIsNotAudited() {
        delete(writer(), "987654321987654").statusCode(404);
        assertEquals(List.of(), tables.audit(project, "log.delete"));
    }
}
