package io.sendzen.logs.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.sendzen.logs.support.Meta.CUSTOMER;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each event goes to the project that owns its phone number, else its WABA; nobody's events stay with the admins. */
@QuarkusTest
class RoutingTest {

    @Inject
    LogTable table;

    /** A phone number id that no project has registered. */
    private static String unknownPhone() {
        return "9" + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000_000_000L);
    }

    private static String unknownWaba() {
        return "8" + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000_000_000L);
    }

    @Test
    void eventIsRoutedToTheOwnerOfItsPhoneNumber() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String body = Meta.singleStatus(phone, Meta.wamid(), "delivered");
        Meta.post(body).statusCode(200);
        JsonPath page = LogsApi.projectLogs(project, "");
        assertEquals(List.of(body), page.getList("data.logs.payload"));
        assertEquals(project, page.getString("data.logs[0].project_id"));
        assertEquals(project, table.byPhoneNumber(phone).get(0).projectId());
    }

    @Test
    void wabaLevelEventIsRoutedToTheOwnerOfTheWaba() {
        String project = Admin.createProject();
        String waba = Admin.addWaba(project);
        String body = Meta.wabaLevel(waba, "message_template_status_update", Meta.templateStatusUpdate());
        Meta.post(body).statusCode(200);
        JsonPath page = LogsApi.projectLogs(project, "");
        assertEquals(List.of(body), page.getList("data.logs.payload"));
        assertEquals("-", page.getString("data.logs[0].phone_number_id"));
        assertEquals("Other", page.getString("data.logs[0].event_type"));
    }

    @Test
    void eventOfAnUnknownPhoneNumberIsRoutedToTheOwnerOfTheWaba() {
        String project = Admin.createProject();
        String waba = Admin.addWaba(project);
        String phone = unknownPhone();
        String body = Meta.statuses(waba, phone, Meta.documentedStatus(Meta.wamid(), "sent", CUSTOMER));
        Meta.post(body).statusCode(200);
        JsonPath page = LogsApi.projectLogs(project, "");
        assertEquals(List.of(body), page.getList("data.logs.payload"));
        assertEquals(phone, page.getString("data.logs[0].phone_number_id"));
    }

    @Test
    void ownerOfThePhoneNumberWinsOverOwnerOfTheWaba() {
        String phoneOwner = Admin.createProject();
        String phone = Admin.addPhoneNumber(phoneOwner);
        String wabaOwner = Admin.createProject();
        String waba = Admin.addWaba(wabaOwner);
        Meta.post(Meta.statuses(waba, phone, Meta.documentedStatus(Meta.wamid(), "read", CUSTOMER))).statusCode(200);
        assertEquals(1, LogsApi.projectLogs(phoneOwner, "").getList("data.logs").size());
        assertEquals(0, LogsApi.projectLogs(wabaOwner, "").getList("data.logs").size());
    }

    @Test
    void eventNobodyOwnsIsStoredUnroutedForAdmins() {
        String phone = unknownPhone();
        String body = Meta.statuses(unknownWaba(), phone, Meta.documentedStatus(Meta.wamid(), "sent", CUSTOMER));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        assertEquals("", table.byPhoneNumber(phone).get(0).projectId());
        JsonPath page = LogsApi.unrouted("?phoneNumberId=" + phone);
        assertEquals(List.of(body), page.getList("data.logs.payload"));
        assertEquals("-", page.getString("data.logs[0].project_id"));
    }

    @Test
    void wabaLevelEventNobodyOwnsIsStoredUnroutedForAdmins() {
        String waba = unknownWaba();
        String body = Meta.wabaLevel(waba, "account_update", Meta.accountUpdate());
        Meta.post(body).statusCode(200);
        List<LogTable.Row> rows = table.byWaba(waba);
        assertEquals(1, rows.size());
        assertEquals("", rows.get(0).projectId());
        assertEquals(List.of(body), LogsApi.unrouted("?phoneNumberId=-&order=desc").getList("data.logs.payload")
                .stream().filter(body::equals).toList());
    }

    @Test
    void eventIsNeverVisibleToAnotherProject() {
        String owner = Admin.createProject();
        String phone = Admin.addPhoneNumber(owner);
        String stranger = Admin.createProject();
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "sent")).statusCode(200);
        assertEquals(1, LogsApi.projectLogs(owner, "?phoneNumberId=" + phone).getList("data.logs").size());
        assertEquals(0, LogsApi.projectLogs(stranger, "?phoneNumberId=" + phone).getList("data.logs").size());
        assertEquals(0, LogsApi.projectLogs(stranger, "").getList("data.logs").size());
    }

    @Test
    void unroutedEventIsNeverVisibleToAProject() {
        String phone = unknownPhone();
        String project = Admin.createProject();
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "sent")).statusCode(200);
        assertEquals(1, LogsApi.unrouted("?phoneNumberId=" + phone).getList("data.logs").size());
        assertEquals(0, LogsApi.projectLogs(project, "?phoneNumberId=" + phone).getList("data.logs").size());
    }

    @Test
    void eachEventOfABatchGoesToItsOwnProject() {
        String first = Admin.createProject();
        String firstPhone = Admin.addPhoneNumber(first);
        String second = Admin.createProject();
        String secondPhone = Admin.addPhoneNumber(second);
        String nobodysPhone = unknownPhone();
        String body = Meta.envelope(unknownWaba(),
                Meta.messagesChange(firstPhone, "\"statuses\":[" + Meta.documentedStatus(Meta.wamid(), "sent", CUSTOMER) + "]"),
                Meta.messagesChange(secondPhone, "\"statuses\":[" + Meta.documentedStatus(Meta.wamid(), "sent", CUSTOMER) + "]"),
                Meta.messagesChange(nobodysPhone, "\"statuses\":[" + Meta.documentedStatus(Meta.wamid(), "sent", CUSTOMER) + "]"));
        Meta.post(body).statusCode(200);
        assertEquals(List.of(firstPhone), LogsApi.projectLogs(first, "").getList("data.logs.phone_number_id"));
        assertEquals(List.of(secondPhone), LogsApi.projectLogs(second, "").getList("data.logs.phone_number_id"));
        assertEquals(1, LogsApi.unrouted("?phoneNumberId=" + nobodysPhone).getList("data.logs").size());
    }
}
