package io.sendzen.logs.boot;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapTest {

    /** Runs {@code body} with these system properties, then puts the previous values back. */
    private static void withProperties(Map<String, String> properties, Runnable body) {
        Map<String, String> previous = new LinkedHashMap<>();
        properties.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
        try {
            body.run();
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    @Test
    void productionWithAnExternalDatabaseAndNoKeysRefusesToStartSayingWhy() {
        withProperties(Map.of("quarkus.profile", "prod",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/sendzen"), () -> {
            IllegalStateException failure = assertThrows(IllegalStateException.class, Bootstrap::prepare);
            assertTrue(failure.getMessage().contains("mp.jwt.verify.publickey.location"), failure.getMessage());
        });
    }

    @Test
    void productionWithAnExternalDatabaseAndAVerifyKeyButNoPageTokenKeyRefusesToStart() {
        withProperties(Map.of("quarkus.profile", "prod",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/sendzen",
                "mp.jwt.verify.publickey.location", "file:/nonexistent/jwt-public.pem"), () -> {
            IllegalStateException failure = assertThrows(IllegalStateException.class, Bootstrap::prepare);
            assertTrue(failure.getMessage().contains("sendzen.page-token.keys"), failure.getMessage());
        });
    }

    @Test
    void productionWithAnExternalDatabaseAndNoDataKeyRefusesToStart() {
        withProperties(Map.of("quarkus.profile", "prod",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/sendzen",
                "mp.jwt.verify.publickey.location", "file:/nonexistent/jwt-public.pem",
                "sendzen.page-token.keys", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), () -> {
            IllegalStateException failure = assertThrows(IllegalStateException.class, Bootstrap::prepare);
            assertTrue(failure.getMessage().contains("sendzen.secret-keys"), failure.getMessage());
        });
    }
}
