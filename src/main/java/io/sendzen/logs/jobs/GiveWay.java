package io.sendzen.logs.jobs;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * How long a job rests after a batch, so that it gives way to the rest of the service. Before each batch the
 * runner looks once whether any other session of the database is running a statement (ingestion's writer, a send
 * being recorded, a page being read, on any instance); {@code busy} is the share of recent looks that found one.
 * The rest is the batch's own time times {@code 1 + giveWay × busy}: half of one connection's time on a quiet
 * database, a small share of it while ingestion keeps the database busy; never less than the configured pause, nor
 * longer than {@code longestRest} (half the job's lease, so that a resting job stays with its instance).
 */
final class GiveWay {

    /** Weight of the newest look: about the last ten batches count. */
    static final double WEIGHT = 0.2;

    private static final String OTHERS_ACTIVE = """
            select exists (select 1 from pg_stat_activity
                           where state = 'active' and backend_type = 'client backend' and pid <> pg_backend_pid())
            """;

    private final double giveWay;
    private final Duration leastPause;
    private final Duration longestRest;
    private double busy;

    GiveWay(double giveWay, Duration leastPause, Duration longestRest) {
        if (!(giveWay >= 0) || Double.isInfinite(giveWay)) {
            throw new IllegalArgumentException("sendzen.jobs.give-way must be a number 0 or more, not " + giveWay);
        }
        this.giveWay = giveWay;
        this.leastPause = leastPause;
        this.longestRest = longestRest;
    }

    /** Whether another session of the database is running a statement right now. */
    static boolean othersActive(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(OTHERS_ACTIVE)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Adds one look. */
    void looked(boolean othersActive) {
        busy += WEIGHT * ((othersActive ? 1 : 0) - busy);
    }

    /** The share of recent looks that found the database busy, 0 to 1. */
    double busy() {
        return busy;
    }

    /** The rest after a batch that took {@code batch}. */
    Duration rest(Duration batch) {
        return atLeastThePause(Duration.ofNanos((long) (batch.toNanos() * (1 + giveWay * busy))));
    }

    /** The rest of a job that does not give way: as long as its batch took. */
    Duration restAlone(Duration batch) {
        return atLeastThePause(batch);
    }

    private Duration atLeastThePause(Duration rest) {
        Duration atLeast = rest.compareTo(leastPause) > 0 ? rest : leastPause;
        return atLeast.compareTo(longestRest) < 0 ? atLeast : longestRest;
    }
}
