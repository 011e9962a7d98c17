package io.sendzen.logs.shared;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

import java.sql.SQLException;

/**
 * Read-your-writes with replicas: a successful write under {@code /v1} answers with the primary's WAL position (in
 * the {@value ReadAfter#HEADER} header and a one-minute {@value ReadAfter#COOKIE} cookie), and a request that sends
 * it back reads from a replica only once that replica has replayed so far ({@link ReadSources}). Without replicas
 * configured, nothing is added and nothing is read.
 */
@Provider
public class ReadAfterHeaders implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(ReadAfterHeaders.class);
    private static final String WEBHOOK = "/v1/webhooks/";

    private final ReadSources sources;
    private final ReadAfter readAfter;

    ReadAfterHeaders(ReadSources sources, ReadAfter readAfter) {
        this.sources = sources;
        this.readAfter = readAfter;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!sources.replicated()) {
            return;
        }
        String header = request.getHeaderString(ReadAfter.HEADER);
        if (header != null) {
            readAfter.set(valid(ReadAfter.HEADER, header));
            return;
        }
        Cookie cookie = request.getCookies().get(ReadAfter.COOKIE);
        if (cookie != null) {
            readAfter.set(valid(ReadAfter.COOKIE, cookie.getValue()));
        }
    }

    private static String valid(String field, String value) {
        if (!ReadAfter.LSN.matcher(value.strip()).matches()) {
            throw ApiException.badRequest(field, "must be a WAL position as answered by a write, like 0/16B3748");
        }
        return value.strip();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        if (!sources.replicated() || method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || response.getStatus() >= 300) {
            return;
        }
        // the raw path: decoding it again would fail on an escaped percent sign that a 405 is answered for
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!path.startsWith("/v1/") || path.startsWith(WEBHOOK)) {
            return;
        }
        try {
            String lsn = sources.writtenUpTo();
            response.getHeaders().putSingle(ReadAfter.HEADER, lsn);
            response.getHeaders().add(HttpHeaders.SET_COOKIE,
                    ReadAfter.COOKIE + "=" + lsn + "; Path=/v1; Max-Age=60; HttpOnly; SameSite=Strict");
        } catch (SQLException e) {
            // the write is done; without the position the client may read from a replica that has not caught up
            LOG.debugf("WAL position not read after a write: %s", e.getMessage());
        }
    }
}
