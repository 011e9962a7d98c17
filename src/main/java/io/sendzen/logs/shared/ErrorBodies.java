package io.sendzen.logs.shared;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The error envelope of docs/logs-api.md, one body per status, key order as specified. */
public final class ErrorBodies {

    public static final String INVALID = "Invalid request parameters";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "Not found";
    public static final String CONFLICT = "Conflict";
    public static final String RETRY_AFTER_SECONDS = "5";

    private ErrorBodies() {
    }

    public static String message(int status) {
        return switch (status) {
            case 400 -> INVALID;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 409 -> CONFLICT;
            case 413 -> "Payload too large";
            case 414 -> "URI too long";
            case 431 -> "Request header fields too large";
            case 415 -> "Unsupported media type";
            case 429 -> "Too many requests";
            case 503 -> "Service unavailable";
            default -> status >= 500 ? "Internal server error" : "Request failed";
        };
    }

    /** The body for {@code status}; 401 and 403 carry only the message, as SendZen's do. */
    public static Map<String, Object> body(int status, List<Problem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message(status));
        if (status == 401 || status == 403) {
            return body;
        }
        body.put("data", null);
        if (status == 400 || !problems.isEmpty()) {
            body.put("errors", new ArrayList<>(problems));
        }
        return body;
    }

    public static Response response(int status, List<Problem> problems) {
        return response(status, problems, RETRY_AFTER_SECONDS);
    }

    /** With {@code retryAfter} as the {@code Retry-After} of a 429 or 503. */
    public static Response response(int status, List<Problem> problems, String retryAfter) {
        Response.ResponseBuilder builder = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(status, problems));
        if (status == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (status == 429 || status == 503) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return builder.build();
    }

    public static Response response(int status) {
        return response(status, List.of());
    }
}
