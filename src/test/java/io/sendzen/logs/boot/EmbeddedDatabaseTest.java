package io.sendzen.logs.boot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded database through crashes, with real processes: a postmaster left running by an instance that was
 * killed, a second instance on the same directory, a postmaster killed under the service, and who may connect.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private final List<EmbeddedDatabase> databases = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        children.forEach(Process::destroyForcibly);
        databases.forEach(EmbeddedDatabase::close);
    }

    private EmbeddedDatabase start() {
        EmbeddedDatabase database = EmbeddedDatabase.start(dir, 0, false);
        databases.add(database);
        return database;
    }

    private static String query(EmbeddedDatabase database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** The first line the child prints, within a minute. */
    private String firstLine(Process child) throws Exception {
        children.add(child);
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        return await().atMost(Duration.ofSeconds(90)).until(() -> {
            synchronized (lines) {
                return lines.stream().filter(l -> l.startsWith("READY") || l.startsWith("REFUSED")).findFirst().orElse(null);
            }
        }, line -> line != null);
    }

    private long postmasterPid() throws Exception {
        return Long.parseLong(Files.readAllLines(dir.resolve("pgdata/postmaster.pid")).get(0).trim());
    }

    @Test
    void aPostmasterLeftByAKilledInstanceIsStoppedAndTheFirstStartWorks() throws Exception {
        Process first = DatabaseProcess.start(dir);
        assertEquals("READY", firstLine(first));
        long orphan = postmasterPid();
        first.destroyForcibly();                                   // kill -9 of the service
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false),
                "the killed instance's postmaster outlives it, as on a real crash");

        long started = System.nanoTime();
        EmbeddedDatabase database = start();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertFalse(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "the orphan was stopped");
        assertNotEquals(orphan, postmasterPid());
        assertEquals("written before the crash", query(database, "select note from survivor"));
        assertTrue(tookMs < 45_000, "the start did not wait out a timeout: " + tookMs + " ms");
    }

    @Test
    void aSecondInstanceOnTheSameDirectoryIsRefusedAndTheFirstIsNotTouched() throws Exception {
        EmbeddedDatabase database = start();
        long pid = postmasterPid();
        String answer = firstLine(DatabaseProcess.start(dir));
        assertTrue(answer.startsWith("REFUSED another instance of the service (pid " + ProcessHandle.current().pid()
                + ") is running on the data directory "), answer);
        assertEquals(3, children.get(0).waitFor());
        assertEquals(pid, postmasterPid());
        assertEquals("1", query(database, "select 1"));
    }

    @Test
    void aPostmasterKilledUnderTheServiceIsStartedAgain() throws Exception {
        EmbeddedDatabase database = start();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement s = c.createStatement()) {
            // a throwaway test cluster commits without waiting for the disk; this one commit must be on it
            s.execute("set synchronous_commit = on; create table kept as select 'still here' as note");
        }
        ProcessHandle postmaster = database.postmasterProcess().orElseThrow();
        postmaster.destroyForcibly();                              // kill -9 of PostgreSQL
        assertTrue(postmaster.onExit().get(30, TimeUnit.SECONDS) != null);
        String note = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> query(database, "select note from kept"), v -> v != null);
        assertEquals("still here", note);
        assertNotEquals(postmaster.pid(), database.postmasterProcess().orElseThrow().pid());
    }

    @Test
    void aDatabaseStoppedOnPurposeIsNotStartedAgain() throws Exception {
        EmbeddedDatabase database = start();
        database.stop();
        Thread.sleep(1_500);
        assertThrows(SQLException.class, () -> query(database, "select 1"));
        database.start();
        assertEquals("1", query(database, "select 1"));
    }

    @Test
    void onlyTheServiceWithItsPasswordConnects() throws Exception {
        EmbeddedDatabase database = start();
        SQLException withoutPassword = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(database.jdbcUrl(), "postgres", "").close());
        assertTrue(List.of("28P01", "08004").contains(withoutPassword.getSQLState()), withoutPassword.getSQLState());
        assertThrows(SQLException.class, () -> DriverManager.getConnection(database.jdbcUrl(), "postgres", "wrong").close());
        assertEquals("1", query(database, "select 1"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("password"))));
        assertEquals("", query(database, "show unix_socket_directories"), "no socket for local users to come in by");

        // the same password after a restart, and still required
        database.close();
        databases.clear();
        EmbeddedDatabase again = start();
        assertEquals("1", query(again, "select 1"));
        assertThrows(SQLException.class, () -> DriverManager.getConnection(again.jdbcUrl(), "postgres", "").close());
    }
}
