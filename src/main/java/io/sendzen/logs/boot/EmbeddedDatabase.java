package io.sendzen.logs.boot;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * A real PostgreSQL server run by the service itself, its cluster kept in a directory so a restart finds the data
 * again. Only the service may open it: it takes a password generated into that directory (SCRAM), listens on
 * loopback and has no Unix socket. A postmaster left running by an instance of the service that died is stopped
 * before the start ({@link DataDirectory}); a postmaster that dies while the service runs is started again
 * ({@link #supervise}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    static final String USER = "postgres";
    /** In the cluster's directory once the password is set and the server takes only that. */
    private static final String PASSWORD_SET = "sendzen-password-set";
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private final DataDirectory directory;
    private final int port;
    private final boolean durable;
    private final String password;
    private EmbeddedPostgres server;
    private ProcessHandle postmaster;
    /** False while stopped on purpose (shutdown, or a test taking the database away): then nothing restarts it. */
    private volatile boolean wanted;
    private Thread supervisor;

    private EmbeddedDatabase(DataDirectory directory, int port, boolean durable) {
        this.directory = directory;
        this.port = port;
        this.durable = durable;
        this.password = directory.password();
    }

    /**
     * Starts the cluster in {@code directory}, creating it on first use; port 0 picks a free port. Only throwaway
     * test clusters may pass {@code durable=false}.
     *
     * @throws IllegalStateException when another instance of the service is using the directory
     */
    public static EmbeddedDatabase start(Path directory, int port, boolean durable) {
        EmbeddedDatabase db = new EmbeddedDatabase(DataDirectory.claim(directory), port == 0 ? FreePort.find() : port, durable);
        db.start();
        db.supervise();
        return db;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(directory.cluster())
                    .setOverrideWorkingDirectory(directory.binaries().toFile())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setConnectConfig("password", password)
                    .setDataDirectoryCustomizer(cluster -> onlyTheService(cluster.toPath()))
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    // the library defaults to synchronous_commit=off; an acknowledged webhook must survive a crash.
                    // A throwaway test cluster skips the fsync (a power cut may lose it) but still hands each commit
                    // to the kernel before answering, so it survives a kill of PostgreSQL as a real one does
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .start();
            postmaster = directory.postmaster().orElse(null);
            if (!Files.exists(directory.cluster().resolve(PASSWORD_SET))) {
                takeOnlyThePassword();
            }
            wanted = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory.root(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the password of the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Before each start: once the password is set, every connection must give it. */
    private static void onlyTheService(Path cluster) {
        if (!Files.exists(cluster.resolve(PASSWORD_SET))) {
            return; // the first start of a cluster (or of one made before it had a password): trust until it has one
        }
        try {
            Files.writeString(cluster.resolve("pg_hba.conf"), """
                    # Written by the service at each start: only the service, which holds the password, connects.
                    host    all    all    127.0.0.1/32    scram-sha-256
                    host    all    all    ::1/128         scram-sha-256
                    """, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf of the embedded PostgreSQL", e);
        }
    }

    /** Sets the generated password (hashed here, never sent in clear), then makes the server ask for it. */
    private void takeOnlyThePassword() throws SQLException, IOException {
        try (Connection c = connect()) {
            c.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
            Files.writeString(directory.cluster().resolve(PASSWORD_SET), "");
            onlyTheService(directory.cluster());
            try (Statement s = c.createStatement()) {
                s.execute("select pg_reload_conf()");
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** Stops the server; the data stays, and nothing starts it again until {@link #start()}. */
    public synchronized void stop() {
        wanted = false;
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
            postmaster = null;
        }
    }

    /**
     * Watches the postmaster. When it dies while wanted, says so once, then starts it again on the same port and
     * data, waiting longer after each failed try; the connection pools reconnect by themselves.
     */
    private void supervise() {
        supervisor = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
                ProcessHandle watched;
                synchronized (this) {
                    watched = wanted ? postmaster : null;
                }
                if (watched != null && !watched.isAlive()) {
                    restartAfterDeathOf(watched.pid());
                }
            }
        }, "embedded-postgres-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    private void restartAfterDeathOf(long pid) {
        LOG.errorf("the embedded PostgreSQL (pid %d) has exited unexpectedly: it was killed or it crashed (its own log"
                + " lines above say which); the service answers 503 until it runs again, and starts it again now", pid);
        long down = System.nanoTime();
        Duration wait = FIRST_RETRY;
        for (int tries = 1; ; tries++) {
            synchronized (this) {
                if (!wanted) {
                    return;
                }
                abandonServer();
                try {
                    start();
                    LOG.infof("the embedded PostgreSQL runs again (pid %d), %d ms after it exited, at try %d",
                            postmaster == null ? -1 : postmaster.pid(), Duration.ofNanos(System.nanoTime() - down).toMillis(), tries);
                    return;
                } catch (RuntimeException e) {
                    if (tries == 1) {
                        LOG.warnf("the embedded PostgreSQL did not start again (%s); trying again with longer waits, up to %d s",
                                e.getMessage(), LONGEST_RETRY.toSeconds());
                    }
                }
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            wait = wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
        }
    }

    /** Drops the handle of a server that died, releasing its lock on the directory without waiting for a stop. */
    private void abandonServer() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException | RuntimeException ignored) {
            // it is gone already; closing only releases what the library holds
        } finally {
            server = null;
            postmaster = null;
        }
    }

    /** The postmaster's process while it runs, for tests that kill it. */
    public synchronized Optional<ProcessHandle> postmasterProcess() {
        return Optional.ofNullable(postmaster);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
        if (supervisor != null) {
            supervisor.interrupt();
        }
        directory.release();
    }
}
