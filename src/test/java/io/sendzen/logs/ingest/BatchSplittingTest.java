package io.sendzen.logs.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.sendzen.logs.support.Meta.CUSTOMER;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One POST can hold many entries, changes and events: each event becomes one entry, none is lost or doubled. */
@QuarkusTest
class BatchSplittingTest {

    @Inject
    LogTable table;

    private static String envelopeOf(String wabaId, String change) {
        return Meta.envelope(wabaId, change);
    }

    @Test
    void everyEntryOfABatchIsStored() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String s1 = Meta.documentedStatus(Meta.wamid(), "sent", CUSTOMER);
        String s2 = Meta.documentedStatus(Meta.wamid(), "delivered", CUSTOMER);
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":["
                + "{\"id\":\"1001\",\"changes\":[" + Meta.messagesChange(phone, "\"statuses\":[" + s1 + "]") + "]},"
                + "{\"id\":\"1002\",\"changes\":[" + Meta.messagesChange(phone, "\"statuses\":[" + s2 + "]") + "]}]}";
        Meta.post(body).statusCode(200).body("data.events", equalTo(2)).body("data.stored", equalTo(2));
        List<LogTable.Row> rows = table.byPhoneNumber(phone);
        assertEquals(List.of("1001", "1002"), rows.stream().map(LogTable.Row::wabaId).toList());
        assertEquals(envelopeOf("1001", Meta.messagesChange(phone, "\"statuses\":[" + s1 + "]")), rows.get(0).payload());
        assertEquals(envelopeOf("1002", Meta.messagesChange(phone, "\"statuses\":[" + s2 + "]")), rows.get(1).payload());
    }

    @Test
    void everyChangeOfAnEntryIsStored() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String status = Meta.documentedStatus(Meta.wamid(), "read", CUSTOMER);
        String preferences = Meta.change("user_preferences", Meta.userPreferences(phone));
        String calls = Meta.change("calls", Meta.calls(phone));
        String statusChange = Meta.messagesChange(phone, "\"statuses\":[" + status + "]");
        String body = Meta.envelope("1003", statusChange, preferences, calls);
        Meta.post(body).statusCode(200).body("data.stored", equalTo(3));
        List<LogTable.Row> rows = table.byPhoneNumber(phone);
        assertEquals(List.of("Message Status", "Other", "Other"), rows.stream().map(LogTable.Row::eventType).toList());
        assertEquals(List.of(Meta.envelope("1003", statusChange), Meta.envelope("1003", preferences),
                Meta.envelope("1003", calls)), rows.stream().map(LogTable.Row::payload).toList());
    }

    @Test
    void statusesOfSeveralPhoneNumbersInOneBodyEachKeepTheirPhoneNumber() {
        String project = Admin.createProject();
        String first = Admin.addPhoneNumber(project);
        String second = Admin.addPhoneNumber(project);
        String a = Meta.wamid();
        String b = Meta.wamid();
        String body = Meta.envelope("1004",
                Meta.messagesChange(first, "\"statuses\":[" + Meta.documentedStatus(a, "sent", CUSTOMER) + "]"),
                Meta.messagesChange(second, "\"statuses\":[" + Meta.documentedStatus(b, "sent", CUSTOMER) + "]"));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(2));
        assertEquals(first, table.byMessageId(a).get(0).phoneNumberId());
        assertEquals(second, table.byMessageId(b).get(0).phoneNumberId());
    }

    @Test
    void changeWithMessagesAndStatusesYieldsAnEntryForEach() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String status = Meta.documentedStatus(Meta.wamid(), "delivered", CUSTOMER);
        String message = Meta.textMessage(Meta.wamid(), CUSTOMER, "both at once");
        String contacts = "\"contacts\":[" + Meta.contact(CUSTOMER, "Kerry") + "]";
        String body = Meta.envelope("1005", Meta.messagesChange(phone,
                contacts + ",\"messages\":[" + message + "],\"statuses\":[" + status + "]"));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(2));
        List<LogTable.Row> rows = table.byPhoneNumber(phone);
        assertEquals(2, rows.size());
        LogTable.Row statusRow = rows.stream().filter(r -> r.eventType().equals("Message Status")).findFirst().orElseThrow();
        LogTable.Row messageRow = rows.stream().filter(r -> r.eventType().equals("Incoming Message")).findFirst().orElseThrow();
        assertEquals(Meta.envelope("1005", Meta.messagesChange(phone, "\"statuses\":[" + status + "]")), statusRow.payload());
        assertEquals(Meta.envelope("1005", Meta.messagesChange(phone, contacts + ",\"messages\":[" + message + "]")),
                messageRow.payload());
    }

    @Test
    void messageKeepsOnlyTheContactOfItsSender() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String ana = Meta.contact("34600000001", "Ana");
        String bo = Meta.contact("34600000002", "Bo");
        String fromAna = Meta.textMessage(Meta.wamid(), "34600000001", "hola");
        String fromBo = Meta.textMessage(Meta.wamid(), "34600000002", "hej");
        String body = Meta.envelope("1006", Meta.messagesChange(phone,
                "\"contacts\":[" + ana + "," + bo + "],\"messages\":[" + fromAna + "," + fromBo + "]"));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(2));
        List<LogTable.Row> rows = table.byPhoneNumber(phone);
        assertEquals(Meta.envelope("1006", Meta.messagesChange(phone,
                "\"contacts\":[" + ana + "],\"messages\":[" + fromAna + "]")), rows.get(0).payload());
        assertEquals(Meta.envelope("1006", Meta.messagesChange(phone,
                "\"contacts\":[" + bo + "],\"messages\":[" + fromBo + "]")), rows.get(1).payload());
        assertEquals(List.of("34600000001", "34600000002"), rows.stream().map(LogTable.Row::waId).toList());
    }

    @Test
    void messageWhoseSenderHasNoContactKeepsAllContacts() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String contacts = "\"contacts\":[" + Meta.contact("34600000001", "Ana") + ","
                + Meta.contact("34600000002", "Bo") + "]";
        String first = Meta.textMessage(Meta.wamid(), "34600000003", "who am I");
        String second = Meta.textMessage(Meta.wamid(), "34600000001", "hola");
        Meta.post(Meta.envelope("1007", Meta.messagesChange(phone,
                contacts + ",\"messages\":[" + first + "," + second + "]"))).statusCode(200);
        assertEquals(Meta.envelope("1007", Meta.messagesChange(phone, contacts + ",\"messages\":[" + first + "]")),
                table.byPhoneNumber(phone).get(0).payload());
    }

    @Test
    void duplicateEventInsideOneBodyIsStoredOnce() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String wamid = Meta.wamid();
        String status = Meta.documentedStatus(wamid, "read", CUSTOMER);
        Meta.post(Meta.statuses("1008", phone, status, status))
                .statusCode(200).body("data.events", equalTo(2)).body("data.stored", equalTo(1))
                .body("data.redelivered", equalTo(1));
        assertEquals(1, table.byMessageId(wamid).size());
    }

    @Test
    void batchOfAThousandStatusesIsStoredCompletely() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            statuses.add(Meta.documentedStatus(Meta.wamid(), i % 2 == 0 ? "sent" : "delivered", CUSTOMER));
        }
        Meta.post(Meta.statuses("1009", phone, statuses.toArray(String[]::new)))
                .statusCode(200).body("data.stored", equalTo(1000));
        List<LogTable.Row> rows = table.byPhoneNumber(phone);
        assertEquals(1000, rows.size());
        assertEquals(Meta.statuses("1009", phone, statuses.get(999)), rows.get(999).payload());
    }

    @Test
    void entryWithoutChangesIsStoredAsOther() {
        String project = Admin.createProject();
        String waba = Admin.addWaba(project);
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + waba + "\",\"time\":1704067200}]}";
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        List<LogTable.Row> rows = table.byWaba(waba);
        assertEquals(1, rows.size());
        assertEquals("Other", rows.get(0).eventType());
        assertEquals(project, rows.get(0).projectId());
    }
}
