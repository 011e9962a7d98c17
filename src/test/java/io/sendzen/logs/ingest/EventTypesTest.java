package io.sendzen.logs.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.List;
import java.util.function.UnaryOperator;

import static io.sendzen.logs.support.Meta.CUSTOMER;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of event Meta documents lands as one entry of the right type, with its columns extracted. */
@QuarkusTest
class EventTypesTest {

    private static final String WABA = "102290129340398";

    private static String project;
    private static String phone;

    @Inject
    LogTable table;

    private static String phone() {
        if (phone == null) {
            project = Admin.createProject();
            phone = Admin.addPhoneNumber(project);
        }
        return phone;
    }

    private LogTable.Row onlyRowFor(String messageId) {
        List<LogTable.Row> rows = table.byMessageId(messageId);
        assertEquals(1, rows.size(), "entries for " + messageId);
        return rows.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("io.sendzen.logs.support.Meta#STATUSES")
    void statusIsStoredAsMessageStatusWithItsState(String status) {
        String wamid = Meta.wamid();
        String body = Meta.statuses(WABA, phone(), Meta.documentedStatus(wamid, status, CUSTOMER));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        LogTable.Row row = onlyRowFor(wamid);
        assertEquals("Message Status", row.eventType());
        assertEquals(status, row.waStatus());
        assertEquals(CUSTOMER, row.waId());
        assertEquals(phone(), row.phoneNumberId());
        assertEquals(project, row.projectId());
        assertNull(row.errorCode());
        assertEquals(body, row.payload());
    }

    @Test
    void failedStatusKeepsItsErrorCode() {
        String wamid = Meta.wamid();
        Meta.post(Meta.statuses(WABA, phone(), Meta.documentedStatus(wamid, "failed", CUSTOMER))).statusCode(200);
        LogTable.Row row = onlyRowFor(wamid);
        assertEquals("failed", row.waStatus());
        assertEquals(131047, row.errorCode());
    }

    @Test
    void failedStatusIsFoundThroughTheErrorCodeFilter() {
        String wamid = Meta.wamid();
        Meta.post(Meta.statuses(WABA, phone(), Meta.documentedStatus(wamid, "failed", CUSTOMER))).statusCode(200);
        JsonPath page = LogsApi.projectLogs(project, "?errorCode=131047&messageId=" + wamid + "&status=failed");
        assertEquals(1, page.getList("data.logs").size());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("io.sendzen.logs.support.Meta#MESSAGE_TYPES")
    void incomingMessageIsStoredAsIncomingMessageFromItsSender(String type) {
        String wamid = Meta.wamid();
        String body = Meta.incoming(WABA, phone(), Meta.message(type, wamid, CUSTOMER), CUSTOMER);
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        LogTable.Row row = onlyRowFor(wamid);
        assertEquals("Incoming Message", row.eventType());
        assertEquals(CUSTOMER, row.waId());
        assertNull(row.waStatus());
        assertNull(row.errorCode());
        assertEquals(project, row.projectId());
        assertEquals(body, row.payload());
    }

    @Test
    void unsupportedMessageKeepsItsErrorCode() {
        String wamid = Meta.wamid();
        Meta.post(Meta.incoming(WABA, phone(), Meta.message("unsupported", wamid, CUSTOMER), CUSTOMER))
                .statusCode(200);
        LogTable.Row row = onlyRowFor(wamid);
        assertEquals("Incoming Message", row.eventType());
        assertEquals(131051, row.errorCode());
    }

    @Test
    void templateStatusUpdateIsOtherForItsWaba() {
        assertWabaLevelEventIsOther("message_template_status_update", Meta.templateStatusUpdate());
    }

    @Test
    void templateQualityUpdateIsOtherForItsWaba() {
        assertWabaLevelEventIsOther("message_template_quality_update", Meta.templateQualityUpdate());
    }

    @Test
    void accountUpdateIsOtherForItsWaba() {
        assertWabaLevelEventIsOther("account_update", Meta.accountUpdate());
    }

    @Test
    void phoneNumberQualityUpdateIsOtherForItsWaba() {
        assertWabaLevelEventIsOther("phone_number_quality_update", Meta.phoneNumberQualityUpdate());
    }

    @Test
    void unknownFieldIsOther() {
        assertWabaLevelEventIsOther("brand_new_field", "{\"anything\":[1,2,3],\"nested\":{\"ok\":true}}");
    }

    private void assertWabaLevelEventIsOther(String field, String value) {
        String owner = Admin.createProject();
        String waba = Admin.addWaba(owner);
        String body = Meta.wabaLevel(waba, field, value);
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        List<LogTable.Row> rows = table.byWaba(waba);
        assertEquals(1, rows.size());
        LogTable.Row row = rows.get(0);
        assertEquals("Other", row.eventType());
        assertEquals("-", row.phoneNumberId());
        assertEquals(owner, row.projectId());
        assertEquals(body, row.payload());
        assertNull(row.messageId());
    }

    @Test
    void userPreferencesAreOtherForTheirPhoneNumber() {
        assertPhoneLevelEventIsOther("user_preferences", Meta::userPreferences);
    }

    @Test
    void callsAreOtherForTheirPhoneNumber() {
        assertPhoneLevelEventIsOther("calls", Meta::calls);
    }

    private void assertPhoneLevelEventIsOther(String field, UnaryOperator<String> value) {
        String owner = Admin.createProject();
        String ownPhone = Admin.addPhoneNumber(owner);
        String body = Meta.envelope(WABA, Meta.change(field, value.apply(ownPhone)));
        Meta.post(body).statusCode(200).body("data.stored", equalTo(1));
        List<LogTable.Row> rows = table.byPhoneNumber(ownPhone);
        assertEquals(1, rows.size());
        assertEquals("Other", rows.get(0).eventType());
        assertEquals(owner, rows.get(0).projectId());
        assertEquals(body, rows.get(0).payload());
    }

    @Test
    void valueLevelErrorsAreOtherWithTheirErrorCode() {
        String owner = Admin.createProject();
        String ownPhone = Admin.addPhoneNumber(owner);
        Meta.post(Meta.envelope(WABA, Meta.change("messages", Meta.valueErrors(ownPhone, 131000))))
                .statusCode(200);
        List<LogTable.Row> rows = table.byPhoneNumber(ownPhone);
        assertEquals(1, rows.size());
        assertEquals("Other", rows.get(0).eventType());
        assertEquals(131000, rows.get(0).errorCode());
    }

    @Test
    void createdAtIsTheTimeOfReceiptInTicks() {
        String wamid = Meta.wamid();
        long before = Ticks.now();
        Meta.post(Meta.statuses(WABA, phone(), Meta.documentedStatus(wamid, "read", CUSTOMER))).statusCode(200);
        long after = Ticks.now();
        long createdAt = onlyRowFor(wamid).createdAt();
        assertTrue(createdAt >= before && createdAt <= after,
                "created_at " + createdAt + " should lie between " + before + " and " + after);
    }
}
