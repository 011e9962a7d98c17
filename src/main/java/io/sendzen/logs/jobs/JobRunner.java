package io.sendzen.logs.jobs;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sendzen.logs.jobs.Job.State;
import io.sendzen.logs.shared.SendzenConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs the cluster's jobs, one at a time on each instance, on a thread of its own apart from the API: claims a job
 * (queued, or running with its lease run out because its instance stopped), counts it once, then works through it
 * in batches, each its own short transaction that also records the progress, so a job taken up again goes on from
 * where it was. Between batches it rests, longer while the database is busy with other work ({@link GiveWay}), and
 * looks for a cancel.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** Batches failed in a row before the job is given up as failed. */
    static final int MAX_FAILURES = 5;

    private enum Step { NEXT, STOP }

    private final AgroalDataSource dataSource;
    private final Jobs jobs;
    private final Instance<JobKind> kinds;
    private final SendzenConfig.Jobs config;
    private final GiveWay giveWay;
    private final Semaphore wake = new Semaphore(0);
    /** Counted down at shutdown: ends a rest at once, so the job is given back before the service stops. */
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean running;
    private Thread thread;

    JobRunner(AgroalDataSource dataSource, Jobs jobs, Instance<JobKind> kinds, SendzenConfig config) {
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.kinds = kinds;
        this.config = config.jobs();
        // a rest never outlasts half the lease, so another instance never takes over a job that is only resting
        this.giveWay = new GiveWay(this.config.giveWay(), this.config.batchPause(), this.config.lease().dividedBy(2));
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::loop, "job-runner");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        stopping.countDown();
        wake.release();
        if (thread != null) {
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }

    /** Looks for a job now. */
    void wake() {
        wake.release();
    }

    JobKind kind(String name) {
        for (JobKind kind : kinds) {
            if (kind.name().equals(name)) {
                return kind;
            }
        }
        throw new IllegalStateException("no job kind " + name);
    }

    private void loop() {
        while (running) {
            try {
                Optional<Jobs.Claim> claim = jobs.claim(config.lease());
                if (claim.isPresent()) {
                    run(claim.get());
                    continue;
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("jobs: could not look for work, will try again: %s", e.getMessage());
            }
            try {
                wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run(Jobs.Claim claim) throws SQLException {
        Job job = claim.job();
        // one line per instance that takes a job up: which instance ran which part of it, after a crash too
        LOG.infof("job %s (%s): taken up%s", job.id(), job.kind(),
                job.position() == null ? "" : " again after " + job.done() + " done");
        try {
            JobKind kind = kind(job.kind());
            if (job.matching() == null && !jobs.setMatching(job.id(), claim.token(), kind.count(job))) {
                return;
            }
            long began = System.nanoTime();
            int batches = 0;
            while (running) {
                long started = System.nanoTime();
                batches++;
                if (batch(kind, job.id(), claim) == Step.STOP) {
                    // how it went on this instance: a slow job on a busy database is a job giving way
                    String busy = kind.givesWay()
                            ? String.format(", the database busy with other work at %.0f%% of the last looks",
                                    giveWay.busy() * 100)
                            : "";
                    LOG.infof("job %s: stopped after %d batches in %d s here%s", job.id(), batches,
                            Duration.ofNanos(System.nanoTime() - began).toSeconds(), busy);
                    return;
                }
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                rest(kind.givesWay() ? giveWay.rest(took) : giveWay.restAlone(took));
            }
            jobs.release(job.id(), claim.token());
        } catch (SQLException | RuntimeException e) {
            int failures = jobs.failed(job.id(), claim.token(), config.pollInterval());
            LOG.warnf("job %s: a batch failed (%d in a row): %s", job.id(), failures, e.getMessage());
            if (failures >= MAX_FAILURES) {
                end(job.id(), claim, "stopped after " + MAX_FAILURES + " failed batches in a row");
            }
        }
    }

    /** One batch in its own transaction, with the job row locked: nothing is done once the job is cancelled. */
    private Step batch(JobKind kind, String id, Jobs.Claim claim) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (kind.givesWay()) {
                    giveWay.looked(GiveWay.othersActive(c));
                }
                Optional<Job> held = jobs.hold(c, id, claim.token());
                if (held.isEmpty()) {
                    c.rollback();
                    return Step.STOP;
                }
                JobKind.Batch batch = kind.next(c, held.get(), config.batchSize());
                Job after = jobs.progress(c, id, batch, config.lease());
                if (batch.last()) {
                    kind.ended(c, jobs.end(c, after.id(), State.DONE, null));
                }
                c.commit();
                return batch.last() ? Step.STOP : Step.NEXT;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void end(String id, Jobs.Claim claim, String error) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Job> held = jobs.hold(c, id, claim.token());
                if (held.isPresent()) {
                    kind(held.get().kind()).ended(c, jobs.end(c, id, State.FAILED, error));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("job %s: could not be marked failed: %s", id, e.getMessage());
        }
    }

    private void rest(Duration pause) {
        try {
            stopping.await(pause.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
