package io.sendzen.logs.messages;

import io.sendzen.logs.messages.StatusOrder.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StatusOrderTest {

    private static final long T = 1704067200L;

    private static Status status(String name, Long timestamp, long receivedAt) {
        return new Status(name, timestamp, receivedAt, receivedAt, List.of());
    }

    private static List<String> names(List<Status> statuses) {
        return statuses.stream().map(Status::status).toList();
    }

    @Test
    void metasTimestampOrdersBeforeReceipt() {
        List<Status> ordered = StatusOrder.order(List.of(status("read", T + 9, 1), status("sent", T, 2),
                status("delivered", T + 3, 3)));
        assertEquals(List.of("sent", "delivered", "read"), names(ordered));
        assertEquals("read", StatusOrder.latest(ordered));
    }

    @Test
    void rankOrdersWithinOneSecond() {
        assertEquals(List.of("sent", "delivered", "played"), names(StatusOrder.order(List.of(status("played", T, 1),
                status("delivered", T, 2), status("sent", T, 3)))));
    }

    @Test
    void failedComesLastEvenWithAnEarlierTimestamp() {
        List<Status> ordered = StatusOrder.order(List.of(status("failed", T, 1), status("sent", T + 60, 2)));
        assertEquals(List.of("sent", "failed"), names(ordered));
        assertEquals("failed", StatusOrder.latest(ordered));
    }

    @Test
    void theSameStatusAndTimestampCountsOnceAsFirstReceived() {
        List<Status> ordered = StatusOrder.order(List.of(status("sent", T, 1), status("sent", T, 2),
                status("sent", T + 1, 3)));
        assertEquals(List.of(1L, 3L), ordered.stream().map(Status::logId).toList());
    }

    @Test
    void aStatusWithoutTimestampGoesAfterThoseWithOne() {
        assertEquals(List.of("delivered", "sent"), names(StatusOrder.order(List.of(status("sent", null, 1),
                status("delivered", T, 2)))));
    }

    @Test
    void noStatusHasNoLatest() {
        assertNull(StatusOrder.latest(List.of()));
    }

    @Test
    void errorsAppearOnceEach() {
        MessageViews.ErrorView error = new MessageViews.ErrorView(131047, "Re-engagement message", "details");
        List<Status> ordered = List.of(new Status("failed", T, 1, 1, List.of(error)),
                new Status("failed", T + 1, 2, 2, List.of(error)));
        assertEquals(List.of(error), StatusOrder.errors(ordered));
    }
}
