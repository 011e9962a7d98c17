package io.sendzen.logs.boot;

import io.quarkus.runtime.configuration.DurationConverter;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.projects.Tokens;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code token --admin} or {@code token --project ID --scope logs:read [--scope ...] [--ttl 1h]}: signs a JWT with the
 * service's key and prints it as the last line. Starts neither the HTTP server nor the database.
 */
public final class TokenCommand {

    private static final String MALFORMED_TTL = "--ttl takes a duration such as 3600, 30m, 1h or 7d";
    private static final String USAGE = "usage: token --admin [--ttl 1h] | token --project ID --scope logs:read [--scope logs:write] [--ttl 1h]";

    private TokenCommand() {
    }

    public static int run(String[] args) {
        return run(args, PreBootConfig.load(), System.out, System.err);
    }

    static int run(String[] args, PreBootConfig config, PrintStream out, PrintStream err) {
        boolean admin = false;
        String project = null;
        Set<String> scopes = new LinkedHashSet<>();
        Duration ttl = Duration.ofHours(1);
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--admin" -> admin = true;
                    case "--project" -> project = value(args, ++i);
                    case "--scope" -> scopes.add(value(args, ++i));
                    case "--ttl" -> ttl = parseTtl(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (admin == (project != null)) {
                throw new IllegalArgumentException("give either --admin or --project");
            }
            if (admin) {
                if (!scopes.isEmpty()) {
                    throw new IllegalArgumentException("--scope goes with --project");
                }
                scopes.add(Scopes.ADMIN);
            } else {
                if (scopes.isEmpty()) {
                    scopes.add(Scopes.LOGS_READ);
                }
                for (String scope : scopes) {
                    if (!Scopes.PROJECT_SCOPES.contains(scope)) {
                        throw new IllegalArgumentException("unknown scope " + scope + " (" + Scopes.PROJECT_SCOPE_NAMES + ")");
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Path keyFile = config.get(Bootstrap.SIGN_KEY_LOCATION)
                .map(TokenCommand::toPath)
                .orElse(config.dataDir().resolve("keys").resolve(SigningKeys.PRIVATE_KEY_FILE));
        if (!Files.isRegularFile(keyFile)) {
            err.println("no signing key at " + keyFile + ": start the service once to generate it, or set "
                    + Bootstrap.SIGN_KEY_LOCATION);
            return 1;
        }
        String issuer = config.get("mp.jwt.verify.issuer", "sendzen-logs");
        Instant expiresAt = Instant.now().plus(ttl);
        String jti = Tokens.newId();
        String token = Tokens.claims(issuer, project, scopes, expiresAt, jti).jws().sign(SigningKeys.readPrivateKey(keyFile));
        err.println("expires at " + expiresAt);
        err.println("id " + jti + " (to revoke it: DELETE /v1/admin/tokens/" + jti + ")");
        out.println(token);
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** Quarkus' durations ({@code 3600} seconds, {@code 30m}, {@code 1h}, {@code 7d}, ISO {@code PT1H}), whole seconds. */
    static Duration parseTtl(String text) {
        String trimmed = text.trim();
        Duration ttl;
        try {
            ttl = DurationConverter.parseDuration(trimmed);
            if (ttl != null) {
                Instant.now().plus(ttl);
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("--ttl is too long");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MALFORMED_TTL);
        }
        boolean iso = trimmed.toUpperCase(Locale.ROOT).contains("P");
        // the short form keeps its lowercase units (the converter also takes 1H); exp is in whole seconds
        boolean unitInUppercase = !iso && !trimmed.equals(trimmed.toLowerCase(Locale.ROOT));
        if (ttl == null || ttl.isNegative() || ttl.getNano() != 0 || unitInUppercase) {
            throw new IllegalArgumentException(MALFORMED_TTL);
        }
        if (ttl.isZero()) {
            throw new IllegalArgumentException("--ttl must be positive");
        }
        return ttl;
    }

    private static Path toPath(String location) {
        if (location.startsWith("file:")) {
            return Path.of(URI.create(location));
        }
        return Path.of(location);
    }
}
