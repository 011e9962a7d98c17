package io.sendzen.logs.logs;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static io.sendzen.logs.logs.LogsApi.reader;
import static io.sendzen.logs.logs.LogsApi.walk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Each filter alone and in combination, against a small data set whose expected answers are computed here: the
 * same entries are also stored for a second project, which must never show up.
 */
@QuarkusTest
class LogsFilterTest {

    private static final String PHONE_A = "106540352242922";
    private static final String PHONE_B = "106540352242933";
    private static final String URL_A = "https://a.example.com/hook";
    private static final String URL_B = "https://b.example.com/hook?k=v&x=1";
    private static final String[] STATUSES = {"sent", "delivered", "read", "failed", "played", "deleted"};
    private static final int COUNT = 48;

    @Inject
    AgroalDataSource dataSource;

    private record Model(long logId, long createdAt, String phone, int type, String status, String messageId,
                         String waId, Integer errorCode, String url, String flyoutStatus, int responseCode) {
    }

    private static String project;
    private static List<Model> models;

    @BeforeEach
    void storeOnce() {
        if (project == null) {
            project = Admin.createProject();
            models = storeDataSet(project);
            storeDataSet(Admin.createProject());
        }
    }

    private List<Model> storeDataSet(String projectId) {
        long base = LogRows.minutesAgo(120);
        List<LogRows.Entry> entries = new ArrayList<>();
        List<Model> planned = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            long createdAt = base + (i / 2) * 1_000L;
            String phone = i % 5 < 3 ? PHONE_A : PHONE_B;
            int type = i % 3 == 0 ? LogRows.INCOMING_MESSAGE : i % 3 == 1 ? LogRows.MESSAGE_STATUS : LogRows.OTHER;
            String status = type == LogRows.MESSAGE_STATUS ? STATUSES[(i / 3) % STATUSES.length] : null;
            String messageId = type == LogRows.OTHER ? null : "wamid.M" + i;
            String waId = type == LogRows.OTHER ? null : "1555000000" + (i % 4);
            Integer errorCode = "failed".equals(status) ? (i / 18 % 2 == 0 ? 131047 : 131026) : null;
            String url;
            String flyoutStatus;
            String response;
            int code;
            switch (i % 4) {
                case 1 -> {
                    url = URL_A;
                    flyoutStatus = "success";
                    response = "200 OK";
                    code = 200;
                }
                case 2 -> {
                    url = URL_B;
                    flyoutStatus = "failed";
                    response = "500 Internal Server Error";
                    code = 500;
                }
                case 3 -> {
                    url = URL_A;
                    flyoutStatus = "pending";
                    response = "-";
                    code = 0;
                }
                default -> {
                    url = "-";
                    flyoutStatus = "-";
                    response = "-";
                    code = 0;
                }
            }
            entries.add(LogRows.entry(projectId, createdAt).phone(phone).type(type).status(status).messageId(messageId)
                    .waId(waId).errorCode(errorCode).forwarded(url, flyoutStatus, response, code));
            planned.add(new Model(0, createdAt, phone, type, status, messageId, waId, errorCode, url, flyoutStatus, code));
        }
        List<Long> ids = new LogRows(dataSource).insert(entries);
        List<Model> stored = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            Model m = planned.get(i);
            stored.add(new Model(ids.get(i), m.createdAt, m.phone, m.type, m.status, m.messageId, m.waId, m.errorCode,
                    m.url, m.flyoutStatus, m.responseCode));
        }
        return stored;
    }

    private List<Long> expected(Predicate<Model> selected, boolean descending) {
        Comparator<Model> order = Comparator.comparingLong(Model::createdAt).thenComparingLong(Model::logId);
        return models.stream().filter(selected).sorted(descending ? order.reversed() : order).map(Model::logId).toList();
    }

    /** Walks {@code query} in pages of 5 and compares with the entries {@code selected} picks, in order. */
    private void assertSelects(String query, Predicate<Model> selected) {
        boolean descending = query.contains("order=desc");
        List<Long> expected = expected(selected, descending);
        assertFalse(expected.isEmpty(), "the data set has no entry for " + query);
        assertEquals(expected, walk(reader(project), query, 5), query);
    }

    @Test
    void noFilterSelectsEveryEntryOfTheProject() {
        assertSelects("", m -> true);
    }

    @Test
    void oneEventTypeSelectsThatType() {
        assertSelects("eventTypes=Incoming%20Message", m -> m.type == LogRows.INCOMING_MESSAGE);
        assertSelects("eventTypes=Message%20Status", m -> m.type == LogRows.MESSAGE_STATUS);
        assertSelects("eventTypes=Other", m -> m.type == LogRows.OTHER);
    }

    @Test
    void commaSeparatedEventTypesWithBlanksSelectEach() {
        assertSelects("eventTypes=Incoming%20Message%20,%20Other", m -> m.type != LogRows.MESSAGE_STATUS);
        assertSelects("eventTypes=%20Message%20Status,Incoming%20Message%20", m -> m.type != LogRows.OTHER);
    }

    @Test
    void percentEncodedCommaSeparatesEventTypesAsACommaDoes() {
        assertSelects("eventTypes=Incoming%20Message%2COther", m -> m.type != LogRows.MESSAGE_STATUS);
        assertSelects("eventTypes=Message%20Status%2cOther", m -> m.type != LogRows.INCOMING_MESSAGE);
    }

    @Test
    void repeatedEventTypesParameterSelectsEach() {
        assertSelects("eventTypes=Other&eventTypes=Message%20Status", m -> m.type != LogRows.INCOMING_MESSAGE);
    }

    @Test
    void eventTypesMatchCaseInsensitively() {
        assertSelects("eventTypes=mEsSaGe%20sTaTuS", m -> m.type == LogRows.MESSAGE_STATUS);
        assertSelects("eventTypes=INCOMING%20MESSAGE,other", m -> m.type != LogRows.MESSAGE_STATUS);
    }

    @Test
    void formEncodedSpaceInEventTypeIsAccepted() {
        assertSelects("eventTypes=Message+Status", m -> m.type == LogRows.MESSAGE_STATUS);
    }

    @Test
    void allThreeEventTypesSelectEverything() {
        assertSelects("eventTypes=Incoming%20Message,Message%20Status,Other", m -> true);
    }

    @Test
    void fromDateIsInclusive() {
        long from = models.get(20).createdAt;
        assertSelects("fromDate=" + from, m -> m.createdAt >= from);
    }

    @Test
    void toDateIsInclusive() {
        long to = models.get(21).createdAt;
        assertSelects("toDate=" + to, m -> m.createdAt <= to);
    }

    @Test
    void fromDateEqualToToDateSelectsThatInstant() {
        long at = models.get(10).createdAt;
        assertSelects("fromDate=" + at + "&toDate=" + at, m -> m.createdAt == at);
    }

    @Test
    void phoneNumberIdSelectsExactlyThatNumber() {
        assertSelects("phoneNumberId=" + PHONE_B, m -> m.phone.equals(PHONE_B));
        assertEquals(List.of(), walk(reader(project), "phoneNumberId=" + PHONE_B.substring(0, 10), 20));
    }

    @Test
    void urlSelectsEntriesForwardedToThatUrl() {
        assertSelects("url=https%3A%2F%2Fb.example.com%2Fhook%3Fk%3Dv%26x%3D1", m -> m.url.equals(URL_B));
        assertSelects("url=" + URL_A, m -> m.url.equals(URL_A));
    }

    @Test
    void urlDashSelectsEntriesNotForwarded() {
        assertSelects("url=-", m -> m.url.equals("-"));
    }

    @Test
    void oneStatusSelectsThatStatus() {
        assertSelects("status=read", m -> "read".equals(m.status));
    }

    @Test
    void commaSeparatedStatusesSelectEach() {
        assertSelects("status=sent,%20failed%20,deleted",
                m -> m.status != null && Set.of("sent", "failed", "deleted").contains(m.status));
    }

    @Test
    void messageIdSelectsThatMessage() {
        assertSelects("messageId=wamid.M7", m -> "wamid.M7".equals(m.messageId));
    }

    @Test
    void waIdSelectsThatCustomer() {
        assertSelects("waId=15550000002", m -> "15550000002".equals(m.waId));
    }

    @Test
    void errorCodeSelectsEntriesWithThatCode() {
        assertSelects("errorCode=131047", m -> Integer.valueOf(131047).equals(m.errorCode));
    }

    @Test
    void flyoutStatusSelectsEachDeliveryState() {
        for (String state : new String[]{"-", "pending", "success", "failed"}) {
            assertSelects("flyoutStatus=" + state, m -> m.flyoutStatus.equals(state));
        }
    }

    @Test
    void responseCodeSelectsEntriesAnsweredWithThatCode() {
        assertSelects("responseCode=500", m -> m.responseCode == 500);
        assertSelects("responseCode=0", m -> m.responseCode == 0);
    }

    @Test
    void orderDescReversesTheOrder() {
        assertSelects("order=desc", m -> true);
    }

    @Test
    void orderAscIsTheDefault() {
        assertEquals(walk(reader(project), "", 20), walk(reader(project), "order=asc", 20));
    }

    @Test
    void eventTypesStatusesPhoneAndDatesCombine() {
        long from = models.get(4).createdAt;
        long to = models.get(40).createdAt;
        Set<String> statuses = Set.of("delivered", "failed", "read");
        Predicate<Model> selected = m -> m.type != LogRows.OTHER && m.status != null && statuses.contains(m.status)
                && m.phone.equals(PHONE_A) && m.createdAt >= from && m.createdAt <= to;
        String query = "eventTypes=Message%20Status,Incoming%20Message&status=delivered,failed,read&phoneNumberId="
                + PHONE_A + "&fromDate=" + from + "&toDate=" + to;
        assertSelects(query, selected);
        assertSelects(query + "&order=desc", selected);
    }

    @Test
    void forwardingFiltersCombine() {
        assertSelects("url=" + URL_A + "&flyoutStatus=success&responseCode=200",
                m -> m.url.equals(URL_A) && m.flyoutStatus.equals("success"));
        assertSelects("url=-&eventTypes=Other&order=desc", m -> m.url.equals("-") && m.type == LogRows.OTHER);
    }

    @Test
    void customerAndMessageFiltersCombine() {
        assertSelects("waId=15550000001&eventTypes=Incoming%20Message,Message%20Status&order=desc",
                m -> "15550000001".equals(m.waId));
        assertSelects("status=failed&errorCode=131026&phoneNumberId=" + PHONE_B,
                m -> "failed".equals(m.status) && Integer.valueOf(131026).equals(m.errorCode) && m.phone.equals(PHONE_B));
        String wamid = models.get(13).messageId;
        assertSelects("messageId=" + wamid + "&waId=" + models.get(13).waId + "&eventTypes=Message%20Status",
                m -> wamid.equals(m.messageId));
    }

    @Test
    void filtersThatMatchNothingGiveAnEmptyPage() {
        assertEquals(List.of(), walk(reader(project), "eventTypes=Other&status=read", 20));
        assertEquals(List.of(), walk(reader(project), "messageId=wamid.none", 20));
        assertEquals(List.of(), walk(reader(project), "flyoutStatus=success&responseCode=500", 20));
    }
}
