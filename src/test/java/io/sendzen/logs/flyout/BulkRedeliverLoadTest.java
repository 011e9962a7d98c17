package io.sendzen.logs.flyout;

import com.sun.net.httpserver.HttpServer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100,000 entries of one endpoint sent again by one bulk redelivery, while new webhooks of another project keep
 * arriving: every entry gets exactly one bulk attempt, no more than the endpoint's concurrency limit is in flight to
 * it at once, and the other endpoint's forwards go out as fast as when nothing else was going on.
 */
@QuarkusTest
@TestProfile(BulkRedeliverLoadTest.Batches.class)
class BulkRedeliverLoadTest {

    /** Bulk jobs at their production batch size; the other tests run them in batches of 50 to watch them. */
    public static class Batches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sendzen.jobs.batch-size", "5000", "sendzen.jobs.batch-pause", "10ms",
                    "sendzen.flyout.max-concurrency-per-endpoint", Integer.toString(LIMIT));
        }
    }

    private static final int ENTRIES = Integer.getInteger("bulk.entries", 100_000);
    private static final int LIMIT = 32;
    private static final int PER_DELIVERY = 500;
    private static final Duration PATIENCE = Duration.ofMinutes(6);

    @Inject
    AgroalDataSource dataSource;

    private static final Pattern WAMID = Pattern.compile("\"id\":\"(wamid\\.[^\"]+)\"");

    /** A receiver that only counts, and keeps when each forward of the other endpoint arrived, by its message id. */
    private static final class CountingReceiver implements AutoCloseable {
        final HttpServer server;
        final ExecutorService executor = Executors.newFixedThreadPool(16);
        final AtomicInteger bulk = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final Map<String, Long> otherArrived = new ConcurrentHashMap<>();

        CountingReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            server.createContext("/", exchange -> {
                try (exchange) {
                    boolean other = exchange.getRequestURI().getPath().equals("/other");
                    int now = other ? 0 : inFlight.incrementAndGet();
                    mostInFlight.accumulateAndGet(now, Math::max);
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    if (other) {
                        Matcher wamid = WAMID.matcher(new String(body, StandardCharsets.UTF_8));
                        if (wamid.find()) {
                            otherArrived.put(wamid.group(1), System.nanoTime());
                        }
                    } else {
                        bulk.incrementAndGet();
                        inFlight.decrementAndGet();
                    }
                    exchange.sendResponseHeaders(200, -1);
                }
            });
            server.setExecutor(executor);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Test
    void aHundredThousandGoAgainWhileAnotherEndpointStaysOnTime() throws Exception {
        try (CountingReceiver receiver = new CountingReceiver()) {
            String project = Admin.createProject();
            String phone = Admin.addPhoneNumber(project);
            Admin.addWebhook(project, receiver.url("bulk"));
            String otherProject = Admin.createProject();
            String otherPhone = Admin.addPhoneNumber(otherProject);
            Admin.addWebhook(otherProject, receiver.url("other"));

            for (int sent = 0; sent < ENTRIES; sent += PER_DELIVERY) {
                String[] statuses = new String[PER_DELIVERY];
                for (int i = 0; i < PER_DELIVERY; i++) {
                    statuses[i] = Meta.status(Meta.wamid(), "delivered", Meta.CUSTOMER);
                }
                Meta.post(Meta.statuses("102290129340398", phone, statuses)).statusCode(200);
            }
            long forwarding = System.nanoTime();
            await().atMost(PATIENCE).until(() -> receiver.bulk.get() >= ENTRIES);
            System.out.printf("first forwards: %d in %.1f s%n", ENTRIES, (System.nanoTime() - forwarding) / 1e9);
            List<Long> idle = otherLatencies(receiver, otherPhone, 20, null);

            long started = System.nanoTime();
            Response job = given().auth().oauth2(TestTokens.project(project, "logs:write")).contentType("application/json")
                    .body("{\"filter\":{\"phoneNumberId\":\"" + phone + "\"}}")
                    .when().post("/v1/logs/bulk-redeliver");
            job.then().statusCode(202);
            String jobId = job.path("data.job_id");
            // new webhooks of the other project all along the redelivery
            List<Long> during = otherLatencies(receiver, otherPhone, 100,
                    () -> receiver.bulk.get() >= 2 * ENTRIES);
            await().atMost(PATIENCE).until(() -> receiver.bulk.get() >= 2 * ENTRIES);
            double seconds = (System.nanoTime() - started) / 1e9;
            await().atMost(PATIENCE).until(() -> given().auth().oauth2(TestTokens.project(project, "logs:read"))
                    .get("/v1/jobs/" + jobId).then().statusCode(200).extract().path("data.state").equals("done"));

            assertEquals(ENTRIES, Attempts.count(dataSource,
                    "select count(distinct log_id) from flyout_attempt where project_id = ? and trigger = 'bulk'", project));
            assertEquals(ENTRIES, Attempts.count(dataSource,
                    "select count(*) from flyout_attempt where project_id = ? and trigger = 'bulk'", project),
                    "one bulk attempt per entry");
            assertTrue(receiver.mostInFlight.get() <= LIMIT,
                    "at most the endpoint's limit in flight at once: " + receiver.mostInFlight.get());
            long idleP50 = percentile(idle, 50);
            long duringP50 = percentile(during, 50);
            long duringMax = percentile(during, 100);
            System.out.printf("bulk redelivery: %d entries in %.1f s (%.0f/s); other endpoint's forward latency, "
                            + "idle p50 %d ms, during p50 %d ms, p99 %d ms, max %d ms (%d forwards)%n",
                    ENTRIES, seconds, ENTRIES / seconds, idleP50, duringP50, percentile(during, 99), duringMax,
                    during.size());
            assertTrue(duringMax < 3_000, "the other endpoint's forwards are not held up: max " + duringMax + " ms");
        }
    }

    /**
     * Posts {@code count} statuses of the other project one by one (while {@code until} is false, when given) and
     * returns, in ms, how long each took from our 200 to its arrival at the other endpoint.
     */
    private static List<Long> otherLatencies(CountingReceiver receiver, String phone, int count,
                                             java.util.function.BooleanSupplier until) throws InterruptedException {
        Map<String, Long> acked = new ConcurrentHashMap<>();
        for (int i = 0; i < count && (until == null || !until.getAsBoolean()); i++) {
            String wamid = Meta.wamid();
            Meta.post(Meta.singleStatus(phone, wamid, "delivered")).statusCode(200);
            acked.put(wamid, System.nanoTime());
            Thread.sleep(100);
        }
        await().atMost(PATIENCE).until(() -> receiver.otherArrived.keySet().containsAll(acked.keySet()));
        List<Long> latencies = new ArrayList<>();
        acked.forEach((wamid, at) -> latencies.add((receiver.otherArrived.get(wamid) - at) / 1_000_000));
        Collections.sort(latencies);
        return latencies;
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
