package io.sendzen.logs.flyout;

import io.sendzen.logs.shared.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;

/** Sends an entry again on request ({@code POST /v1/logs/{log_id}/redeliver}). */
@ApplicationScoped
public class Redeliveries {

    private final FlyoutStore store;
    private final FlyoutDispatcher dispatcher;

    Redeliveries(FlyoutStore store, FlyoutDispatcher dispatcher) {
        this.store = store;
        this.dispatcher = dispatcher;
    }

    /** Puts the project's entry back in line to be sent now: 404 when it has no such entry, 409 when never forwarded. */
    public void schedule(String projectId, long logId) throws SQLException {
        switch (store.redeliver(projectId, logId, AttemptTrigger.MANUAL)) {
            case NO_SUCH_ENTRY -> throw ApiException.notFound();
            case NOT_FORWARDED -> throw ApiException.conflict("log_id", "the entry was not forwarded to any endpoint");
            case SCHEDULED -> dispatcher.wake();
        }
    }
}
