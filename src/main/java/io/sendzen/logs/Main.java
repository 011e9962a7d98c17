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
            bootstrap.close();
            System.exit(code);
        }, args);
    }
}
