package io.sendzen.logs.console;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The console's files are served from {@code META-INF/resources/console/}; every answer under {@code /console/}
 * carries a policy that lets the page run only its own files and talk only to this service.
 */
@ApplicationScoped
public class ConsoleRoutes {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    // after HttpFallbacks' check of the request target (Integer.MIN_VALUE), before the static files
    private static final int ORDER = Integer.MIN_VALUE + 10;

    void install(@Observes Router router) {
        router.route("/console").order(ORDER).handler(ConsoleRoutes::toTheFolder);
        router.routeWithRegex("/console/.*").order(ORDER).handler(ConsoleRoutes::hardened);
    }

    // relative links of the page resolve against /console/ only with the trailing slash
    private static void toTheFolder(RoutingContext ctx) {
        // the route matches "/console/" too: Vert.x ignores a trailing slash
        if (!ctx.request().path().equals("/console")) {
            ctx.next();
            return;
        }
        String query = ctx.request().query();
        hardenedHeaders(ctx);
        ctx.response().setStatusCode(301)
                .putHeader("Location", query == null ? "/console/" : "/console/?" + query)
                .end();
    }

    private static void hardened(RoutingContext ctx) {
        // set when the headers go out, so that whichever handler answers (a file, the 404 fallback) keeps them
        ctx.addHeadersEndHandler(v -> hardenedHeaders(ctx));
        ctx.next();
    }

    private static void hardenedHeaders(RoutingContext ctx) {
        ctx.response().headers()
                .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer")
                .set("X-Frame-Options", "DENY")
                .set("Cross-Origin-Opener-Policy", "same-origin")
                .set("Cache-Control", "no-cache");
    }
}
