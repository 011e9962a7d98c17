package io.sendzen.logs.outgoing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A message sent through the service, then its statuses posted as Meta delivers them (signed): its story, read back
 * from {@code GET /v1/messages/{wamid}}, starts with the send.
 */
@QuarkusTest
class MessageStoryTest {

    private static final String WABA = "102290129340398";

    private static JsonPath story(Sending s, String wamid) {
        return s.reader().urlEncodingEnabled(false).when().get("/v1/messages/" + wamid)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aSendAndItsSentDeliveredReadStatusesAreOneStoryLedByTheSend() {
        Sending s = Sending.withToken();
        JsonPath sent = s.sendText("story").then().statusCode(200).extract().jsonPath();
        String wamid = sent.getString("data.message_id");
        String sendLog = sent.getString("data.log_id");

        for (String status : List.of("sent", "delivered", "read")) {
            Meta.post(Meta.statuses(WABA, s.phone(), Meta.documentedStatus(wamid, status, Sending.CUSTOMER)))
                    .statusCode(200);
        }

        JsonPath story = story(s, wamid);
        assertEquals(4, story.getList("data.entries").size());
        assertEquals(sendLog, story.getString("data.entries[0]"));
        assertEquals("outgoing", story.getString("data.direction"));
        assertEquals(List.of("sent", "delivered", "read"), story.getList("data.statuses.status"));
        assertEquals("read", story.getString("data.latest_status"));
        assertEquals(Sending.CUSTOMER, story.getString("data.wa_id"));
    }

    @Test
    void aSendThatFailedLaterShowsItsErrorAfterTheSend() {
        Sending s = Sending.withToken();
        JsonPath sent = s.sendText("too late").then().statusCode(200).extract().jsonPath();
        String wamid = sent.getString("data.message_id");

        Meta.post(Meta.statuses(WABA, s.phone(), Meta.documentedStatus(wamid, "sent", Sending.CUSTOMER))).statusCode(200);
        Meta.post(Meta.statuses(WABA, s.phone(), Meta.failedStatus(wamid, Sending.CUSTOMER, 131047))).statusCode(200);

        JsonPath story = story(s, wamid);
        assertEquals(sent.getString("data.log_id"), story.getString("data.entries[0]"));
        assertEquals(List.of("sent", "failed"), story.getList("data.statuses.status"));
        assertEquals(131047, story.getInt("data.errors[0].code"));
        // the send and its statuses are found together by the message id in the list too
        JsonPath logs = s.reader().queryParam("messageId", wamid).get("/v1/logs").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("Outgoing Message", "Message Status", "Message Status"),
                logs.getList("data.logs.event_type"));
        assertEquals(List.of(200, 0, 0), logs.getList("data.logs.api_response_code"));
    }

    @Test
    void aReportedSendLeadsItsStoryThoughRecordedAfterItsStatuses() {
        Sending s = Sending.withToken();
        String wamid = "wamid.REPORTED" + s.phone();
        Meta.post(Meta.statuses(WABA, s.phone(), Meta.documentedStatus(wamid, "sent", Sending.CUSTOMER))).statusCode(200);

        String logId = ReportTest.report(s, "{\"phone_number_id\":\"" + s.phone() + "\",\"to\":\"" + Sending.CUSTOMER
                + "\",\"request\":{\"messaging_product\":\"whatsapp\",\"to\":\"" + Sending.CUSTOMER + "\",\"type\":\"text\","
                + "\"text\":{\"body\":\"from a CRM\"}},\"response_code\":200,\"response\":{\"messaging_product\":"
                + "\"whatsapp\",\"contacts\":[{\"input\":\"" + Sending.CUSTOMER + "\",\"wa_id\":\"" + Sending.CUSTOMER
                + "\"}],\"messages\":[{\"id\":\"" + wamid + "\"}]}}").then().statusCode(201).extract().path("data.log_id");

        assertEquals(logId, story(s, wamid).getString("data.entries[0]"));
    }
}
