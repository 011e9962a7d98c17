package io.sendzen.logs.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sendzen.logs.boot.EmbeddedDatabase;
import io.sendzen.logs.shared.Reads;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.PostgresResource;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.support.Meta.CUSTOMER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The database goes away under load: every delivery answered 200 was committed, every other one was answered 503
 * with Retry-After (so Meta delivers it again), and the service takes deliveries again once the database is back.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final int THREADS = 8;

    @Inject
    LogTable table;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @DataSource(Reads.DATASOURCE)
    AgroalDataSource readDataSource;

    private record Attempt(String wamid, String body, int status, String retryAfter, String message) {
        static Attempt of(String wamid, String body, Response response) {
            return new Attempt(wamid, body, response.statusCode(), response.header("Retry-After"),
                    response.statusCode() == 200 ? null : response.jsonPath().getString("message"));
        }
    }

    private static void await(String what, Duration timeout, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(20)).until(condition);
    }

    private static double unavailableCount() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("sendzen_ingest_unavailable_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    private static long count(Queue<Attempt> attempts, int status) {
        return attempts.stream().filter(a -> a.status() == status).count();
    }

    @Test
    void acknowledgedDeliveriesSurviveADatabaseOutageAndTheOthersAreRetryable() throws Exception {
        EmbeddedDatabase database = PostgresResource.database();
        outageUnderLoad(database::stop, () -> true, database::start, THREADS);
    }

    /** kill -9 of PostgreSQL: nobody starts it by hand; the service does, and takes deliveries again. */
    @Test
    void aDatabaseKilledUnderLoadIsStartedAgainByTheServiceAndNothingAcknowledgedIsLost() throws Exception {
        EmbeddedDatabase database = PostgresResource.database();
        long killed = database.postmasterProcess().orElseThrow().pid();
        outageUnderLoad(() -> {
            ProcessHandle postmaster = database.postmasterProcess().orElseThrow();
            postmaster.destroyForcibly();
            postmaster.onExit().join();
        }, () -> database.postmasterProcess().map(p -> p.pid() != killed && p.isAlive()).orElse(false), () -> {
        }, 0); // it runs again within a second or so: a delivery in the gap is refused, or waits and is stored
    }

    /**
     * Deliveries from several connections; {@code takeAway} the database; until {@code down} holds, at least
     * {@code refusedAtLeast} are refused; {@code bringBack}; then deliveries are acknowledged again.
     */
    private void outageUnderLoad(Runnable takeAway, Callable<Boolean> down, Runnable bringBack, int refusedAtLeast)
            throws Exception {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        EmbeddedDatabase database = PostgresResource.database();
        double unavailableBefore = unavailableCount();
        Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean posting = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long acknowledgedAfterRestart;
        boolean postingStopped;
        try {
            for (int i = 0; i < THREADS; i++) {
                pool.submit(() -> {
                    while (posting.get()) {
                        String wamid = Meta.wamid();
                        String body = Meta.statuses("1601", phone, Meta.documentedStatus(wamid, "sent", CUSTOMER));
                        try {
                            attempts.add(Attempt.of(wamid, body, Meta.send(body)));
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                });
            }
            await("some deliveries are acknowledged", Duration.ofSeconds(30), () -> count(attempts, 200) >= 40);
            takeAway.run();
            long refusedBefore = count(attempts, 503);
            await("the outage is under way", Duration.ofSeconds(60),
                    () -> count(attempts, 503) >= refusedBefore + refusedAtLeast && down.call());
            long acknowledgedBeforeRestart = count(attempts, 200);
            bringBack.run();
            await("deliveries are acknowledged again under load", Duration.ofSeconds(60),
                    () -> count(attempts, 200) >= acknowledgedBeforeRestart + 4L * THREADS);
            acknowledgedAfterRestart = count(attempts, 200) - acknowledgedBeforeRestart;
        } finally {
            posting.set(false);
            database.start();
            pool.shutdown();
            postingStopped = pool.awaitTermination(60, TimeUnit.SECONDS);
            dropCutConnections(dataSource);
        }

        assertTrue(postingStopped, "posting threads stop");
        assertEquals(List.of(), failures.stream().map(Throwable::toString).toList(), "every post got an answer");
        List<Attempt> refused = attempts.stream().filter(a -> a.status() != 200).toList();
        for (Attempt attempt : refused) {
            assertEquals(503, attempt.status(), "a delivery that was not acknowledged is answered 503");
            assertNotNull(attempt.retryAfter(), "a 503 carries Retry-After");
            assertEquals("Service unavailable", attempt.message());
        }
        assertTrue(refused.size() >= refusedAtLeast && acknowledgedAfterRestart > 0);
        assertEquals(refused.size(), unavailableCount() - unavailableBefore, 0.0, "sendzen_ingest_unavailable_total");

        List<String> acknowledged = attempts.stream().filter(a -> a.status() == 200).map(Attempt::wamid).toList();
        Map<String, Integer> stored = table.countsByMessageId(acknowledged);
        List<String> lost = acknowledged.stream().filter(w -> !stored.containsKey(w)).toList();
        assertEquals(List.of(), lost, "acknowledged deliveries missing after the outage");
        assertTrue(stored.values().stream().allMatch(n -> n == 1), "no acknowledged event is stored twice");

        // Meta retries what was refused: each is taken now and stored exactly once
        List<String> retried = new ArrayList<>();
        for (Attempt attempt : refused) {
            assertEquals(200, Meta.send(attempt.body()).statusCode());
            retried.add(attempt.wamid());
        }
        Map<String, Integer> afterRetry = table.countsByMessageId(retried);
        assertEquals(retried.size(), afterRetry.size(), "every refused delivery is stored once Meta retries it");
        assertTrue(afterRetry.values().stream().allMatch(n -> n == 1));
    }

    private static Response logs(String token) {
        return given().auth().oauth2(token).when().get("/v1/logs");
    }

    /** Connections the restart cut are not handed to readers: the first page asked for after it is answered. */
    @Test
    void logsAreReadRightAfterTheDatabaseComesBack() throws SQLException {
        String project = Admin.createProject();
        String token = TestTokens.project(project, Scopes.LOGS_READ);
        logs(token).then().statusCode(200);
        // several idle connections in the read pool, as a service that has been serving pages has
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(readDataSource.getConnection());
        }
        for (Connection connection : held) {
            connection.close();
        }
        EmbeddedDatabase database = PostgresResource.database();
        database.stop();
        database.start();
        Response first = logs(token);
        dropCutConnections(dataSource);
        assertEquals(200, first.statusCode(), first.asString());
        assertEquals(List.of(), first.jsonPath().getList("data.logs"));
    }

    /** Borrows connections until one works: each cut one fails and leaves the pool, so later tests get working ones. */
    private static void dropCutConnections(AgroalDataSource pool) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("select 1");
                pool.flush(AgroalDataSource.FlushMode.INVALID);
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    fail("the pool hands out no working connection after the restart: " + e);
                }
            }
        }
    }
}
