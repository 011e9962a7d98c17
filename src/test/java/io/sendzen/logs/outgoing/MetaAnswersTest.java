package io.sendzen.logs.outgoing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meta's answers to a send, as the seed's table lists them, and no answer at all: each passed back in SendZen's shape
 * and recorded with Meta's status and error code.
 */
@QuarkusTest
class MetaAnswersTest {

    private static JsonPath onlyOutgoing(Sending s) {
        return s.reader().queryParam("eventTypes", "Outgoing Message").when().get("/v1/logs")
                .then().statusCode(200).extract().jsonPath();
    }

    @ParameterizedTest(name = "{0} with code {1}")
    @CsvSource(delimiter = '|', value = {
            "400|131009|(#131009) Parameter value is not valid|Invalid parameter",
            "400|132000|(#132000) Number of parameters does not match the expected number of params|body: expected 2",
            "400|132001|(#132001) Template name does not exist in the translation|template name (x) does not exist",
            "401|190|Error validating access token: Session has expired|The access token has expired",
            "404|100|Unsupported post request. Object with ID does not exist|Wrong phone number id",
            "429|130429|(#130429) Rate limit hit|Cloud API message throughput has been reached",
            "429|131056|(#131056) (Business Account, Consumer Account) pair rate limit hit|Too many messages",
            "500|131000|Something went wrong|Internal error"})
    void metasErrorIsAnsweredWithItsStatusCodeAndDetailsAndRecorded(int status, int code, String message,
                                                                   String details) {
        Sending s = Sending.withToken();
        Sending.fake().script(s.phone(), FakeCloudApi.error(status, code, message, details));

        JsonPath answer = s.sendText("hi").then().statusCode(status).extract().jsonPath();

        assertEquals(message, answer.getString("message"));
        assertEquals(Integer.toString(code), answer.getString("error.code"));
        assertEquals(details, answer.getString("error.details"));
        String logId = answer.getString("data.log_id");
        JsonPath logs = onlyOutgoing(s);
        assertEquals(logId, logs.getString("data.logs[0].log_id"));
        assertEquals(status, logs.getInt("data.logs[0].api_response_code"));
        JsonPath detail = s.detail(logId).then().statusCode(200).extract().jsonPath();
        assertEquals(code, detail.getInt("data.event.errors[0].code"));
        assertEquals(code, detail.getInt("data.api_response.error.code"));
    }

    @Test
    void aSlowMetaWithinTheTimeoutIsWaitedFor() {
        Sending s = Sending.withToken();
        Sending.fake().script(s.phone(), FakeCloudApi.slow(800, FakeCloudApi.accepted()));

        s.sendText("slow").then().statusCode(200);
    }

    @Test
    void aMetaSlowerThanTheTimeoutIsA502RecordedWithCode0AndTheReason() {
        Sending s = Sending.withToken();
        Sending.fake().script(s.phone(), FakeCloudApi.slow(5_000, FakeCloudApi.accepted()));

        JsonPath answer = s.sendText("too slow").then().statusCode(502).extract().jsonPath();

        assertEquals("The WhatsApp Cloud API could not be reached: timed out after 2 s", answer.getString("message"));
        assertNull(answer.getString("error.code"));
        assertEquals("timed out after 2 s", answer.getString("error.details"));
        JsonPath logs = onlyOutgoing(s);
        assertEquals(0, logs.getInt("data.logs[0].api_response_code"));
        assertEquals("timed out after 2 s",
                s.detail(answer.getString("data.log_id")).jsonPath().getString("data.api_response"));
    }

    @Test
    void aDroppedConnectionIsA502Recorded() {
        Sending s = Sending.withToken();
        Sending.fake().script(s.phone(), FakeCloudApi.dropped());

        JsonPath answer = s.sendText("dropped").then().statusCode(502).extract().jsonPath();

        assertTrue(answer.getString("error.details").startsWith("connection"), answer.prettify());
        assertEquals(0, onlyOutgoing(s).getInt("data.logs[0].api_response_code"));
        assertEquals(1, Sending.fake().requests(s.phone()).size());
    }

    @Test
    void slowSendsHoldNoThreadWhileMetaTakesItsTime() throws Exception {
        Sending s = Sending.withToken();
        Sending.fake().script(s.phone(), FakeCloudApi.slow(1_500, FakeCloudApi.accepted()));
        ExecutorService clients = Executors.newFixedThreadPool(40);
        try {
            List<Future<Response>> sends = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                sends.add(clients.submit(() -> s.sendText("parallel")));
            }
            while (Sending.fake().requests(s.phone()).size() < 40) {
                Thread.sleep(20);
            }
            // every send is now waiting for Meta: none of the service's threads may be waiting with it
            List<String> waiting = new ArrayList<>();
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                if (thread.getName().equals("outgoing-writer")) {
                    return; // one thread however many sends are under way, waiting for records to commit
                }
                for (StackTraceElement frame : stack) {
                    if (frame.getClassName().startsWith("io.sendzen.logs.outgoing.")
                            && !frame.getClassName().contains("Test") && !frame.getClassName().contains("Fake")
                            && !frame.getClassName().contains("Sending")) {
                        waiting.add(thread.getName() + " in " + frame);
                        break;
                    }
                }
            });
            assertEquals(List.of(), waiting);
            for (Future<Response> send : sends) {
                assertEquals(200, send.get().statusCode());
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
