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
 * Answers what never reaches a JAX-RS resource (no route, a body over the HTTP limit, a failure in the HTTP layer)
 * with the same error envelope.
 */
@ApplicationScoped
public class HttpFallbacks {

    private static final Logger LOG = Logger.getLogger(HttpFallbacks.class);

    private final ObjectMapper mapper;

    HttpFallbacks(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE).handler(ctx -> write(ctx, 404));
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500 && ctx.failure() != null) {
            LOG.errorf(ctx.failure(), "failure in the HTTP layer on %s", ctx.request().path());
        }
        write(ctx, status >= 500 ? 500 : status);
    }

    private void write(RoutingContext ctx, int status) {
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        String body;
        try {
            body = mapper.writeValueAsString(ErrorBodies.body(status, status == 400
                    ? List.of(new Problem("request", "is malformed")) : List.of()));
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
