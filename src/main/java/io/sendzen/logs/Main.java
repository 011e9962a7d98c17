package io.sendzen.logs;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.sendzen.logs.boot.Bootstrap;
import io.sendzen.logs.boot.TokenCommand;
import io.sendzen.logs.shared.HttpFallbacks;

/**
 * Entry point: {@code token ...} signs a JWT and exits without starting anything; otherwise the embedded
 * PostgreSQL and the signing keys are prepared when not configured, then Quarkus starts.
 */
@QuarkusMain
public final class Main {

    Main() {
    }

    public static void main(String... args) {
        if (args.length > 0 && "token".equals(args[0])) {
            System.exit(TokenCommand.run(args));
        }
        Bootstrap bootstrap;
        try {
            bootstrap = Bootstrap.prepare();
        } catch (IllegalStateException e) {
            System.err.println("Startup failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        bootstrap.overrides().forEach(System::setProperty);
        System.setProperty(HttpFallbacks.QUARKUS_TARGET_CHECK_OFF, "true");
        Quarkus.run(null, (code, failure) -> {
            if (failure != null) {
                // Quarkus hands the cause of a failed start here and logs nothing itself: say it, with its chain
                System.err.println("Startup failed: " + causes(failure));
            }
            bootstrap.close();
            System.exit(code);
        }, args);
    }

    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return text.toString();
    }
}
