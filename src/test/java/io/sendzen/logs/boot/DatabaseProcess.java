package io.sendzen.logs.boot;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A stand-in for an instance of the service in a process of its own: starts the embedded database on the directory
 * it is given, stores one row, says {@code READY} and waits to be killed. Exits 3 with the message when the start is
 * refused.
 */
public final class DatabaseProcess {

    private DatabaseProcess() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database;
        try {
            database = EmbeddedDatabase.start(Path.of(args[0]), 0, false);
        } catch (IllegalStateException e) {
            System.out.println("REFUSED " + e.getMessage());
            System.out.flush();
            System.exit(3);
            return;
        }
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement s = c.createStatement()) {
            s.execute("create table if not exists survivor (note text)");
            s.execute("insert into survivor values ('written before the crash')");
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Starts one in a new JVM on {@code directory}, with this JVM's class path. */
    static Process start(Path directory) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DatabaseProcess.class.getName(),
                directory.toString()).redirectErrorStream(true).start();
    }
}
