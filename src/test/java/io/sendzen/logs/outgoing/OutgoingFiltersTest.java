package io.sendzen.logs.outgoing;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The list's filters on outgoing records, beside the entries of received events. */
@QuarkusTest
class OutgoingFiltersTest {

    private static Sending s;
    private static String campaign;
    private static String refused;
    private static String plain;
    private static String status;

    @BeforeEach
    void onceASendOfEachKindAndAStatus() {
        if (s != null) {
            return;
        }
        s = Sending.withToken();
        campaign = s.send("{\"from\":\"" + s.phone() + "\",\"to\":\"16505551234\",\"type\":\"template\",\"template\":"
                + "{\"name\":\"black_friday\",\"lang_code\":\"en_US\"},\"tags\":{\"category\":\"Marketing Campaign\","
                + "\"name\":\"Black Friday\",\"recipient_type\":\"Leads\"}}").then().statusCode(200).extract()
                .path("data.log_id");
        Sending.fake().script(s.phone(), FakeCloudApi.error(429, 130429, "(#130429) Rate limit hit", "slow down"),
                FakeCloudApi.accepted());
        refused = s.send("{\"from\":\"" + s.phone() + "\",\"to\":\"16505551234\",\"type\":\"text\",\"text\":{\"body\":"
                + "\"hello zebra\"},\"tags\":{\"name\":\"Bot\",\"recipient_type\":\"Customers\"}}").then().statusCode(429)
                .extract().path("data.log_id");
        plain = s.sendText("plain").then().statusCode(200).extract().path("data.log_id");
        Meta.post(Meta.singleStatus(s.phone(), "wamid.F" + s.phone(), "delivered")).statusCode(200);
        status = s.reader().queryParam("direction", 1).get("/v1/logs").then().statusCode(200).extract()
                .path("data.logs[0].log_id");
    }

    private static List<String> ids(String query) {
        var request = s.reader();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            request = request.queryParam(kv[0], kv[1]);
        }
        return request.get("/v1/logs").then().statusCode(200).extract().jsonPath().getList("data.logs.log_id");
    }

    @Test
    void directionSelectsSendsOrReceivedEvents() {
        assertEquals(List.of(campaign, refused, plain), ids("direction=2"));
        assertEquals(List.of(status), ids("direction=1"));
        assertEquals(List.of(), ids("direction=2&eventTypes=Message Status"));
    }

    @Test
    void responseCodeMatchesMetasCodeOnSends() {
        assertEquals(List.of(refused), ids("responseCode=429"));
        assertEquals(List.of(refused), ids("responseCode=4xx"));
        assertEquals(List.of(campaign, plain), ids("responseCode=2xx&direction=2"));
        assertEquals(List.of(status), ids("responseCode=0&direction=1"));
    }

    @Test
    void tagsCategoryAndTemplateSelectSends() {
        assertEquals(List.of(campaign), ids("tag.name=Black Friday"));
        assertEquals(List.of(refused), ids("tag.recipient_type=Customers"));
        assertEquals(List.of(campaign), ids("category=marketing campaign"));
        assertEquals(List.of(campaign), ids("templateName=black_friday"));
        assertEquals(List.of(refused), ids("q=zebra"));
    }

    @Test
    void theExportCarriesMetasCode() {
        String csv = s.reader().queryParam("format", "csv").queryParam("direction", "2").get("/v1/logs/export")
                .then().statusCode(200).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals(4, lines.length);
        assertEquals(List.of("200", "429", "200"), List.of(lines[1].split(",")[12], lines[2].split(",")[12],
                lines[3].split(",")[12]));
    }

    @Test
    void aBulkDeleteTakesTheNewFilters() {
        s.reader().get("/v1/logs").then().statusCode(200);
        io.restassured.RestAssured.given()
                .auth().oauth2(io.sendzen.logs.support.TestTokens.project(s.project(),
                        io.sendzen.logs.projects.Scopes.LOGS_WRITE))
                .contentType("application/json")
                .body("{\"filter\":{\"direction\":2,\"tag.name\":\"Bot\"},\"dry_run\":true}")
                .post("/v1/logs/bulk-delete").then().statusCode(200)
                .body("data.matching", org.hamcrest.Matchers.equalTo(1));
    }
}
