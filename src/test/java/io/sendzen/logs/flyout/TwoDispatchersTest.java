package io.sendzen.logs.flyout;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.projects.WebhookService;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.store.LatencyRollups;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two instances of the service against one database: the service's own dispatcher and a second one built here. */
@QuarkusTest
class TwoDispatchersTest {

    private static final int ENDPOINTS = 4;
    private static final int EVENTS = 250;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    FlyoutStore store;
    @Inject
    Vertx vertx;
    @Inject
    SendzenConfig config;
    @Inject
    LatencyRollups latencies;
    @Inject
    WebhookService webhooks;

    private Receiver receiver;
    private SimpleMeterRegistry secondRegistry;
    private WebhookClient secondClient;
    private FlyoutDispatcher second;

    @BeforeEach
    void startSecondInstance() {
        receiver = Receiver.start();
        secondRegistry = new SimpleMeterRegistry();
        secondClient = new WebhookClient(vertx, config, java.net.InetAddress::getAllByName);
        second = new FlyoutDispatcher(store, new FlyoutMetrics(secondRegistry), latencies,
                new EndpointHealth(webhooks, secondRegistry), secondClient, config);
        second.start(null);
    }

    @AfterEach
    void stopSecondInstance() throws InterruptedException {
        second.stop(null);
        secondClient.close();
        receiver.close();
    }

    @Test
    void twoDispatchersDeliverAThousandEntriesWithNoAttemptMadeTwice() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        for (int i = 0; i < ENDPOINTS; i++) {
            Admin.addWebhook(project, receiver.url("hook" + i));
        }
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            statuses.add(Meta.status(Meta.wamid(), "delivered", "16505551234"));
        }
        Meta.post(Meta.envelope("9001", Meta.messagesChange(phone, "\"statuses\":[" + String.join(",", statuses) + "]")))
                .statusCode(200);
        int entries = ENDPOINTS * EVENTS;
        long done = await().atMost(Duration.ofSeconds(120)).until(() -> Attempts.count(dataSource,
                        "select count(*) from log_entry where project_id = ? and flyout_status = 'success'", project),
                n -> n == entries);
        assertEquals(entries, done);

        // a retry left over by an earlier test may reach this receiver if it got that test's port: count ours only
        Set<String> ours = logIds(project);
        Map<String, Integer> received = receiver.webhookIdCounts().entrySet().stream()
                .filter(e -> ours.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(entries, ours.size());
        assertEquals(entries, received.size());
        assertEquals(Map.of(), received.entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "webhook-ids received more than once");
        // a failed connection on a loaded machine is retried (a new attempt); what must never happen is one attempt
        // made twice, or a second successful send
        assertEquals(entries, Attempts.count(dataSource,
                "select count(*) from flyout_attempt where project_id = ? and outcome = 'success'", project));
        assertEquals(0, Attempts.count(dataSource, "select count(*) from (select log_id, attempt from flyout_attempt"
                + " where project_id = ? group by log_id, attempt having count(*) > 1) twice", project));
        assertEquals(entries, Attempts.count(dataSource,
                "select count(distinct log_id) from flyout_attempt where project_id = ?", project));
        assertEquals(0, Attempts.count(dataSource, "select count(*) from flyout_job where project_id = ?", project));

        double bySecond = secondRegistry.find("sendzen.flyout.attempts").counters().stream()
                .mapToDouble(Counter::count).sum();
        assertTrue(bySecond > 0 && bySecond < entries, "the second dispatcher made " + bySecond + " attempts");
    }

    private Set<String> logIds(String project) {
        Set<String> ids = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select log_id from log_entry where project_id = ?")) {
            s.setString(1, project);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    ids.add(Long.toString(rows.getLong(1)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }
}
