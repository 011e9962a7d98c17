package io.sendzen.logs.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.sendzen.logs.support.Meta.CUSTOMER;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Meta delivers concurrently: every delivery is acknowledged and every event stored exactly once. */
@QuarkusTest
class ConcurrentDeliveryTest {

    private static final int DELIVERIES = 200;
    private static final int THREADS = 16;

    @Inject
    LogTable table;

    @Test
    void concurrentDeliveriesAreAllAcknowledgedAndStoredExactlyOnce() throws Exception {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        List<String> wamids = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            String wamid = Meta.wamid();
            wamids.add(wamid);
            bodies.add(i % 3 == 0
                    ? Meta.incoming("1401", phone, Meta.message("text", wamid, CUSTOMER), CUSTOMER)
                    : Meta.statuses("1401", phone, Meta.documentedStatus(wamid, i % 3 == 1 ? "sent" : "delivered", CUSTOMER)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        Map<Integer, Integer> statusCodes = new HashMap<>();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String body : bodies) {
                answers.add(pool.submit(() -> Meta.post(body).extract().statusCode()));
            }
            for (Future<Integer> answer : answers) {
                statusCodes.merge(answer.get(60, TimeUnit.SECONDS), 1, Integer::sum);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of(200, DELIVERIES), statusCodes);
        Map<String, Integer> counts = table.countsByMessageId(wamids);
        assertEquals(DELIVERIES, counts.size(), "every delivery's event is stored");
        assertEquals(List.of(1), counts.values().stream().distinct().toList(), "no event is stored twice");
        assertEquals(DELIVERIES, table.byPhoneNumber(phone).size());
    }
}
