package io.sendzen.logs.outgoing;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Access tokens of numbers and WABAs: write-only, sealed at rest, audited without their value, flagged when refused. */
@QuarkusTest
class CredentialsTest {

    @Inject
    AgroalDataSource dataSource;

    private static String state(Sending s) {
        return Admin.asAdmin().when().get(Admin.project(s.project()) + "/phone-numbers").then().statusCode(200)
                .extract().jsonPath().getString("data.find { it.phone_number_id == '" + s.phone() + "' }.credentials_state");
    }

    private String storedRow(String phone) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "select row_to_json(t)::text from access_token t where phone_number_id = ?")) {
            st.setString(1, phone);
            try (ResultSet rows = st.executeQuery()) {
                assertTrue(rows.next());
                return rows.getString(1);
            }
        }
    }

    @Test
    void aTokenIsStoredSealedAndTheNumberShowsItSet() throws SQLException {
        Sending s = Sending.withToken();

        String row = storedRow(s.phone());

        assertTrue(row.contains("sealed:v1:"), row);
        assertFalse(row.contains(s.accessToken()), row);
        assertFalse(row.contains("ZZsecretZZ"), row);
        assertEquals("set", state(s));
    }

    @Test
    void aNumberWithoutATokenShowsItMissingAndRemovingOneMakesItSo() {
        Sending s = Sending.withToken();
        String other = Admin.addPhoneNumber(s.project());

        Admin.asAdmin().when().delete(Admin.project(s.project()) + "/phone-numbers/" + s.phone() + "/credentials")
                .then().statusCode(204);

        assertEquals("missing", state(s));
        Admin.asAdmin().when().get(Admin.project(s.project()) + "/phone-numbers").then()
                .body("data.find { it.phone_number_id == '" + other + "' }.credentials_state", equalTo("missing"));
    }

    @Test
    void aTokenMetaRefusesFlagsTheNumberRejectedUntilANewOneIsSet() {
        Sending s = Sending.withToken();
        Sending.fake().script(s.phone(), FakeCloudApi.error(401, 190, "Error validating access token", "expired"),
                FakeCloudApi.accepted());

        s.sendText("refused").then().statusCode(401);
        assertEquals("rejected", state(s));

        Sending.setToken(s.project(), "phone-numbers", s.phone(), "EAAGnewToken123");
        assertEquals("set", state(s));
        s.sendText("again").then().statusCode(200);
        assertEquals("Bearer EAAGnewToken123", Sending.fake().requests(s.phone()).get(1).authorization());
    }

    /** The number a send found is kept for a second; every change made through the admin API is seen at once. */
    @Test
    void theNextSendSeesEveryChangeOfTheNumberAndItsToken() {
        Sending s = Sending.withToken();
        s.sendText("first").then().statusCode(200);

        Admin.asAdmin().when().delete(Admin.project(s.project()) + "/phone-numbers/" + s.phone() + "/credentials")
                .then().statusCode(204);
        s.sendText("without a token").then().statusCode(409);

        Sending.setToken(s.project(), "phone-numbers", s.phone(), "EAAGsecondToken");
        s.sendText("second").then().statusCode(200);
        List<FakeCloudApi.Request> got = Sending.fake().requests(s.phone());
        assertEquals("Bearer EAAGsecondToken", got.get(got.size() - 1).authorization());

        Admin.asAdmin().when().delete(Admin.project(s.project()) + "/phone-numbers/" + s.phone())
                .then().statusCode(204);
        s.sendText("from a number no longer the project's").then().statusCode(400)
                .body("errors[0].parameter", equalTo("from"));
        assertEquals(2, Sending.fake().requests(s.phone()).size());
    }

    @Test
    void aNumberWithoutItsOwnTokenSendsWithItsWabasToken() {
        String project = Admin.createProject();
        String waba = Admin.uniqueMetaId();
        String phone = Admin.uniqueMetaId();
        Admin.asAdmin("{\"phone_number_id\":\"" + phone + "\",\"waba_id\":\"" + waba + "\"}")
                .when().post(Admin.project(project) + "/phone-numbers").then().statusCode(201)
                .body("credentials_state", equalTo("missing"));
        Sending.setToken(project, "wabas", waba, "EAAGwabaToken");
        Sending s = new Sending(project, phone, null, "EAAGwabaToken");

        s.sendText("via waba").then().statusCode(200);

        assertEquals("Bearer EAAGwabaToken", Sending.fake().requests(phone).get(0).authorization());
        assertEquals("set", state(s));
    }

    @Test
    void settingATokenIsAuditedWithoutIt() {
        Sending s = Sending.withToken();

        String audit = Admin.asAdmin().queryParam("projectId", s.project()).get("/v1/admin/audit")
                .then().statusCode(200).extract().asString();

        assertTrue(audit.contains("admin.phone_number.credentials.set"), audit);
        assertTrue(audit.contains(s.phone()), audit);
        assertFalse(audit.contains(s.accessToken()), audit);
    }

    @Test
    void anotherProjectsNumberOrAnUnknownOneIsNotFound() {
        Sending mine = Sending.withToken();
        Sending theirs = Sending.withToken();

        Admin.asAdmin("{\"access_token\":\"EAAGstolen\"}")
                .when().put(Admin.project(mine.project()) + "/phone-numbers/" + theirs.phone() + "/credentials")
                .then().statusCode(404);
        Admin.asAdmin("{\"access_token\":\"EAAGx\"}")
                .when().put(Admin.project(mine.project()) + "/wabas/" + Admin.uniqueMetaId() + "/credentials")
                .then().statusCode(404);
        Admin.asAdmin().when().delete(Admin.project(mine.project()) + "/phone-numbers/" + theirs.phone() + "/credentials")
                .then().statusCode(404);
        assertEquals("set", state(theirs));
    }

    @Test
    void aBadTokenIsA400NamingIt() {
        Sending s = Sending.withToken();
        String path = Admin.project(s.project()) + "/phone-numbers/" + s.phone() + "/credentials";

        Admin.asAdmin("{\"access_token\":\"\"}").when().put(path).then().statusCode(400)
                .body("errors[0].parameter", equalTo("access_token"));
        Admin.asAdmin("{\"access_token\":\"has spaces in it\"}").when().put(path).then().statusCode(400)
                .body("errors[0].parameter", equalTo("access_token"));
        Admin.asAdmin("{}").when().put(path).then().statusCode(400);
        assertEquals("set", state(s));
    }

    @Test
    void onlyAdminsSetTokens() {
        Sending s = Sending.withToken();

        given().auth().oauth2(TestTokens.project(s.project(), Scopes.LOGS_WRITE, Scopes.MESSAGES_SEND))
                .contentType("application/json").body("{\"access_token\":\"EAAGx\"}")
                .when().put(Admin.project(s.project()) + "/phone-numbers/" + s.phone() + "/credentials")
                .then().statusCode(403);
    }
}
