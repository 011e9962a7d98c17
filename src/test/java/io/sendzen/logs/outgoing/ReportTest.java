package io.sendzen.logs.outgoing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/logs}: a send made elsewhere, recorded as the service records its own. */
@QuarkusTest
class ReportTest {

    static Response report(Sending s, String body) {
        return given().auth().oauth2(TestTokens.project(s.project(), Scopes.LOGS_WRITE)).contentType("application/json")
                .body(body).when().post("/v1/logs");
    }

    private static String refused(Sending s, long sentAt) {
        return "{\"phone_number_id\":\"" + s.phone() + "\",\"to\":\"+16505551234\",\"request\":{\"messaging_product\":"
                + "\"whatsapp\",\"to\":\"16505551234\",\"type\":\"template\",\"template\":{\"name\":\"order_update\","
                + "\"language\":{\"code\":\"en_US\"}}},\"response_code\":400,\"response\":{\"error\":{\"message\":"
                + "\"(#132001) Template name does not exist in the translation\",\"code\":132001,\"error_data\":"
                + "{\"details\":\"no en_US\"}}},\"sent_at\":\"" + sentAt + "\",\"tags\":{\"category\":\"Utility\","
                + "\"name\":\"Order updates\"}}";
    }

    @Test
    void aReportedSendIsAnOutgoingEntryWithMetasCodeAtItsTime() {
        Sending s = Sending.withToken();
        long sentAt = Ticks.now() - 60 * Ticks.PER_SECOND;

        String logId = report(s, refused(s, sentAt)).then().statusCode(201).extract().path("data.log_id");

        JsonPath logs = s.reader().queryParam("direction", 2).get("/v1/logs").then().statusCode(200).extract().jsonPath();
        assertEquals(logId, logs.getString("data.logs[0].log_id"));
        assertEquals(400, logs.getInt("data.logs[0].api_response_code"));
        assertEquals(sentAt, logs.getLong("data.logs[0].created_at"));
        JsonPath detail = s.detail(logId).jsonPath();
        assertEquals("order_update", detail.getString("data.event.template.name"));
        assertEquals(132001, detail.getInt("data.event.errors[0].code"));
        assertEquals("Order updates", detail.getString("data.tags.name"));
        assertEquals(0, Sending.fake().requests(s.phone()).size());
    }

    @Test
    void aSendIsNotForwardedAndCannotBeRedeliveredEvenWhenTheProjectHasAnEndpoint() {
        Sending s = Sending.withToken();
        Admin.addWebhook(s.project());
        String logId = report(s, refused(s, Ticks.now())).then().statusCode(201).extract().path("data.log_id");
        String writer = TestTokens.project(s.project(), Scopes.LOGS_WRITE);

        given().auth().oauth2(writer).when().post("/v1/logs/" + logId + "/redeliver").then()
                .statusCode(409).body("errors[0].parameter", equalTo("log_id"));
        given().auth().oauth2(writer).contentType("application/json").body("{\"log_ids\":[\"" + logId + "\"]}")
                .when().post("/v1/logs/bulk-redeliver").then()
                .body("data.redelivered", equalTo(0))
                .body("data.not_forwarded", equalTo(List.of(logId)));

        JsonPath detail = s.detail(logId).jsonPath();
        assertEquals("-", detail.getString("data.log.flyout_url"));
        assertTrue(detail.getList("data.attempts").isEmpty(), "no forwarding attempt: " + detail.getList("data.attempts"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "phone_number_id|{\"phone_number_id\":\"1\",\"to\":\"16505551234\",\"request\":{},\"response_code\":200}",
            "request|{\"phone_number_id\":\"PHONE\",\"to\":\"16505551234\",\"request\":\"x\",\"response_code\":200}",
            "response_code|{\"phone_number_id\":\"PHONE\",\"to\":\"16505551234\",\"request\":{},\"response_code\":42}",
            "to|{\"phone_number_id\":\"PHONE\",\"to\":\"abc\",\"request\":{},\"response_code\":200}",
            "sent_at|{\"phone_number_id\":\"PHONE\",\"to\":\"16505551234\",\"request\":{},\"response_code\":200,\"sent_at\":5}",
            "body|[]"})
    void aBadReportIsA400NamingTheFieldAndStoresNothing(String field, String body) {
        Sending s = Sending.withToken();

        report(s, body.replace("PHONE", s.phone())).then().statusCode(400).body("errors[0].parameter", equalTo(field));

        s.reader().get("/v1/logs").then().statusCode(200).body("data.logs.size()", equalTo(0));
    }

    @Test
    void anotherProjectsNumberCannotBeReportedFor() {
        Sending mine = Sending.withToken();
        Sending theirs = Sending.withToken();

        report(mine, refused(theirs, Ticks.now())).then().statusCode(400)
                .body("errors[0].parameter", equalTo("phone_number_id"));

        theirs.reader().get("/v1/logs").then().statusCode(200).body("data.logs.size()", equalTo(0));
    }
}
