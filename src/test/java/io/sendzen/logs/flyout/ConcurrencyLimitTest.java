package io.sendzen.logs.flyout;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.flyout.Receiver.Answer;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A slow or dead endpoint holds at most its own few slots, and delays no other endpoint. */
@QuarkusTest
class ConcurrencyLimitTest {

    private static final int LIMIT = 4;

    @Inject
    AgroalDataSource dataSource;

    private Receiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = Receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /** A project whose one endpoint is {@code url}, with {@code events} statuses stored for it. */
    private static String projectWithEvents(String url, int events) {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        Admin.addWebhook(project, url);
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            statuses.add(Meta.status(Meta.wamid(), "delivered", "16505551234"));
        }
        Meta.post(Meta.envelope("9001", Meta.messagesChange(phone, "\"statuses\":[" + String.join(",", statuses) + "]")))
                .statusCode(200);
        return project;
    }

    @Test
    void noMoreThanTheLimitIsInFlightToOneEndpoint() {
        projectWithEvents(receiver.url("dead", Answer.never()), 10);
        int inFlight = await().atMost(Entries.PATIENCE).until(() -> receiver.requests("dead").size(), n -> n >= LIMIT);
        assertEquals(LIMIT, inFlight);
        // and no more arrive while the first ones hang
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> receiver.requests("dead").size() == LIMIT);
        assertEquals(LIMIT, receiver.requests("dead").size());
    }

    @Test
    void deadEndpointDoesNotDelayAnotherOnTheSameHost() {
        String dead = projectWithEvents(receiver.url("dead", Answer.never()), 10);
        await().atMost(Entries.PATIENCE).until(() -> receiver.requests("dead").size(), n -> n >= LIMIT);
        String healthy = projectWithEvents(receiver.url("healthy"), 3);
        List<Entries.Entry> entries = await().atMost(Entries.PATIENCE).until(() -> Entries.of(healthy),
                list -> list.stream().allMatch(e -> e.status().equals("success")));
        assertEquals(List.of("success", "success", "success"), entries.stream().map(Entries.Entry::status).toList());
        // the dead endpoint's first attempts are all still waiting for their timeout
        assertEquals(0, Attempts.count(dataSource, "select count(*) from flyout_attempt where project_id = ?", dead));
    }
}
