package io.sendzen.logs.shared;

import java.util.List;

/** An answer other than success, rendered in the API's error envelope by {@link ErrorMapper}. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final List<Problem> problems;
    private final long retryAfterSeconds;

    private ApiException(int status, String message, List<Problem> problems) {
        this(status, message, problems, 0);
    }

    private ApiException(int status, String message, List<Problem> problems, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.problems = problems;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(List<Problem> problems) {
        return new ApiException(400, ErrorBodies.INVALID, List.copyOf(problems));
    }

    public static ApiException badRequest(String parameter, String problem) {
        return badRequest(List.of(new Problem(parameter, problem)));
    }

    public static ApiException conflict(String parameter, String problem) {
        return new ApiException(409, ErrorBodies.CONFLICT, List.of(new Problem(parameter, problem)));
    }

    public static ApiException notFound() {
        return new ApiException(404, ErrorBodies.NOT_FOUND, List.of());
    }

    public static ApiException forbidden() {
        return new ApiException(403, ErrorBodies.FORBIDDEN, List.of());
    }

    /** 429, with the seconds after which a request will be taken again. */
    public static ApiException tooManyRequests(long retryAfterSeconds) {
        return new ApiException(429, null, List.of(), Math.max(1, retryAfterSeconds));
    }

    public static ApiException status(int status) {
        return new ApiException(status, null, List.of());
    }

    public int status() {
        return status;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** For a 429: when to try again; 0 when the default applies. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
