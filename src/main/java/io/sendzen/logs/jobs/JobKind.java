package io.sendzen.logs.jobs;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a kind of job does, batch by batch; the runner claims, leases, paces and ends it. A bean per kind (bulk
 * delete, bulk redelivery), so that the runner needs none of the features whose work it runs.
 */
public interface JobKind {

    /**
     * What the batch did: how many it handled (those it skipped among them), where the next one starts, and whether
     * it was the last.
     */
    record Batch(long handled, long skipped, String position, boolean last) {
    }

    /** The {@code kind} of its jobs. */
    String name();

    /** How many items the job has to work through, counted once when it first starts. */
    long count(Job job) throws SQLException;

    /** Does the job's next batch of at most {@code limit} items in the caller's transaction, from its position. */
    Batch next(Connection connection, Job job, int limit) throws SQLException;

    /**
     * Whether its jobs rest longer while the database is busy with other work ({@link GiveWay}); otherwise they rest
     * as long as each batch took.
     */
    default boolean givesWay() {
        return true;
    }

    /** The job ended (done, cancelled or failed), in the transaction that ends it. */
    void ended(Connection connection, Job job) throws SQLException;
}
