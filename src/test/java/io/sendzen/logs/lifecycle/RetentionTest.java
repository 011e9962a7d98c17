package io.sendzen.logs.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.LogEntries;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class RetentionTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Retention retention;

    @Inject
    LogEntries entries;

    @Inject
    ObjectMapper json;

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

    private static final long DAY = Ticks.PER_DAY;

    /** The start of the UTC day {@code days} ago. */
    private static long dayStart(int days) {
        long t = Ticks.of(Instant.now().minus(Duration.ofDays(days)));
        return t - t % DAY;
    }

    /** What an export of the project's entries of that day gives, line by line. */
    private static List<String> exportOfDay(String projectId, long day) {
        String body = given().auth().oauth2(TestTokens.project(projectId, "logs:read"))
                .queryParam("fromDate", day).queryParam("toDate", day + DAY - 1)
                .when().get("/v1/logs/export").then().statusCode(200).extract().asString();
        return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    }

    private static List<String> archived(Path file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.endsWith("\n"), "whole lines");
            return List.of(text.split("\n"));
        }
    }

    private boolean partitionHolds(long ticks) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from log_partition_bounds() where lower_ticks <= " + ticks
                     + " and upper_ticks > " + ticks)) {
            r.next();
            return r.getInt(1) > 0;
        }
    }

    private long audited(String projectId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select coalesce(sum(count), 0) from audit_record "
                     + "where project_id = ? and action = 'retention.run' and actor_sub = 'system'")) {
            s.setString(1, projectId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Test
    void maxDaysDropsTheWholePartitionsThatEndedLongerAgoAndNothingNewer() throws Exception {
        String projectId = Admin.createProject();
        long old = dayStart(100) + 3600 * Ticks.PER_SECOND;
        long recent = dayStart(10) + 3600 * Ticks.PER_SECOND;
        insert(projectId, old, "old");
        insert(projectId, recent, "recent");

        retention.purge(Optional.of(60), Optional.empty());

        assertFalse(partitionHolds(old));
        assertTrue(partitionHolds(recent));
        assertEquals(List.of("{\"marker\":\"recent\"}"), payloads(projectId));
        assertEquals(1, audited(projectId));
    }

    @Test
    void aDroppedPartitionIsArchivedFirstOneFilePerProjectAndDay() throws Exception {
        String first = Admin.createProject();
        String second = Admin.createProject();
        long dayA = dayStart(120);
        long dayB = dayA + DAY;
        insert(first, dayA + 100, "a1");
        insert(first, dayA + 200, "a2");
        insert(first, dayB + 100, "b1");
        insert(second, dayA + 300, "other");
        List<String> firstA = exportOfDay(first, dayA);
        List<String> firstB = exportOfDay(first, dayB);
        List<String> secondA = exportOfDay(second, dayA);
        Path dir = Files.createTempDirectory("archive-");

        retention.purge(Optional.of(60), Optional.of(dir));

        assertEquals(firstA, archived(dir.resolve(first).resolve(Archive.day(dayA) + ".ndjson.gz")));
        assertEquals(firstB, archived(dir.resolve(first).resolve(Archive.day(dayB) + ".ndjson.gz")));
        assertEquals(secondA, archived(dir.resolve(second).resolve(Archive.day(dayA) + ".ndjson.gz")));
        assertEquals(2, firstA.size());
        assertEquals(List.of(), payloads(first));
        assertEquals(3, audited(first));
    }

    @Test
    void aProjectsRetentionArchivesEachWholeDayBeforeDeletingIt() throws Exception {
        String projectId = Admin.createProject();
        Admin.updateProject(projectId, "{\"retention_days\":2}");
        long dayA = dayStart(5);
        long dayB = dayStart(4);
        insert(projectId, dayA + 10, "a1");
        insert(projectId, dayA + 20, "a2");
        insert(projectId, dayB + 10, "b1");
        insert(projectId, Ticks.now() - 3600 * Ticks.PER_SECOND, "recent");
        List<String> a = exportOfDay(projectId, dayA);
        List<String> b = exportOfDay(projectId, dayB);
        Path dir = Files.createTempDirectory("archive-");

        retention.purge(Optional.empty(), Optional.of(dir));

        assertEquals(a, archived(dir.resolve(projectId).resolve(Archive.day(dayA) + ".ndjson.gz")));
        assertEquals(b, archived(dir.resolve(projectId).resolve(Archive.day(dayB) + ".ndjson.gz")));
        assertEquals(List.of("{\"marker\":\"recent\"}"), payloads(projectId));
        assertEquals(3, audited(projectId));
        try (var files = Files.list(dir.resolve(projectId))) {
            assertEquals(2, files.count(), "no temporary file is left");
        }
    }

    @Test
    void aRunAfterACrashBetweenArchiveAndDeleteWritesTheSameFileWithoutDuplicates() throws Exception {
        String projectId = Admin.createProject();
        Admin.updateProject(projectId, "{\"retention_days\":2}");
        long day = dayStart(6);
        insert(projectId, day + 10, "x1");
        insert(projectId, day + 20, "x2");
        Path dir = Files.createTempDirectory("archive-");
        Path file = dir.resolve(projectId).resolve(Archive.day(day) + ".ndjson.gz");
        // the crash: the file is complete, the rows are still there
        new Archive(dir, json).write(entries.between(projectId, day, day + DAY));
        byte[] before = Files.readAllBytes(file);

        retention.purge(Optional.empty(), Optional.of(dir));

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(2, archived(file).size());
        assertEquals(List.of(), payloads(projectId));
        retention.purge(Optional.empty(), Optional.of(dir));
        assertArrayEquals(before, Files.readAllBytes(file), "a later run leaves the archive alone");
    }
}
