package io.sendzen.logs.shared;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The one place where every failure becomes the API's error envelope; no framework body reaches a client. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    private final AllowedMethods allowedMethods;

    ErrorMapper(AllowedMethods allowedMethods) {
        this.allowedMethods = allowedMethods;
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return ErrorBodies.response(e.status(), e.problems(), e.retryAfterSeconds() > 0
                ? Long.toString(e.retryAfterSeconds()) : ErrorBodies.RETRY_AFTER_SECONDS);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthorized(RuntimeException e) {
        return ErrorBodies.response(401);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ErrorBodies.response(403);
    }

    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class, UnrecognizedPropertyException.class,
            ValueInstantiationException.class})
    public Response json(JsonProcessingException e) {
        return ErrorBodies.response(400, List.of(JsonProblems.describe(e)));
    }

    /** A request record's constraints; any other validation failure (a return value, a broken constraint) is ours. */
    @ServerExceptionMapper
    public Response invalid(ValidationException e) {
        return ConstraintProblems.ofRequest(e)
                .map(problems -> ErrorBodies.response(400, problems))
                .orElseGet(() -> unexpected(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        Response response = ErrorBodies.response(status, status == 400
                ? List.of(new Problem("request", "is malformed")) : List.of());
        if (e instanceof NotAllowedException) {
            // the path as sent: its segments name the template, and decoding it again can fail ('%25' next to ';')
            String given = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
            return (given != null ? Optional.of(given) : allowedMethods.of(request.path()))
                    .map(allow -> Response.fromResponse(response).header(HttpHeaders.ALLOW, allow).build())
                    .orElse(response);
        }
        return response;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseFailures.isUnavailable(e)) {
            LOG.warnf("database unavailable: %s", e.toString());
            return ErrorBodies.response(503);
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, error id %s", id);
        return Response.fromResponse(ErrorBodies.response(500)).header("X-Error-Id", id).build();
    }
}
