package io.sendzen.logs.shared;

import java.util.LinkedHashMap;
import java.util.Map;

/** The body of a successful answer, SendZen's way: {@code message}, then {@code data}. */
public final class Envelope {

    private Envelope() {
    }

    public static Map<String, Object> of(String message, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("data", data);
        return body;
    }
}
