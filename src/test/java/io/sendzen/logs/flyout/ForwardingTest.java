package io.sendzen.logs.flyout;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ForwardingTest {

    private HttpServer receiver;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void storedEventIsForwardedAndMarkedSuccess() throws Exception {
        String project = Admin.project();
        String phone = Admin.phoneNumber(project);
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{\"url\":\"" + url + "\"}")
                .when().post("/v1/admin/projects/" + project + "/webhooks").then().statusCode(201);
        String body = Meta.singleStatus(phone, Meta.wamid(), "delivered");
        Meta.post(body).statusCode(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String status = "pending";
        while (System.nanoTime() < deadline && !"success".equals(status)) {
            Thread.sleep(100);
            status = given().auth().oauth2(TestTokens.project(project, "logs:read")).when().get("/v1/logs")
                    .then().statusCode(200).extract().path("data.logs[0].flyout_delivery_status");
        }
        assertEquals("success", status);
        assertEquals(List.of(body), received);
    }
}
