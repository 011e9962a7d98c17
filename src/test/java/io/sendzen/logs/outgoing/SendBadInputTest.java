package io.sendzen.logs.outgoing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sendzen.logs.support.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A send that fails a check is answered 400 (or 409) naming what is wrong, and nothing reaches the Cloud API. */
@QuarkusTest
class SendBadInputTest {

    private static void nothingSent(Sending s) {
        assertEquals(0, Sending.fake().requests(s.phone()).size());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "from|{\"from\":\"999999999999\",\"to\":\"16505551234\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}",
            "from|{\"to\":\"16505551234\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}",
            "type|{\"from\":\"PHONE\",\"to\":\"16505551234\",\"text\":{\"body\":\"x\"}}",
            "type|{\"from\":\"PHONE\",\"to\":\"16505551234\",\"type\":\"fax\",\"text\":{\"body\":\"x\"}}",
            "text|{\"from\":\"PHONE\",\"to\":\"16505551234\",\"type\":\"text\"}",
            "template.name|{\"from\":\"PHONE\",\"to\":\"16505551234\",\"type\":\"template\",\"template\":{\"lang_code\":\"en_US\"}}",
            "template.lang_code|{\"from\":\"PHONE\",\"to\":\"16505551234\",\"type\":\"template\",\"template\":{\"name\":\"order_update\"}}",
            "to|{\"from\":\"PHONE\",\"to\":\"not a phone\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}",
            "to|{\"from\":\"PHONE\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}",
            "body|[1,2,3]",
            "body|\"a string\"",
            "tags.name|{\"from\":\"PHONE\",\"to\":\"16505551234\",\"type\":\"text\",\"text\":{\"body\":\"x\"},\"tags\":{\"name\":7}}",
            "colour|{\"from\":\"PHONE\",\"to\":\"16505551234\",\"type\":\"text\",\"text\":{\"body\":\"x\"},\"colour\":\"red\"}"})
    void aBadSendIsA400NamingTheFieldAndSendsNothing(String field, String body) {
        Sending s = Sending.withToken();

        s.send(body.replace("PHONE", s.phone())).then().statusCode(400)
                .body("message", equalTo("Invalid request parameters"))
                .body("errors[0].parameter", equalTo(field));

        nothingSent(s);
    }

    @Test
    void aNumberWithoutAnAccessTokenIsA409AndSendsNothing() {
        Sending s = Sending.withToken();
        Admin.asAdmin().when().delete(Admin.project(s.project()) + "/phone-numbers/" + s.phone() + "/credentials")
                .then().statusCode(204);

        s.sendText("no token").then().statusCode(409).body("errors[0].parameter", equalTo("from"));

        nothingSent(s);
    }

    @Test
    void anotherProjectsNumberIsNotTheProjectsAndNothingIsSent() {
        Sending mine = Sending.withToken();
        Sending theirs = Sending.withToken();

        mine.send(Sending.text(theirs.phone(), "not mine")).then().statusCode(400)
                .body("errors[0].parameter", equalTo("from"));
        mine.send(Sending.text(theirs.display(), "not mine")).then().statusCode(400);

        nothingSent(theirs);
    }

    @Test
    void aTokenWithoutTheSendScopeIsForbidden() {
        Sending s = Sending.withToken();

        Response response = s.reader().contentType("application/json").body(Sending.text(s.phone(), "x"))
                .post("/v1/messages");

        assertEquals(403, response.statusCode());
        nothingSent(s);
    }

    @Test
    void aMalformedIdempotencyKeyIsA400() {
        Sending s = Sending.withToken();

        s.sender().header("Idempotency-Key", "x".repeat(300)).body(Sending.text(s.phone(), "x")).post("/v1/messages")
                .then().statusCode(400).body("errors[0].parameter", equalTo("Idempotency-Key"));

        nothingSent(s);
    }
}
