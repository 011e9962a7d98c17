package io.sendzen.logs.flyout;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.flyout.Entries.Entry;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class FanOutTest extends ReceiverFixture {

    private String incomingMessage() {
        return Meta.envelope("9001", Meta.messagesChange(phone, "\"contacts\":[" + Meta.contact("16505551234", "Ana")
                + "],\"messages\":[" + Meta.textMessage(Meta.wamid(), "16505551234", "hola") + "]"));
    }

    private static Set<String> urls(List<Entry> entries) {
        return entries.stream().map(Entry::flyoutUrl).collect(Collectors.toSet());
    }

    @Test
    void statusGoesToEveryEnabledEndpointThatTakesStatuses() {
        String all = Admin.addWebhook(project, receiver.url("all")).url();
        String statuses = Admin.addWebhookFor(project, receiver.url("statuses"), "Message Status").url();
        Admin.addWebhookFor(project, receiver.url("messages"), "Incoming Message");
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        List<Entry> entries = Entries.of(project);
        assertEquals(2, entries.size());
        assertEquals(Set.of(all, statuses), urls(entries));
    }

    @Test
    void incomingMessageGoesToEveryEnabledEndpointThatTakesMessages() {
        String all = Admin.addWebhook(project, receiver.url("all")).url();
        Admin.addWebhookFor(project, receiver.url("statuses"), "Message Status");
        String messages = Admin.addWebhookFor(project, receiver.url("messages"), "Incoming Message").url();
        Meta.post(incomingMessage()).statusCode(200);
        List<Entry> entries = Entries.of(project);
        assertEquals(2, entries.size());
        assertEquals(Set.of(all, messages), urls(entries));
    }

    @Test
    void fannedOutEntriesShareThePayloadAndStartPending() {
        Admin.addWebhook(project, receiver.url("first", Receiver.Answer.never()));
        Admin.addWebhook(project, receiver.url("second", Receiver.Answer.never()));
        String body = Meta.singleStatus(phone, Meta.wamid(), "read");
        Meta.post(body).statusCode(200);
        List<Entry> entries = Entries.of(project);
        assertEquals(2, entries.size());
        for (Entry entry : entries) {
            assertEquals(body, entry.payload());
            assertEquals("pending", entry.status());
        }
    }

    @Test
    void eachFannedOutEntryIsSentToItsOwnEndpoint() {
        Admin.addWebhook(project, receiver.url("first"));
        Admin.addWebhook(project, receiver.url("second"));
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "sent")).statusCode(200);
        List<Entry> entries = await().atMost(Entries.PATIENCE).until(() -> Entries.of(project),
                list -> list.stream().allMatch(e -> e.status().equals("success")));
        assertEquals(List.of("success", "success"), entries.stream().map(Entry::status).toList());
        assertEquals(1, receiver.requests("first").size());
        assertEquals(1, receiver.requests("second").size());
        Set<String> ids = receiver.requests().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
        assertEquals(entries.stream().map(Entry::logId).collect(Collectors.toSet()), ids);
    }

    @Test
    void disabledEndpointIsSkipped() {
        String enabled = Admin.addWebhook(project, receiver.url("enabled")).url();
        Admin.addDisabledWebhook(project, receiver.url("disabled"));
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        List<Entry> entries = Entries.of(project);
        assertEquals(1, entries.size());
        assertEquals(enabled, entries.get(0).flyoutUrl());
        Entries.awaitStatus(project, "success");
        assertTrue(receiver.requests("disabled").isEmpty());
    }

    @Test
    void withoutEndpointsTheEventIsStoredOnceWithPlaceholders() {
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        Entry entry = Entries.only(project);
        assertEquals(new Entry(entry.logId(), entry.payload(), "-", "-", "-", 0), entry);
        assertEquals(0, Attempts.count(dataSource, "select count(*) from flyout_job where project_id = ?", project));
    }

    @Test
    void whenNoEndpointTakesTheEventTypeItIsStoredOnceWithPlaceholders() {
        Admin.addWebhookFor(project, receiver.url("messages"), "Incoming Message");
        Admin.addDisabledWebhook(project, receiver.url("disabled"));
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        Entry entry = Entries.only(project);
        assertEquals(new Entry(entry.logId(), entry.payload(), "-", "-", "-", 0), entry);
        assertEquals(0, Attempts.count(dataSource, "select count(*) from flyout_job where project_id = ?", project));
    }

    @Test
    void urlFilterSelectsEntriesByFlyoutUrl() {
        String first = Admin.addWebhook(project, receiver.url("first")).url();
        String second = Admin.addWebhook(project, receiver.url("second")).url();
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "sent")).statusCode(200);
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        assertEquals(4, Entries.of(project).size());
        List<Entry> selected = Entries.of(project, Map.of("url", first));
        assertEquals(2, selected.size());
        assertEquals(Set.of(first), urls(selected));
        assertEquals(Set.of(second), urls(Entries.of(project, Map.of("url", second))));
    }

    @Test
    void urlFilterSelectsPlaceholderEntriesByDash() {
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "sent")).statusCode(200);
        assertEquals(1, Entries.of(project, Map.of("url", "-")).size());
        assertEquals(0, Entries.of(project, Map.of("url", receiver.url("none"))).size());
    }
}
