package io.sendzen.logs.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sendzen.logs.boot.Bootstrap;
import io.sendzen.logs.boot.EmbeddedDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A throwaway real PostgreSQL 17 and fresh keys for the test run, through the service's own bootstrap. */
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile Bootstrap bootstrap;
    private Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("sendzen-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bootstrap = Bootstrap.forTests(dataDir);
        Map<String, String> overrides = new HashMap<>(bootstrap.overrides());
        // a random port, so test runs of several checkouts on one machine do not collide on 8081
        overrides.put("quarkus.http.test-port", "0");
        return overrides;
    }

    /** The running test database, for tests that take it away and bring it back. */
    public static EmbeddedDatabase database() {
        return bootstrap.database();
    }

    @Override
    public void stop() {
        if (bootstrap != null) {
            bootstrap.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
