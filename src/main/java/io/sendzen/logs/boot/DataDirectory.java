package io.sendzen.logs.boot;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The directory of the embedded PostgreSQL, held by one instance of the service at a time: a lock on
 * {@code service.lock} that the operating system releases when the process ends, however it ends. Holding it, the
 * service knows that a postmaster still running on the cluster was left by an instance that died, and stops it.
 * Also keeps the generated database password ({@code password}, readable by the service's user alone).
 */
final class DataDirectory {

    private static final Logger LOG = Logger.getLogger(DataDirectory.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(60);

    private final Path root;
    private final FileChannel lockFile;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockFile, FileLock lock) {
        this.root = root;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * Takes the directory for this process, then stops a postmaster a dead instance left running on it.
     *
     * @throws IllegalStateException when another running instance of the service holds it
     */
    static DataDirectory claim(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            FileChannel channel = FileChannel.open(absolute.resolve("service.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new IllegalStateException("another instance of the service" + holder + " is running on the data"
                        + " directory " + absolute + "; stop it first, or give this one its own sendzen.data-dir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            DataDirectory directory = new DataDirectory(absolute, channel, lock);
            directory.stopOrphanedPostmaster();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data directory " + absolute, e);
        }
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    Path root() {
        return root;
    }

    Path cluster() {
        return root.resolve("pgdata");
    }

    Path binaries() {
        return root.resolve("bin");
    }

    /** The generated database password, made on first use; only the service's user may read the file. */
    String password() {
        Path file = root.resolve("password");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path partial = root.resolve("password.partial");
            Files.deleteIfExists(partial);
            try {
                Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(partial); // not a POSIX file system: the directory's own permissions apply
            }
            Files.writeString(partial, password + "\n", StandardCharsets.US_ASCII);
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the database password in " + file, e);
        }
    }

    /** The running postmaster of the cluster, by its {@code postmaster.pid}, if it runs on this very cluster. */
    Optional<ProcessHandle> postmaster() {
        Path pidFile = cluster().resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.exists(pidFile) ? Files.readAllLines(pidFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isPostmasterOf(p, lines.get(1).trim()));
    }

    /** The process is a postgres of our binaries on our cluster, not a process that reuses the number. */
    private boolean isPostmasterOf(ProcessHandle process, String clusterInPidFile) {
        if (!Path.of(clusterInPidFile).toAbsolutePath().normalize().equals(cluster())) {
            return false;
        }
        ProcessHandle.Info info = process.info();
        Optional<String> command = info.command();
        if (command.isPresent() && !command.get().endsWith("postgres")) {
            return false;
        }
        // where the command line is readable (Linux, macOS), it names the cluster with -D
        return info.arguments().map(args -> List.of(args).contains(cluster().toString())).orElse(command.isPresent());
    }

    /**
     * We hold the directory, so no living instance of the service does: a postmaster on the cluster was left by one
     * that died (kill -9, out of memory). Stop it cleanly, so that the start finds the cluster free. A stale {@code postmaster.pid} whose number is now another process is left to PostgreSQL,
     * which recognises it.
     */
    private void stopOrphanedPostmaster() {
        Optional<ProcessHandle> orphan = postmaster();
        if (orphan.isEmpty()) {
            return;
        }
        long pid = orphan.get().pid();
        LOG.warnf("the embedded PostgreSQL (pid %d) is still running on %s, left by an instance of the service that"
                + " ended without stopping it; stopping it before the start", pid, cluster());
        try {
            // SIGTERM, PostgreSQL's smart shutdown: it waits for sessions to end, and the dead instance's have ended
            orphan.get().destroy();
            orphan.get().onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded PostgreSQL left running by a previous instance (pid " + pid
                    + ") did not stop within " + ORPHAN_STOP_WAIT.toSeconds() + " s: " + e);
        }
        LOG.infof("stopped the embedded PostgreSQL (pid %d) left by a previous instance", pid);
    }

    /** Lets another instance take the directory (also done by the operating system when the process ends). */
    void release() {
        try {
            lock.release();
            lockFile.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock; nothing else is held
        }
    }
}
