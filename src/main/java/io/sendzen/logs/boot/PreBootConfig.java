package io.sendzen.logs.boot;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The configuration as Quarkus will see it, readable before Quarkus starts (for the token command and bootstrap). */
public final class PreBootConfig {

    private final SmallRyeConfig config;

    private PreBootConfig(SmallRyeConfig config) {
        this.config = config;
    }

    public static PreBootConfig load() {
        String profile = Optional.ofNullable(System.getProperty("quarkus.profile"))
                .or(() -> Optional.ofNullable(System.getenv("QUARKUS_PROFILE")))
                .orElse("prod");
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDefaultInterceptors()
                .withProfile(profile);
        try {
            URL packaged = PreBootConfig.class.getClassLoader().getResource("application.properties");
            if (packaged != null) {
                builder.withSources(new PropertiesConfigSource(packaged, 250));
            }
            Path local = Path.of("config", "application.properties");
            if (Files.isRegularFile(local)) {
                builder.withSources(new PropertiesConfigSource(local.toUri().toURL(), 260));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read application.properties: " + e.getMessage(), e);
        }
        return new PreBootConfig(builder.build());
    }

    public Optional<String> get(String key) {
        return config.getOptionalValue(key, String.class).filter(v -> !v.isBlank());
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public String profile() {
        return config.getProfiles().isEmpty() ? "prod" : config.getProfiles().get(0);
    }

    public Path dataDir() {
        return Path.of(get("sendzen.data-dir", "./data")).toAbsolutePath().normalize();
    }
}
