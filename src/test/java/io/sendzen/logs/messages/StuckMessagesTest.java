package io.sendzen.logs.messages;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code GET /v1/messages?stuck=}: messages whose first status is a sent older than the window and that got no
 * further. Entries are written with past receipt times, so no test waits for the window to pass.
 */
@QuarkusTest
class StuckMessagesTest {

    @Inject
    AgroalDataSource dataSource;

    private static Response get(String projectId, String query) {
        return given().urlEncodingEnabled(false).auth().oauth2(TestTokens.project(projectId, Scopes.LOGS_READ))
                .when().get("/v1/messages?" + query);
    }

    private static List<String> stuck(String projectId, String query) {
        Response response = get(projectId, query);
        assertEquals(200, response.statusCode(), response::asString);
        return response.jsonPath().getList("data.messages.message_id");
    }

    private void store(String projectId, String wamid, String status, long minutesAgo) {
        new LogRows(dataSource).insert(LogRows.entry(projectId, LogRows.minutesAgo(minutesAgo))
                .messageId(wamid).status(status));
    }

    private static String problemParameter(Response response) {
        assertEquals(400, response.statusCode(), response::asString);
        return response.jsonPath().getString("errors[0].parameter");
    }

    @Test
    void aMessageOnlySentBeforeTheWindowIsListed() {
        String project = Admin.createProject();
        String wamid = Meta.wamid();
        store(project, wamid, "sent", 30);
        Response response = get(project, "stuck=PT15M");
        assertEquals(200, response.statusCode(), response::asString);
        assertEquals(List.of(wamid), response.jsonPath().getList("data.messages.message_id"));
        assertEquals("16505551234", response.jsonPath().getString("data.messages[0].wa_id"));
        assertNull(response.jsonPath().get("data.next_page_token"));
    }

    @Test
    void aMessageDeliveredSinceIsNotListed() {
        String project = Admin.createProject();
        String wamid = Meta.wamid();
        store(project, wamid, "sent", 30);
        store(project, wamid, "delivered", 1);
        assertEquals(List.of(), stuck(project, "stuck=PT15M"));
    }

    @Test
    void aMessageReadPlayedOrFailedIsNotListed() {
        String project = Admin.createProject();
        for (String status : new String[]{"read", "played", "failed"}) {
            String wamid = Meta.wamid();
            store(project, wamid, "sent", 30);
            store(project, wamid, status, 20);
        }
        assertEquals(List.of(), stuck(project, "stuck=PT15M"));
    }

    @Test
    void aMessageSentWithinTheWindowIsNotListedYet() {
        String project = Admin.createProject();
        store(project, Meta.wamid(), "sent", 5);
        assertEquals(List.of(), stuck(project, "stuck=PT15M"));
    }

    @Test
    void aMessageSentBeforeTheLookbackIsNotLookedAt() {
        String project = Admin.createProject();
        store(project, Meta.wamid(), "sent", 8L * 24 * 60 + 30);
        assertEquals(List.of(), stuck(project, "stuck=PT15M"));
    }

    @Test
    void aMessageWhoseFirstStatusIsNotSentIsNotListed() {
        String project = Admin.createProject();
        String wamid = Meta.wamid();
        store(project, wamid, "deleted", 40);
        store(project, wamid, "sent", 30);
        assertEquals(List.of(), stuck(project, "stuck=PT15M"));
    }

    @Test
    void aSentStoredForSeveralEndpointsIsListedOnce() {
        String project = Admin.createProject();
        String wamid = Meta.wamid();
        long at = LogRows.minutesAgo(30);
        new LogRows(dataSource).insert(List.of(
                LogRows.entry(project, at).messageId(wamid).status("sent").forwarded("https://a.example.com", "failed", "-", 500),
                LogRows.entry(project, at).messageId(wamid).status("sent").forwarded("https://b.example.com", "failed", "-", 500)));
        assertEquals(List.of(wamid), stuck(project, "stuck=PT15M"));
    }

    @Test
    void anotherProjectsMessagesAreNotListed() {
        String project = Admin.createProject();
        store(Admin.createProject(), Meta.wamid(), "sent", 30);
        assertEquals(List.of(), stuck(project, "stuck=PT15M"));
    }

