package io.sendzen.logs.shared;

import java.util.List;

/** An answer other than success, rendered in the API's error envelope by {@link ErrorMapper}. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final List<Problem> problems;

    private ApiException(int status, String message, List<Problem> problems) {
        super(message, null, false, false);
        this.status = status;
        this.problems = problems;
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

    public static ApiException status(int status) {
        return new ApiException(status, null, List.of());
    }

    public int status() {
        return status;
    }

    public List<Problem> problems() {
        return problems;
    }
}
