package io.sendzen.logs.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Answers what never reaches a JAX-RS resource (a malformed request target, no route, a body over the HTTP limit, a
 * failure in the HTTP layer) with the same error envelope.
 */
@ApplicationScoped
public class HttpFallbacks {

    /**
     * The JVM property that turns off Quarkus's check of the request target, which answers a malformed one with an
     * empty 400 before any route runs; it is read once, so it must be set before Quarkus starts. The same check is
     * then made here, answering in the envelope.
     */
    public static final String QUARKUS_TARGET_CHECK_OFF = "vertx.disableURIValidation";

    private static final Logger LOG = Logger.getLogger(HttpFallbacks.class);
    /**
     * The longest request target and header block answered here, in the envelope. The HTTP codec's own limits
     * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set well above, so a request
     * between the two is told why in JSON; only one beyond the codec's limits gets the codec's empty answer.
     */
    static final int MAX_TARGET_CHARS = 8192;
    static final int MAX_HEADER_BYTES = 16384;

    private final ObjectMapper mapper;

    HttpFallbacks(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::rejectMalformedTarget);
        router.route().order(Integer.MAX_VALUE).handler(ctx -> write(ctx, 404, List.of()));
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    // the first route: nothing has decoded the path or the query yet
    private void rejectMalformedTarget(RoutingContext ctx) {
        String target = ctx.request().uri();
        if (target != null && target.length() > MAX_TARGET_CHARS) {
            write(ctx, 414, List.of());
            return;
        }
        if (headerBytes(ctx) > MAX_HEADER_BYTES) {
            write(ctx, 431, List.of());
            return;
        }
        RequestTarget.problem(target).ifPresentOrElse(problem -> write(ctx, 400, List.of(problem)), ctx::next);
    }

    private static int headerBytes(RoutingContext ctx) {
        int bytes = 0;
        for (var header : ctx.request().headers()) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500 && ctx.failure() != null) {
            LOG.errorf(ctx.failure(), "failure in the HTTP layer on %s", ctx.request().path());
        }
        write(ctx, status >= 500 ? 500 : status,
                status == 400 ? List.of(new Problem("request", "is malformed")) : List.of());
    }

    private void write(RoutingContext ctx, int status, List<Problem> problems) {
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        String body;
        try {
            body = mapper.writeValueAsString(ErrorBodies.body(status, problems));
        } catch (JsonProcessingException e) {
            body = "{\"message\":\"Internal server error\",\"data\":null}";
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        ctx.response().end(body);
    }
}
