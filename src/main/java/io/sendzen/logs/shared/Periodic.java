package io.sendzen.logs.shared;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run again and again on a daemon thread of its own, with a fixed pause between the end of one run and the
 * start of the next, until closed. For what must run more often than the Quarkus scheduler can promise: it looks at
 * its triggers once a second, so a job due every second may wait up to two. A run that throws is logged and the next
 * one comes all the same.
 */
public final class Periodic implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Periodic.class);

    private final ScheduledExecutorService executor;

    private Periodic(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    public static Periodic start(String name, Duration firstAfter, Duration pause, Runnable task) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a task that throws is never run again by the executor: this one must go on
                LOG.debugf("%s: this run failed: %s", name, e.getMessage());
            }
        }, firstAfter.toNanos(), pause.toNanos(), TimeUnit.NANOSECONDS);
        return new Periodic(executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
