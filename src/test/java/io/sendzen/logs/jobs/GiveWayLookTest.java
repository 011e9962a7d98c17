package io.sendzen.logs.jobs;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A job's look at the database, against the real one. */
@QuarkusTest
class GiveWayLookTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aStatementRunningInAnotherSessionIsSeenAndTheLookItselfIsNot() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            // the service's own upkeep runs now and then for a few milliseconds: between its runs the look finds
            // nothing, though it is a statement running itself
            await().atMost(5, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS)
                    .until(() -> !GiveWay.othersActive(c));
        }
        CompletableFuture<Void> sleeper = CompletableFuture.runAsync(() -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("select pg_sleep(3)");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Connection c = dataSource.getConnection()) {
            await().atMost(2, TimeUnit.SECONDS).pollInterval(50, TimeUnit.MILLISECONDS)
                    .until(() -> GiveWay.othersActive(c));
        }
        // the sleeper's own statement ran to its end: what was seen was it, or work beside it
        sleeper.get(10, TimeUnit.SECONDS);
    }
}
