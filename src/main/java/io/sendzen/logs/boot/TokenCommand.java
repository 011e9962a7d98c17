package io.sendzen.logs.boot;

import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.projects.Tokens;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code token --admin} or {@code token --project ID --scope logs:read [--scope ...] [--ttl 1h]}: signs a JWT with the
 * service's key and prints it as the last line. Starts neither the HTTP server nor the database.
 */
public final class TokenCommand {

    private static final Pattern TTL = Pattern.compile("(\\d+)([smhd]?)");
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
                        throw new IllegalArgumentException("unknown scope " + scope + " (logs:read, logs:write)");
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
        String token = Tokens.claims(issuer, project, scopes, expiresAt).jws().sign(SigningKeys.readPrivateKey(keyFile));
        err.println("expires at " + expiresAt);
        out.println(token);
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    static Duration parseTtl(String text) {
        Matcher m = TTL.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--ttl takes a duration such as 3600, 30m, 1h or 7d");
        }
        Duration ttl;
        try {
            long amount = Long.parseLong(m.group(1));
            ttl = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
            Instant.now().plus(ttl);
        } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("--ttl is too long");
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
