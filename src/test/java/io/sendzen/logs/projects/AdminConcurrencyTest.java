package io.sendzen.logs.projects;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static io.sendzen.logs.support.Admin.PROJECTS;
import static io.sendzen.logs.support.Admin.asAdmin;
import static io.sendzen.logs.support.Admin.createProject;
import static io.sendzen.logs.support.Admin.project;
import static io.sendzen.logs.support.Admin.uniqueId;
import static io.sendzen.logs.support.Admin.uniqueMetaId;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Requests that race for the same id: one wins, every other one is a 409, never a 500. */
@QuarkusTest
class AdminConcurrencyTest {

    private static final int RACERS = 8;
    /** A race is lost or won by chance, so each test runs a few. */
    private static final int ROUNDS = 3;

    /** Starts {@code RACERS} requests at once and returns their statuses. */
    private static List<Integer> race(IntFunction<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                int racer = i;
                Callable<Integer> call = () -> {
                    start.await();
                    return request.apply(racer).statusCode();
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertOneCreatedRestConflict(List<Integer> statuses) {
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(RACERS - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
    }

    private static List<String> projects(String prefix) {
        List<String> projects = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            projects.add(createProject(prefix));
        }
        return projects;
    }

    @Test
    void racingCreatesOfOneProjectIdGiveOneProject() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = uniqueId("race-project");
            assertOneCreatedRestConflict(race(i -> asAdmin("{\"id\":\"" + id + "\",\"name\":\"Racer " + i + "\"}")
                    .when().post(PROJECTS)));
        }
    }

    @Test
    void racingProjectsForOnePhoneNumberGiveOneOwner() throws Exception {
        List<String> projects = projects("race-phone");
        for (int round = 0; round < ROUNDS; round++) {
            String phoneNumberId = uniqueMetaId();
            assertOneCreatedRestConflict(race(i -> asAdmin("{\"phone_number_id\":\"" + phoneNumberId + "\"}")
                    .when().post(project(projects.get(i)) + "/phone-numbers")));
        }
    }

    @Test
    void racingProjectsForOneWabaGiveOneOwner() throws Exception {
        List<String> projects = projects("race-waba");
        for (int round = 0; round < ROUNDS; round++) {
            String wabaId = uniqueMetaId();
            assertOneCreatedRestConflict(race(i -> asAdmin("{\"waba_id\":\"" + wabaId + "\"}")
                    .when().post(project(projects.get(i)) + "/wabas")));
        }
    }

    @Test
    void racingPhoneNumbersOfOneWabaGiveOneWabaOwner() throws Exception {
        List<String> projects = projects("race-phonewaba");
        for (int round = 0; round < ROUNDS; round++) {
            String wabaId = uniqueMetaId();
            assertOneCreatedRestConflict(race(i -> asAdmin("{\"phone_number_id\":\"" + uniqueMetaId()
                    + "\",\"waba_id\":\"" + wabaId + "\"}")
                    .when().post(project(projects.get(i)) + "/phone-numbers")));
        }
    }
}
