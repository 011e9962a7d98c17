package io.sendzen.logs.store;

import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.store.EntryQuery.EntryKey;
import io.sendzen.logs.store.EntryQuery.Sql;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one builder of log-entry SQL, without a database: what each filter adds, in which order. */
class EntryQueryTest {

    private static final String SELECT = "select project_id, phone_number_id, event_type, payload, created_at, direction, "
            + "flyout_status, flyout_response, flyout_response_code, flyout_url, log_id, api_response_code from log_entry where ";

    private static EntryFilter none() {
        return new EntryFilter(List.of(), 0, null, null, null, List.of(), null, null, null, null, null);
    }

    private static EntryFilter typesAndStatuses(List<EventType> types, List<String> statuses) {
        return new EntryFilter(types, 5, null, null, null, statuses, null, null, null, null, null);
    }

    @Test
    void aPageWithoutFiltersIsOneOrderedLimitedRange() {
        Sql sql = EntryQuery.page("p1", none(), 99, null, false, 21);

        assertEquals(SELECT + "project_id = ? and created_at >= ? and created_at <= ? "
                + "order by created_at asc, log_id asc limit 21", sql.text());
        assertEquals(List.of("p1", 0L, 99L), sql.params());
    }

    @Test
    void everyScalarFilterIsAnEqualityInAFixedOrder() {
        EntryFilter filter = new EntryFilter(List.of(EventType.MESSAGE_STATUS), 1, 2L, "phone", "https://x", List.of(),
                "wamid.1", "155", 131047, "failed", 503, null, null, null, null, 1, "Black Friday", "Leads");

        Sql sql = EntryQuery.page("p1", filter, 2, null, false, 5);

        assertEquals(SELECT + "project_id = ? and created_at >= ? and created_at <= ? and event_type = ? "
                + "and phone_number_id = ? and flyout_url = ? and message_id = ? and wa_id = ? and error_code = ? "
                + "and flyout_status = ? and direction = ? and direction = 1 and flyout_response_code = ? "
                + "and tag_name = ? and tag_recipient_type = ? order by created_at asc, log_id asc limit 5", sql.text());
        assertEquals(List.of("p1", 1L, 2L, (short) 2, "phone", "https://x", "wamid.1", "155", 131047, "failed",
                (short) 1, 503, "Black Friday", "Leads"), sql.params());
    }

    @Test
    void aResponseCodeIsTheForwardsOnReceivedEntriesAndMetasOnSends() {
        EntryFilter filter = new EntryFilter(List.of(), 1, 2L, null, null, List.of(), null, null, null, null, 400);

        Sql page = EntryQuery.page("p1", filter, 2, null, false, 5);
        Sql where = EntryQuery.where("p1", filter, 2);

        assertEquals(2, page.text().split("union all", -1).length);
        assertTrue(page.text().contains("and direction = 1 and flyout_response_code = ? order by"), page.text());
        assertTrue(page.text().contains("and direction = 2 and api_response_code = ? order by"), page.text());
        assertEquals("project_id = ? and created_at >= ? and created_at <= ? and ((direction = 1 and "
                + "flyout_response_code = ?) or (direction = 2 and api_response_code = ?))", where.text());
        assertEquals(List.of("p1", 1L, 2L, 400, 400), where.params());
    }

    @Test
    void aResponseCodeOfOutgoingRecordsOnlyIsOneBranch() {
        EntryFilter filter = new EntryFilter(List.of(EventType.OUTGOING_MESSAGE), 1, 2L, null, null, List.of(), null,
                null, null, null, null, null, null, null, 4, 2, null, null);

        Sql page = EntryQuery.page("p1", filter, 2, null, false, 5);

        assertEquals(SELECT + "project_id = ? and created_at >= ? and created_at <= ? and event_type = ? "
                + "and direction = ? and direction = 2 and api_response_code / 100 = ? "
                + "order by created_at asc, log_id asc limit 5", page.text());
        assertEquals(List.of("p1", 1L, 2L, (short) 4, (short) 2, 4), page.params());
    }

