package io.sendzen.logs.projects;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every admin list pages as {@code GET /v1/logs} does: {@code pageSize}, {@code next_page_token}, signed tokens. */
@QuarkusTest
class AdminListPagingTest {

    private static JsonPath get(String path) {
        return given().auth().oauth2(TestTokens.admin()).when().get(path)
                .then().statusCode(200).extract().jsonPath();
    }

    private static List<String> problems(String path) {
        return given().auth().oauth2(TestTokens.admin()).when().get(path)
                .then().statusCode(400).extract().jsonPath().getList("errors.parameter");
    }

    /** Every item of the list at {@code path}, page by page; each page's keys are data and, but for the last, the token. */
    private static List<String> all(String path, String idField, int pageSize) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            String separator = path.contains("?") ? "&" : "?";
            JsonPath page = get(path + separator + "pageSize=" + pageSize
                    + (token == null ? "" : "&nextPageToken=" + token));
            Map<String, Object> body = page.getMap("$");
            List<String> shown = page.getList("data." + idField);
            token = page.getString("next_page_token");
            assertTrue(body.keySet().equals(token == null ? Set.of("data") : Set.of("data", "next_page_token")),
                    body.keySet().toString());
            assertTrue(token == null ? shown.size() <= pageSize : shown.size() == pageSize, "a full page before the end");
            ids.addAll(shown);
        } while (token != null);
        return ids;
    }

    private static String createWebhook(String projectId) {
        return given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"url\":\"https://hooks.example.com/" + projectId + "\"}")
                .when().post("/v1/admin/projects/" + projectId + "/webhooks")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void projectsArePagedByIdEachOnce() {
        Set<String> created = new HashSet<>(List.of(Admin.createProject(), Admin.createProject(), Admin.createProject()));

        List<String> ids = all("/v1/admin/projects", "id", 7);

        assertEquals(ids.size(), new HashSet<>(ids).size(), "no project twice");
        assertTrue(ids.containsAll(created));
    }

    @Test
    void phoneNumbersWabasAndWebhooksArePagedInOrder() {
        String project = Admin.createProject();
        List<String> phones = new ArrayList<>();
        List<String> wabas = new ArrayList<>();
        List<String> webhooks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            phones.add(Admin.addPhoneNumber(project));
            wabas.add(Admin.addWaba(project));
            webhooks.add(createWebhook(project));
        }
        phones.sort(null);
        wabas.sort(null);

        assertEquals(phones, all("/v1/admin/projects/" + project + "/phone-numbers", "phone_number_id", 2));
        assertEquals(wabas, all("/v1/admin/projects/" + project + "/wabas", "waba_id", 2));
        assertEquals(webhooks, all("/v1/admin/projects/" + project + "/webhooks", "id", 2), "oldest first");
        assertEquals(webhooks, all("/v1/admin/projects/" + project + "/webhooks", "id", 1));
    }

    @Test
    void aListThatFitsOnOnePageHasNoToken() {
        String project = Admin.createProject();
        Admin.addPhoneNumber(project);

        JsonPath page = get("/v1/admin/projects/" + project + "/phone-numbers");

        assertEquals(1, page.getList("data").size());
        assertNull(page.getString("next_page_token"));
    }

    @Test
    void aTokenOfOneListIsRefusedByAnother() {
        String project = Admin.createProject();
        Admin.addPhoneNumber(project);
        Admin.addPhoneNumber(project);
        Admin.addWaba(project);
        Admin.addWaba(project);
        String phonesToken = get("/v1/admin/projects/" + project + "/phone-numbers?pageSize=1").getString("next_page_token");
        assertNotNull(phonesToken);

        assertEquals(List.of("nextPageToken"),
                problems("/v1/admin/projects/" + project + "/wabas?pageSize=1&nextPageToken=" + phonesToken));
        assertEquals(List.of("nextPageToken"), problems("/v1/admin/projects?pageSize=1&nextPageToken=" + phonesToken));
    }

    @Test
    void aTokenOfOneProjectsListIsRefusedForAnother() {
        String first = Admin.createProject();
        String second = Admin.createProject();
        for (String project : List.of(first, second)) {
            Admin.addPhoneNumber(project);
            Admin.addPhoneNumber(project);
        }
        String token = get("/v1/admin/projects/" + first + "/phone-numbers?pageSize=1").getString("next_page_token");

        assertEquals(List.of("nextPageToken"),
                problems("/v1/admin/projects/" + second + "/phone-numbers?pageSize=1&nextPageToken=" + token));
    }

    @Test
    void aTamperedTokenIsRefused() {
        String token = get("/v1/admin/projects?pageSize=1").getString("next_page_token");
        // a character in the middle: all its bits are data (the last one's low bits may be padding)
        int at = token.length() / 2;
        String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);

        assertEquals(List.of("nextPageToken"), problems("/v1/admin/projects?pageSize=1&nextPageToken=" + tampered));
    }

    @ParameterizedTest(name = "pageSize={0} is refused")
    @ValueSource(strings = {"0", "101", "-1", "ten", "1.5"})
    void pageSizeOutsideItsRangeIsRefused(String pageSize) {
        assertEquals(List.of("pageSize"), problems("/v1/admin/projects?pageSize=" + pageSize));
    }

    @Test
    void pageSizeUpToAHundredIsTaken() {
        for (int i = 0; i < 3; i++) {
            Admin.createProject();
        }
        assertTrue(get("/v1/admin/projects?pageSize=100").getList("data").size() >= 3);
        assertEquals(2, get("/v1/admin/projects?pageSize=2").getList("data").size());
    }
}
