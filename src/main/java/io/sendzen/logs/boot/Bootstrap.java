package io.sendzen.logs.boot;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepares what must exist before Quarkus reads its configuration: the embedded PostgreSQL when no JDBC URL is
 * configured, and generated keys when none are configured. The result is a set of configuration overrides.
 */
public final class Bootstrap implements AutoCloseable {

    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String VERIFY_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String VERIFY_KEY = "mp.jwt.verify.publickey";
    static final String SIGN_KEY_LOCATION = "smallrye.jwt.sign.key.location";
    static final String PAGE_TOKEN_KEYS = "sendzen.page-token.keys";
    static final String SECRET_KEYS = "sendzen.secret-keys";

    private final Map<String, String> overrides;
    private final EmbeddedDatabase database;

    private Bootstrap(Map<String, String> overrides, EmbeddedDatabase database) {
        this.overrides = overrides;
        this.database = database;
    }

    /** For the service: reads the configuration as Quarkus will, and fills in what is missing. */
    public static Bootstrap prepare() {
        PreBootConfig config = PreBootConfig.load();
        boolean externalDatabase = config.get(JDBC_URL).isPresent();
        boolean keysConfigured = config.get(VERIFY_KEY_LOCATION).or(() -> config.get(VERIFY_KEY)).isPresent();
        if ("prod".equals(config.profile()) && externalDatabase && !keysConfigured) {
            throw new IllegalStateException("an external database is configured but no JWT verification key: set "
                    + VERIFY_KEY_LOCATION + " (and " + SIGN_KEY_LOCATION + " to mint tokens), see the README");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        Path keys = config.dataDir().resolve("keys");
        if (!keysConfigured) {
            overrides.putAll(generatedKeys(keys));
        }
        if (config.get(PAGE_TOKEN_KEYS).isEmpty()) {
            if ("prod".equals(config.profile()) && externalDatabase) {
                throw new IllegalStateException("an external database is configured but no page-token key: set "
                        + PAGE_TOKEN_KEYS + " (see the README)");
            }
            overrides.put(PAGE_TOKEN_KEYS, SigningKeys.ensurePageTokenKey(keys));
        }
        if (config.get(SECRET_KEYS).isEmpty()) {
            if ("prod".equals(config.profile()) && externalDatabase) {
                throw new IllegalStateException("an external database is configured but no data key to seal stored"
                        + " secrets: set " + SECRET_KEYS + " (see the README)");
            }
            overrides.put(SECRET_KEYS, SigningKeys.ensureSecretKey(keys));
        }
        EmbeddedDatabase database = null;
        if (!externalDatabase) {
            int port = Integer.parseInt(config.get("sendzen.embedded-db.port", "0"));
            database = EmbeddedDatabase.start(config.dataDir().resolve("postgres"), port, true);
            overrides.putAll(datasource(database));
        }
        return new Bootstrap(overrides, database);
    }

    /** For tests: a throwaway cluster and keys in {@code dataDir}. */
    public static Bootstrap forTests(Path dataDir) {
        Map<String, String> overrides = new LinkedHashMap<>(generatedKeys(dataDir.resolve("keys")));
        overrides.put(PAGE_TOKEN_KEYS, SigningKeys.ensurePageTokenKey(dataDir.resolve("keys")));
        overrides.put(SECRET_KEYS, SigningKeys.ensureSecretKey(dataDir.resolve("keys")));
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0, false);
        overrides.putAll(datasource(database));
        return new Bootstrap(overrides, database);
    }

    private static Map<String, String> generatedKeys(Path dir) {
        SigningKeys.ensureJwtKeyPair(dir);
        return Map.of(
                VERIFY_KEY_LOCATION, dir.resolve(SigningKeys.PUBLIC_KEY_FILE).toUri().toString(),
                SIGN_KEY_LOCATION, dir.resolve(SigningKeys.PRIVATE_KEY_FILE).toUri().toString());
    }

    private static Map<String, String> datasource(EmbeddedDatabase database) {
        return Map.of(
                JDBC_URL, database.jdbcUrl(),
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password());
    }

    public Map<String, String> overrides() {
        return overrides;
    }

    public EmbeddedDatabase database() {
        return database;
    }

    @Override
    public void close() {
        if (database != null) {
            database.stop();
        }
    }
}
