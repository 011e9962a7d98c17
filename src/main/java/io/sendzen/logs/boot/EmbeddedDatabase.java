package io.sendzen.logs.boot;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A real PostgreSQL server run by the service itself, its cluster kept in a directory so a restart finds the data again. */
public final class EmbeddedDatabase implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final boolean durable;
    private EmbeddedPostgres server;

    private EmbeddedDatabase(Path directory, int port, boolean durable) {
        this.directory = directory;
        this.port = port;
        this.durable = durable;
    }

    /**
     * Starts the cluster in {@code directory}, creating it on first use; port 0 picks a free port. Only throwaway
     * test clusters may pass {@code durable=false}.
     */
    public static EmbeddedDatabase start(Path directory, int port, boolean durable) {
        EmbeddedDatabase db = new EmbeddedDatabase(directory, port == 0 ? FreePort.find() : port, durable);
        db.start();
        return db;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(directory);
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(directory.resolve("pgdata"))
                    .setOverrideWorkingDirectory(directory.resolve("bin").toFile())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    // the library defaults to synchronous_commit=off; an acknowledged webhook must survive a crash
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory, e);
        }
    }

    /** Stops the server; the data stays. Used on shutdown, and by tests that take the database away. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
