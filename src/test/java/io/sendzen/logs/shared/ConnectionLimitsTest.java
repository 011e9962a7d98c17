package io.sendzen.logs.shared;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Clients that send nothing are cut after the idle timeout; one that drips bytes holds no thread from others. */
@QuarkusTest
@TestProfile(ConnectionLimitsTest.ShortIdleTimeout.class)
class ConnectionLimitsTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sendzen.http.idle-timeout", "2s");
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            long start = System.nanoTime();
            int read;
            try {
                read = socket.getInputStream().read();
            } catch (SocketTimeoutException e) {
                fail("the idle connection was still open after 15 s");
                return;
            }
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(-1, read, "closed, with nothing written");
            assertTrue(waitedMs >= 1_500 && waitedMs < 10_000, "closed after " + waitedMs + " ms");
        }
    }

    @Test
    void clientsDrippingBytesDoNotKeepOthersWaiting() throws Exception {
        String reader = TestTokens.project(Admin.createProject(), Scopes.LOGS_READ);
        Socket[] slow = new Socket[64];
        try {
            for (int i = 0; i < slow.length; i++) {
                slow[i] = new Socket("localhost", RestAssured.port);
                slow[i].getOutputStream().write("GET /v1/logs HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            for (int second = 0; second < 3; second++) {
                for (Socket socket : slow) {
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write('X');     // a header that never ends, one byte a second
                        out.flush();
                    } catch (IOException closed) {
                        // the service may cut a dripping client (the idle timeout, when a slow round takes long)
                    }
                }
                long start = System.nanoTime();
                for (int i = 0; i < 10; i++) {
                    given().auth().oauth2(reader).get("/v1/logs").then().statusCode(200);
                }
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMs < 5_000, "ten pages took " + tookMs + " ms beside 64 dripping clients");
                Thread.sleep(1_000);
            }
        } finally {
            for (Socket socket : slow) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

}