    @Test
    void searchAndScreenFiltersFollowTheScalarsInEveryRead() {
        EntryFilter filter = new EntryFilter(List.of(), 1, 2L, null, null, List.of(), null, null, null, null, null,
                "Café cr", "utility", "order_update", 5);

        Sql page = EntryQuery.page("p1", filter, 2, null, false, 5);
        Sql where = EntryQuery.where("p1", filter, 2);

        String conditions = " and category = ? and template_name = ? and search @@ ?::tsquery";
        assertTrue(page.text().contains("and direction = 1 and flyout_response_code / 100 = ? and "
                + "flyout_response_code >= 100" + conditions + " order by"), page.text());
        assertTrue(page.text().contains("and direction = 2 and api_response_code / 100 = ?" + conditions + " order by"),
                page.text());
        assertEquals(List.of("p1", 1L, 2L, 5, "utility", "order_update", "'cafe' & 'cr':*",
                "p1", 1L, 2L, 5, "utility", "order_update", "'cafe' & 'cr':*"), page.params());
        assertEquals("project_id = ? and created_at >= ? and created_at <= ? and ((direction = 1 and "
                + "flyout_response_code / 100 = ? and flyout_response_code >= 100) or (direction = 2 and "
                + "api_response_code / 100 = ?))" + conditions, where.text());
        assertEquals(List.of("p1", 1L, 2L, 5, 5, "utility", "order_update", "'cafe' & 'cr':*"), where.params());
        assertTrue(EntryQuery.plannedWithValues(filter));
        assertFalse(EntryQuery.plannedWithValues(none()));
    }

    @Test
    void thePositionBoundsTheRangeAndTheKeysetInTheOrderOfThePage() {
        EntryKey after = new EntryKey(50, 7);

        Sql ascending = EntryQuery.page("p1", none(), 99, after, false, 3);
        Sql descending = EntryQuery.page("p1", none(), 99, after, true, 3);

        assertTrue(ascending.text().endsWith(" and (created_at, log_id) > (?, ?) order by created_at asc, log_id asc limit 3"),
                ascending.text());
        assertEquals(List.of("p1", 50L, 99L, 50L, 7L), ascending.params());
        assertTrue(descending.text().endsWith(" and (created_at, log_id) < (?, ?) order by created_at desc, log_id desc limit 3"),
                descending.text());
        assertEquals(List.of("p1", 0L, 50L, 50L, 7L), descending.params());
    }

    @Test
    void severalTypesAndStatusesAreOneBranchEachMerged() {
        Sql sql = EntryQuery.page("p1", typesAndStatuses(List.of(EventType.MESSAGE_STATUS, EventType.OTHER),
                List.of("read", "failed")), 99, null, true, 4);

        assertEquals(4, sql.text().split("union all", -1).length);
        assertTrue(sql.text().startsWith("select project_id, phone_number_id, event_type, payload, created_at, "
                + "direction, flyout_status, flyout_response, flyout_response_code, flyout_url, log_id, api_response_code "
                + "from (("), sql.text());
        assertTrue(sql.text().endsWith(") page order by created_at desc, log_id desc limit 4"), sql.text());
        assertEquals(List.of("p1", 5L, 99L, (short) 2, "read", "p1", 5L, 99L, (short) 2, "failed",
                "p1", 5L, 99L, (short) 3, "read", "p1", 5L, 99L, (short) 3, "failed"), sql.params());
    }

    @Test
    void theWholeMatchTakesListsAsAny() {
        Sql where = EntryQuery.where("p1", typesAndStatuses(List.of(EventType.INCOMING_MESSAGE, EventType.OTHER),
                List.of("sent", "read")), 99);

        assertEquals("project_id = ? and created_at >= ? and created_at <= ? and event_type = any (?) "
                + "and wa_status = any (?)", where.text());
        assertEquals(5, where.params().size());
        assertArrayEquals(new Short[]{1, 3}, (Short[]) where.params().get(3));
        assertArrayEquals(new String[]{"sent", "read"}, (String[]) where.params().get(4));
    }

    @Test
    void aListOfOneIsAnEquality() {
        Sql where = EntryQuery.where("p1", typesAndStatuses(List.of(EventType.MESSAGE_STATUS), List.of("read")), 99);

        assertEquals("project_id = ? and created_at >= ? and created_at <= ? and event_type = ? and wa_status = ?",
                where.text());
        assertEquals(List.of("p1", 5L, 99L, (short) 2, "read"), where.params());
    }

    @Test
    void eventTypesAreStoredAsTheirPositions() {
        for (EventType type : EventType.values()) {
            assertEquals(type, EntryQuery.type(EntryQuery.code(type)));
        }
        assertEquals(1, EntryQuery.code(EventType.INCOMING_MESSAGE));
        assertEquals(2, EntryQuery.code(EventType.MESSAGE_STATUS));
        assertEquals(3, EntryQuery.code(EventType.OTHER));
        assertEquals(4, EntryQuery.code(EventType.OUTGOING_MESSAGE));
    }
}
