package io.sendzen.logs.flyout;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.flyout.Attempts.Attempt;
import io.sendzen.logs.flyout.Entries.Entry;
import io.sendzen.logs.flyout.Receiver.Answer;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the entry and the attempts table record for each kind of answer the receiver gives. */
@QuarkusTest
class DeliveryTest extends ReceiverFixture {

    private String forward(String url) {
        Admin.addWebhook(project, url);
        String body = Meta.singleStatus(phone, Meta.wamid(), "delivered");
        Meta.post(body).statusCode(200);
        return body;
    }

    private List<Attempt> attempts(Entry entry) {
        return Attempts.of(dataSource, project, entry.logId());
    }

    private static String closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
        }
    }

    /** A TCP server that answers anything with a plain-text HTTP error, as a server without TLS does. */
    private static ServerSocket plainTextServer() throws IOException {
        return rawServer(socket -> {
            try (socket) {
                socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            }
        });
    }

    @Test
    void forwardIsAPostOfThePayloadBytesAsJson() {
        String body = forward(receiver.url("hook"));
        Entries.awaitStatus(project, "success");
        Receiver.Request request = receiver.requests("hook").get(0);
        assertEquals("POST", request.method());
        assertEquals("application/json", request.header("content-type"));
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), request.body());
    }

    @Test
    void successIsRecordedWithTheCodeAndTheAnswer() {
        String url = receiver.url("hook", Answer.of(202, "{\"received\":true}"));
        forward(url);
        Entry entry = Entries.awaitStatus(project, "success");
        assertEquals(202, entry.responseCode());
        assertEquals("{\"received\":true}", entry.response());
        assertEquals(url, entry.flyoutUrl());
        assertFalse(Attempts.pending(dataSource, entry.logId()));
    }

    @Test
    void serviceUnavailableIsRetriedUntilItSucceeds() {
        forward(receiver.url("hook", Answer.of(503, "busy"), Answer.of(200, "ok")));
        Entry entry = Entries.awaitStatus(project, "success");
        assertEquals(200, entry.responseCode());
        assertEquals("ok", entry.response());
        List<Receiver.Request> requests = receiver.requests("hook");
        assertEquals(2, requests.size());
        assertEquals(requests.get(0).header("webhook-id"), requests.get(1).header("webhook-id"));
    }

    @Test
    void whileRetryingTheEntryIsPendingAndShowsTheLastAttempt() {
        forward(receiver.url("hook", Answer.of(503, "busy"), Answer.never()));
        Entry entry = Entries.await(project, e -> e.responseCode() == 503);
        assertEquals("pending", entry.status());
        assertEquals("busy", entry.response());
    }

    @Test
    void badRequestFailsAtOnceWithoutRetry() {
        forward(receiver.url("hook", Answer.of(400, "unknown field"), Answer.of(200, "ok")));
        Entry entry = Entries.awaitStatus(project, "failed");
        assertEquals(400, entry.responseCode());
        assertEquals("unknown field", entry.response());
        assertFalse(Attempts.pending(dataSource, entry.logId()));
        assertEquals(1, receiver.requests("hook").size());
        assertEquals(List.of("failed"), attempts(entry).stream().map(Attempt::outcome).toList());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} with Retry-After")
    @org.junit.jupiter.params.provider.ValueSource(ints = {429, 503})
    void anAnswerWithRetryAfterIsRetriedNoSooner(int status) {
        // the test schedule would retry after 1 s (plus or minus 20%); Retry-After asks for 2 s
        forward(receiver.url("hook", Answer.of(status, "slow down").withHeader("Retry-After", "2"), Answer.of(200, "ok")));
        Entries.awaitStatus(project, "success");
        List<Receiver.Request> requests = receiver.requests("hook");
        assertEquals(2, requests.size());
        long waited = requests.get(1).arrivedAtMillis() - requests.get(0).arrivedAtMillis();
        assertTrue(waited >= 2_000, "retried after " + waited + " ms");
    }

    @Test
    void receiverThatNeverAnswersTimesOut() {
        forward(receiver.url("hook", Answer.never()));
        Entry entry = Entries.await(project, e -> !e.response().equals("-"));
        assertEquals("pending", entry.status());
        assertEquals(0, entry.responseCode());
        assertEquals("timed out after 10 s", entry.response());
        Attempt first = attempts(entry).get(0);
        assertEquals("timed out after 10 s", first.error());
        assertTrue(first.durationMs() >= 10_000 && first.durationMs() < 20_000, first.durationMs() + " ms");
    }

    @Test
    void answerWhoseBodyNeverEndsTimesOut() {
        forward(receiver.url("hook", Answer.bodyNeverEnds(200, "{\"partial\":")));
        Entry entry = Entries.await(project, e -> !e.response().equals("-"));
        assertEquals("pending", entry.status());
        assertEquals("timed out after 10 s", entry.response());
        Attempt first = attempts(entry).get(0);
        assertTrue(first.durationMs() >= 10_000 && first.durationMs() < 20_000, first.durationMs() + " ms");
    }

    @Test
    void httpsToAServerThatDoesNotSpeakTlsIsRecordedAsTlsHandshakeFailed() throws IOException {
        try (ServerSocket plainText = plainTextServer()) {
            forward("https://127.0.0.1:" + plainText.getLocalPort() + "/hook");
            Entry entry = Entries.await(project, e -> !e.response().equals("-"));
            assertEquals(0, entry.responseCode());
            assertEquals("TLS handshake failed", entry.response());
        }
    }

    @Test
    void httpsServerThatNeverCompletesTheHandshakeIsRecordedAsAConnectTimeout() {
        forward("https://127.0.0.1:" + receiver.port() + receiver.path("hook"));
        Entry entry = Entries.await(project, e -> !e.response().equals("-"));
        assertEquals("pending", entry.status());
        assertEquals(0, entry.responseCode());
        assertEquals("connect timed out after 5 s", entry.response());
        assertTrue(receiver.requests().isEmpty());
    }

    @Test
    void retryAfterIsHonouredUpToTheCap() throws SQLException {
        forward(receiver.url("hook", Answer.of(503, "maintenance").withHeader("Retry-After", "31536000")));
        Entry entry = Entries.await(project, e -> e.responseCode() == 503);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "select extract(epoch from next_attempt_at - now()) from flyout_job where log_id = ?")) {
            s.setLong(1, Long.parseLong(entry.logId()));
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next());
                double seconds = rows.getDouble(1);
                long cap = RetrySchedule.RETRY_AFTER_CAP.toSeconds();
                assertTrue(seconds > cap - 60 && seconds <= cap, seconds + " s");
            }
        }
    }

    @Test
    void closedPortIsRecordedAsConnectionRefused() throws IOException {
        forward(closedPortUrl());
        Entry entry = Entries.await(project, e -> !e.response().equals("-"));
        assertEquals(0, entry.responseCode());
        assertEquals("connection refused", entry.response());
        assertEquals("connection refused", attempts(entry).get(0).error());
    }

    @Test
    void afterTheLastRetryTheEntryFailsWithTheReason() throws IOException {
        forward(closedPortUrl());
        Entry entry = Entries.awaitStatus(project, "failed");
        assertEquals(0, entry.responseCode());
        assertEquals("connection refused", entry.response());
        assertEquals(List.of("retry", "retry", "retry", "failed"), attempts(entry).stream().map(Attempt::outcome).toList());
        assertFalse(Attempts.pending(dataSource, entry.logId()));
    }

    @Test
    void afterTheLastRetryTheEntryFailsWithTheLastAnswer() {
        forward(receiver.url("hook", Answer.of(500, "database down")));
        Entry entry = Entries.awaitStatus(project, "failed");
        assertEquals(500, entry.responseCode());
        assertEquals("database down", entry.response());
        assertEquals(4, receiver.requests("hook").size());
    }

    @Test
    void largeAnswerIsRecordedAsItsFirstKibibyte() {
        byte[] mebibyte = new byte[1024 * 1024];
        Arrays.fill(mebibyte, (byte) 'a');
        forward(receiver.url("hook", Answer.of(200, mebibyte)));
        Entry entry = Entries.awaitStatus(project, "success");
        assertEquals("a".repeat(1024), entry.response());
        assertEquals("a".repeat(1024), attempts(entry).get(0).excerpt());
    }

    @Test
    void excerptCutInsideACharacterStaysWithinOneKibibyte() {
        byte[] euros = "€".repeat(1000).getBytes(StandardCharsets.UTF_8);
        forward(receiver.url("hook", Answer.of(200, euros)));
        Entry entry = Entries.awaitStatus(project, "success");
        assertTrue(entry.response().getBytes(StandardCharsets.UTF_8).length <= 1024,
                entry.response().getBytes(StandardCharsets.UTF_8).length + " bytes");
        assertTrue(entry.response().startsWith("€".repeat(341)));
    }

    @Test
    void everyAttemptIsKeptWithTimeDurationCodeAnswerAndError() {
        String url = receiver.url("hook", Answer.of(503, "busy"), Answer.of(200, "ok"));
        forward(url);
        Entry entry = Entries.awaitStatus(project, "success");
        List<Attempt> attempts = attempts(entry);
        assertEquals(2, attempts.size());
        Attempt first = attempts.get(0);
        Attempt second = attempts.get(1);
        assertEquals(List.of(1, 2), List.of(first.attempt(), second.attempt()));
        assertEquals(List.of(url, url), List.of(first.url(), second.url()));
        assertEquals(List.of(503, 200), List.of(first.responseCode(), second.responseCode()));
        assertEquals(List.of("busy", "ok"), List.of(first.excerpt(), second.excerpt()));
        assertEquals(List.of("retry", "success"), List.of(first.outcome(), second.outcome()));
        assertNull(first.error());
        assertNull(second.error());
        assertTrue(first.durationMs() >= 0 && second.durationMs() >= 0);
        assertTrue(second.startedAt().isAfter(first.startedAt().plusMillis(700)), first.startedAt() + " " + second.startedAt());
    }
}
