package io.sendzen.logs.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.sendzen.logs.support.Meta.CUSTOMER;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Meta delivers at least once: a redelivered event is answered 200 and not stored a second time. */
@QuarkusTest
class RedeliveryTest {

    @Inject
    LogTable table;

    @Test
    void redeliveredBatchIsAnsweredButNothingIsStoredAgain() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String body = Meta.statuses("1301", phone, Meta.documentedStatus(Meta.wamid(), "sent", CUSTOMER),
                Meta.documentedStatus(Meta.wamid(), "delivered", CUSTOMER), Meta.documentedStatus(Meta.wamid(), "read", CUSTOMER));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(3)).body("data.redelivered", equalTo(0));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(0)).body("data.redelivered", equalTo(3));
        assertEquals(3, table.byPhoneNumber(phone).size());
    }

    @Test
    void sameEventInsideAnotherBatchIsRecognisedAsRedelivered() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String repeated = Meta.documentedStatus(Meta.wamid(), "read", CUSTOMER);
        String fresh = Meta.documentedStatus(Meta.wamid(), "sent", CUSTOMER);
        Meta.post(Meta.statuses("1302", phone, repeated)).statusCode(200).body("data.stored", equalTo(1));
        Meta.post(Meta.statuses("1302", phone, fresh, repeated))
                .statusCode(200).body("data.stored", equalTo(1)).body("data.redelivered", equalTo(1));
        assertEquals(2, table.byPhoneNumber(phone).size());
    }

    @Test
    void sameEventMoreThanSevenDaysLaterIsStoredAgain() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String body = Meta.singleStatus(phone, Meta.wamid(), "delivered");
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        table.ageFingerprints(phone, 6);
        Meta.post(body).statusCode(200).body("data.stored", equalTo(0));
        table.ageFingerprints(phone, 2);
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(0));
        assertEquals(2, table.byPhoneNumber(phone).size());
    }

    @Test
    void sameEventBytesForAnotherPhoneNumberAreStoredAgain() {
        String project = Admin.createProject();
        String first = Admin.addPhoneNumber(project);
        String second = Admin.addPhoneNumber(project);
        String status = Meta.documentedStatus(Meta.wamid(), "delivered", CUSTOMER);
        Meta.post(Meta.statuses("1303", first, status)).statusCode(200).body("data.stored", equalTo(1));
        Meta.post(Meta.statuses("1303", second, status)).statusCode(200).body("data.stored", equalTo(1));
        assertEquals(1, table.byPhoneNumber(first).size());
        assertEquals(1, table.byPhoneNumber(second).size());
    }

    @Test
    void anotherStatusOfTheSameMessageIsNotARedelivery() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String wamid = Meta.wamid();
        Meta.post(Meta.singleStatus(phone, wamid, "read")).statusCode(200).body("data.stored", equalTo(1));
        Meta.post(Meta.singleStatus(phone, wamid, "delivered")).statusCode(200).body("data.stored", equalTo(1));
        assertEquals(List.of("read", "delivered"), table.byMessageId(wamid).stream().map(LogTable.Row::waStatus).toList());
    }

    @Test
    void redeliveredWabaLevelEventIsNotStoredTwice() {
        String project = Admin.createProject();
        String waba = Admin.addWaba(project);
        String body = Meta.wabaLevel(waba, "message_template_quality_update", Meta.templateQualityUpdate());
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(0)).body("data.redelivered", equalTo(1));
        assertEquals(1, table.byWaba(waba).size());
    }

    @Test
    void concurrentRedeliveriesOfOneBodyStoreItOnce() throws Exception {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String body = Meta.singleStatus(phone, Meta.wamid(), "sent");
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> stored = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Integer> post = () -> {
                    start.await();
                    return Meta.post(body).statusCode(200).extract().path("data.stored");
                };
                stored.add(pool.submit(post));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : stored) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(1, total);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, table.byPhoneNumber(phone).size());
    }
}
