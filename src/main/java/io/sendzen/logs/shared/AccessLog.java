package io.sendzen.logs.shared;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/** With {@code sendzen.access-log.json=true}, one JSON line per request: no query string, no headers, no body. */
@ApplicationScoped
public class AccessLog {

    private static final Logger LOG = Logger.getLogger("access");

    private final boolean enabled;
    private final ObjectMapper mapper;

    AccessLog(SendzenConfig config, ObjectMapper mapper) {
        this.enabled = config.accessLog().json();
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        if (!enabled) {
            return;
        }
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            long start = System.nanoTime();
            ctx.addBodyEndHandler(done -> {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("method", ctx.request().method().name());
                line.put("path", ctx.request().path());
                line.put("status", ctx.response().getStatusCode());
                line.put("duration_ms", (System.nanoTime() - start) / 1_000_000.0);
                line.put("bytes", ctx.response().bytesWritten());
                line.put("remote", ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress());
                try {
                    LOG.info(mapper.writeValueAsString(line));
                } catch (Exception e) {
                    LOG.debug("access log line not written", e);
                }
            });
            ctx.next();
        });
    }
}
