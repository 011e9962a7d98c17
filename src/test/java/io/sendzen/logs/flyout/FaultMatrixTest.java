package io.sendzen.logs.flyout;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.flyout.Attempts.Attempt;
import io.sendzen.logs.flyout.Entries.Entry;
import io.sendzen.logs.flyout.Receiver.Answer;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults of a receiver, each with the reason recorded and the retry decision (see docs/flyout.md, Outcomes); timeouts,
 * TLS, refused connections and Retry-After (429, 503) are in {@link DeliveryTest}.
 */
@QuarkusTest
class FaultMatrixTest extends ReceiverFixture {

    private void forward(String url) {
        Admin.addWebhook(project, url);
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
    }

    private List<Attempt> attempts(Entry entry) {
        return Attempts.of(dataSource, project, entry.logId());
    }

    @Test
    void aRedirectIsNotFollowedAndFailsAtOnce() {
        String elsewhere = receiver.url("elsewhere");
        forward(receiver.url("hook", Answer.of(302, "moved").withHeader("Location", elsewhere)));
        Entry entry = Entries.awaitStatus(project, "failed");
        assertEquals(302, entry.responseCode());
        assertEquals(List.of("failed"), attempts(entry).stream().map(Attempt::outcome).toList());
        assertEquals(0, receiver.requests("elsewhere").size(), "the Location was not visited");
    }

    @Test
    void goneFailsAtOnceAndDisablesTheEndpoint() {
        Admin.Endpoint endpoint = Admin.addWebhook(project, receiver.url("hook", Answer.of(410, "gone")));
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        Entry entry = Entries.awaitStatus(project, "failed");
        assertEquals(410, entry.responseCode());
        assertEquals(List.of("failed"), attempts(entry).stream().map(Attempt::outcome).toList());
        Admin.asAdmin().get("/v1/admin/projects/{p}/webhooks/{w}", project, endpoint.id()).then().statusCode(200)
                .body("enabled", org.hamcrest.Matchers.equalTo(false));
        // later events are not sent to it
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "read")).statusCode(200);
        assertEquals(1, receiver.requests("hook").size());
    }

    /** Answers the start of a response, then resets the connection (RST, not a clean close). */
    private static ServerSocket resettingServer() throws IOException {
        return rawServer(socket -> {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"partial\":".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoLinger(true, 0);
            socket.close();
        });
    }

    @Test
    void aConnectionResetMidAnswerIsRetriedWithItsReason() throws IOException {
        try (ServerSocket server = resettingServer()) {
            forward("http://127.0.0.1:" + server.getLocalPort() + "/hook");
            Entry entry = Entries.await(project, e -> !e.response().equals("-"));
            assertEquals("pending", entry.status());
            assertEquals(0, entry.responseCode(), "a cut answer is no answer");
            Attempt first = attempts(entry).get(0);
            assertEquals("retry", first.outcome());
            assertNotNull(first.error());
            assertTrue(first.error().startsWith("connection failed") || first.error().equals("connection refused"),
                    first.error());
        }
    }

    @Test
    void aNameThatDoesNotResolveIsRetried() {
        forward("http://no-such-host.invalid/hook");
        Entry entry = Entries.await(project, e -> !e.response().equals("-"));
        assertEquals("pending", entry.status());
        assertEquals("host not found", entry.response());
        assertEquals("retry", attempts(entry).get(0).outcome());
    }

    /** Answers 200 with a body of {@code bytes} 'z's, written from one small buffer, so the test holds none of it. */
    private static ServerSocket hugeAnswer(long bytes) throws IOException {
        return rawServer(socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bytes + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'z');
            for (long left = bytes; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.flush();
            socket.close();
        });
    }

    /** What every live thread of this JVM (the service's included) has allocated on the heap so far. */
    private static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    @Test
    void aMultiMegabyteAnswerIsReadOnlyAsFarAsItsExcerptAndNotHeldInMemory() throws IOException {
        long size = 128L * 1024 * 1024;
        try (ServerSocket server = hugeAnswer(size)) {
            long before = allocatedBytes();
            forward("http://127.0.0.1:" + server.getLocalPort() + "/hook");
            Entry entry = Entries.awaitStatus(project, "success");
            long allocated = allocatedBytes() - before;
            assertEquals(1024, entry.response().length());
            assertEquals("z".repeat(1024), attempts(entry).get(0).excerpt());
            // the whole service, this test's polling included, allocated far less than the answer: it was not kept
            assertTrue(allocated < size / 4, "allocated " + allocated + " bytes while a " + size + "-byte answer came in");
        }
    }
}