    @Test
    void theShortFormIsTheSameDuration() {
        String project = Admin.createProject();
        String wamid = Meta.wamid();
        store(project, wamid, "sent", 30);
        assertEquals(List.of(wamid), stuck(project, "stuck=15m"));
        assertEquals(List.of(), stuck(project, "stuck=1h"));
    }

    @Test
    void pagesWalkEveryStuckMessageOnceInOrderOfSending() {
        String project = Admin.createProject();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String wamid = Meta.wamid();
            sent.add(wamid);
            store(project, wamid, "sent", 60 - i);
        }
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            Response response = get(project, "stuck=PT15M&pageSize=2" + (token == null ? "" : "&nextPageToken=" + token));
            assertEquals(200, response.statusCode(), response::asString);
            List<String> page = response.jsonPath().getList("data.messages.message_id");
            seen.addAll(page);
            sizes.add(page.size());
            token = response.jsonPath().getString("data.next_page_token");
        } while (token != null);
        assertEquals(sent, seen);
        assertEquals(List.of(2, 2, 1), sizes);
    }

    @Test
    void aTokenOfAnotherDurationIsRejected() {
        String project = Admin.createProject();
        store(project, Meta.wamid(), "sent", 30);
        store(project, Meta.wamid(), "sent", 29);
        String token = get(project, "stuck=PT15M&pageSize=1").jsonPath().getString("data.next_page_token");
        Response response = get(project, "stuck=PT20M&pageSize=1&nextPageToken=" + token);
        assertEquals("nextPageToken", problemParameter(response));
        assertEquals("was issued for other filters: repeat the filters of the first page",
                response.jsonPath().getString("errors[0].problem"));
    }

    @Test
    void aTokenOfAnotherListIsRejected() {
        String project = Admin.createProject();
        new LogRows(dataSource).insert(List.of(LogRows.entry(project, LogRows.minutesAgo(3)),
                LogRows.entry(project, LogRows.minutesAgo(2))));
        String token = given().auth().oauth2(TestTokens.project(project, Scopes.LOGS_READ))
                .when().get("/v1/logs?pageSize=1").jsonPath().getString("data.next_page_token");
        assertEquals("nextPageToken", problemParameter(get(project, "stuck=PT15M&nextPageToken=" + token)));
    }

    @Test
    void aMissingDurationIsRejected() {
        assertEquals("stuck", problemParameter(get(Admin.createProject(), "pageSize=5")));
    }

    @Test
    void aValueThatIsNotADurationIsRejected() {
        String project = Admin.createProject();
        for (String value : new String[]{"", "abc", "15", "15x", "PT", "P1M", "PT15M%20x", "-PT15M"}) {
            assertEquals("stuck", problemParameter(get(project, "stuck=" + value)), value);
        }
    }

    @Test
    void durationsOutsideOneMinuteToThirtyDaysAreRejected() {
        String project = Admin.createProject();
        for (String value : new String[]{"PT59S", "30s", "P30DT1S", "31d", "PT0S"}) {
            Response response = get(project, "stuck=" + value);
            assertEquals("stuck", problemParameter(response), value);
            assertEquals("must be between PT1M and P30D", response.jsonPath().getString("errors[0].problem"), value);
        }
        assertEquals(200, get(project, "stuck=PT1M").statusCode());
        assertEquals(200, get(project, "stuck=P30D").statusCode());
    }

    @Test
    void aDurationGivenTwiceIsRejected() {
        assertEquals("stuck", problemParameter(get(Admin.createProject(), "stuck=PT15M&stuck=PT20M")));
    }

    @Test
    void pageSizeOutsideOneToAHundredIsRejected() {
        String project = Admin.createProject();
        assertEquals("pageSize", problemParameter(get(project, "stuck=PT15M&pageSize=0")));
        assertEquals("pageSize", problemParameter(get(project, "stuck=PT15M&pageSize=101")));
        assertEquals(200, get(project, "stuck=PT15M&pageSize=100").statusCode());
    }
}
