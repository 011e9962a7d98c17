package io.sendzen.logs.ingest;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.sendzen.logs.support.Meta.CUSTOMER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * When deliveries arrive faster than they can be written and the write queue is full, the next one is refused with
 * 503 and Retry-After (Meta delivers it again), at once rather than after a wait; nothing already queued is lost.
 */
@QuarkusTest
@TestProfile(QueueFullTest.SmallQueue.class)
class QueueFullTest {

    /** Room for two deliveries waiting for the writer. */
    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sendzen.ingest.queue-capacity", "2");
        }
    }

    @Inject
    LogTable table;

    @Inject
    AgroalDataSource dataSource;

    private static CompletableFuture<Response> postLater(String body) {
        return CompletableFuture.supplyAsync(() -> Meta.send(body));
    }

    /**
     * Whether the ingest write is waiting for a lock: the writer, held up by the test's lock on {@code log_entry}. It
     * is told by the table its statement names first, as pg_stat_activity keeps only the first 1 KB of a statement.
     */
    private boolean writerWaits(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("select count(*) from pg_stat_activity "
                + "where wait_event_type = 'Lock' and query ilike '%insert into event_fingerprint%'")) {
            row.next();
            return row.getInt(1) > 0;
        }
    }

    @Test
    void aDeliveryBeyondAFullQueueIsRefusedAtOnceAndTheQueuedOnesAreStored() throws Exception {
        String phone = Admin.addPhoneNumber(Admin.createProject());
        List<String> wamids = List.of(Meta.wamid(), Meta.wamid(), Meta.wamid(), Meta.wamid());
        List<String> bodies = wamids.stream()
                .map(w -> Meta.statuses("1601", phone, Meta.documentedStatus(w, "sent", CUSTOMER))).toList();
        CompletableFuture<Response> writing;
        CompletableFuture<Response> queuedFirst;
        CompletableFuture<Response> queuedSecond;
        Response refused;
        try (Connection lock = dataSource.getConnection(); Statement statement = lock.createStatement();
             Connection observer = dataSource.getConnection(); Statement watch = observer.createStatement()) {
            lock.setAutoCommit(false);
            statement.execute("lock table log_entry in exclusive mode");
            try {
                writing = postLater(bodies.get(0));
                await("the writer waits on the lock with the first delivery").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(20)).until(() -> writerWaits(watch));
                queuedFirst = postLater(bodies.get(1));
                queuedSecond = postLater(bodies.get(2));
                // the two wait in the queue, unanswered
                Thread.sleep(500);
                assertFalse(queuedFirst.isDone() || queuedSecond.isDone() || writing.isDone(),
                        "queued deliveries are answered only once written");
                // answered at once, while the writer still waits (a wait here would time out: the queue took it)
                refused = postLater(bodies.get(3)).get(5, TimeUnit.SECONDS);
                assertEquals(503, refused.statusCode(), refused.asString());
            } finally {
                lock.rollback();
            }
        }
        assertNotNull(refused.header("Retry-After"), "a 503 carries Retry-After");
        assertEquals("Service unavailable", refused.jsonPath().getString("message"));
        for (CompletableFuture<Response> answer : List.of(writing, queuedFirst, queuedSecond)) {
            Response response = answer.get(30, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.asString());
        }
        Map<String, Integer> stored = table.countsByMessageId(wamids);
        assertEquals(Map.of(wamids.get(0), 1, wamids.get(1), 1, wamids.get(2), 1), stored,
                "the written and the queued deliveries are stored once, the refused one not");

        // Meta delivers the refused one again: now it is taken
        Meta.send(bodies.get(3)).then().statusCode(200);
        assertEquals(1, table.countsByMessageId(List.of(wamids.get(3))).get(wamids.get(3)));
    }
}
