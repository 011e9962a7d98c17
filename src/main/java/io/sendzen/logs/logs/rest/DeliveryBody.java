package io.sendzen.logs.logs.rest;

import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.LogEntries;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A delivery from Meta as an answer: its body byte for byte, when it arrived and its id in headers. */
final class DeliveryBody {

    static final String RECEIVED_AT = "X-Delivery-Received-At";
    static final String DELIVERY_ID = "X-Delivery-Id";

    private DeliveryBody() {
    }

    static Response of(LogEntries.Delivery delivery) {
        return Response.ok(delivery.body(), MediaType.APPLICATION_JSON_TYPE)
                .header(RECEIVED_AT, Ticks.iso(delivery.receivedAt()))
                .header(DELIVERY_ID, Long.toString(delivery.deliveryId()))
                .build();
    }
}
