package io.sendzen.logs.lifecycle;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class RetentionTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Retention retention;

    private void insert(String projectId, long createdAt, String marker) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("insert into log_entry (project_id, created_at, phone_number_id, "
                     + "event_type, payload) values (?, ?, '123', 3, ?)")) {
            LogRows.ensurePartitions(c, createdAt);
            s.setString(1, projectId);
            s.setLong(2, createdAt);
            s.setString(3, "{\"marker\":\"" + marker + "\"}");
            s.executeUpdate();
        }
    }

    private List<String> payloads(String projectId) {
        return given().auth().oauth2(TestTokens.project(projectId, "logs:read")).when().get("/v1/logs")
                .then().statusCode(200).extract().jsonPath().getList("data.logs.payload");
    }

    @Test
    void entriesOlderThanTheProjectsRetentionAreDeletedAndNoOthers() throws Exception {
        String kept = Admin.createProject();
        String limited = Admin.createProject();
        Admin.updateProject(limited, "{\"retention_days\":2}");
        long threeDaysAgo = Ticks.of(Instant.now().minus(Duration.ofDays(3)));
        long oneDayAgo = Ticks.of(Instant.now().minus(Duration.ofDays(1)));
        insert(limited, threeDaysAgo, "old");
        insert(limited, oneDayAgo, "recent");
        insert(kept, threeDaysAgo, "old-but-kept");

        retention.purge();

        assertEquals(List.of("{\"marker\":\"recent\"}"), payloads(limited));
        assertEquals(List.of("{\"marker\":\"old-but-kept\"}"), payloads(kept));
    }
}
