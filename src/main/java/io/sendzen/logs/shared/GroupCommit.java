package io.sendzen.logs.shared;

import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * Group commit: a thread of its own takes every item waiting, writes them all in one transaction, then completes
 * each item's future with its own result. Alone an item is written at once; under load, the items that came in
 * during one write share the next. A failed write is tried once more when the database was unreachable (a pooled
 * connection may be stale after a restart) or when {@link Repair} could mend the cause; a write that still fails is
 * split into one write per item, so that one bad item does not fail the others that shared it; a database that
 * cannot be reached fails them all at once, with {@link Unavailable}.
 *
 * @param <T> what is written
 * @param <R> what each item's future completes with
 */
public final class GroupCommit<T, R> {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** Why an item was not written: the service is stopping, its queue is full, or the database is unreachable. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** Writes a batch in one transaction and returns one result per item, in the batch's order. */
    @FunctionalInterface
    public interface Write<T, R> {
        List<R> write(List<T> batch) throws SQLException;
    }

    /** Mends what made a write fail, if it can (a missing partition), so that it is worth one more try. */
    @FunctionalInterface
    public interface Repair<T> {
        /** Whether {@code failure} was mended. */
        boolean mended(List<T> batch, Exception failure) throws SQLException;
    }

    /**
     * How items share a write: at most {@code maxWeight} in all (an item weighs what {@code weight} says), and once
     * the first is taken the writer waits up to {@code maxWait} for more. {@code capacity}: how many items may wait,
     * 0 for no bound.
     */
    public record Batching<T>(int capacity, ToIntFunction<T> weight, int maxWeight, Duration maxWait) {
    }

    private record Pending<T, R>(T item, CompletableFuture<R> done) {
    }

    private final String name;
    private final Batching<T> batching;
    private final Write<T, R> write;
    private final Repair<T> repair;
    private final BlockingQueue<Pending<T, R>> queue;
    private volatile boolean running;
    private Thread thread;

    public GroupCommit(String name, Batching<T> batching, Write<T, R> write, Repair<T> repair) {
        this.name = name;
        this.batching = batching;
        this.write = write;
        this.repair = repair;
        this.queue = batching.capacity() > 0 ? new ArrayBlockingQueue<>(batching.capacity()) : new LinkedBlockingQueue<>();
    }

    /** Starts the writer's thread, named {@code name}. */
    public void start() {
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes what is queued (for up to 15 s), then fails whatever is left. */
    public void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
        Pending<T, R> left;
        while ((left = queue.poll()) != null) {
            left.done.completeExceptionally(new Unavailable("shutting down", null));
        }
    }

    /** Queues one item; the future completes once it is committed. */
    public CompletableFuture<R> submit(T item) {
        if (!running) {
            return CompletableFuture.failedFuture(new Unavailable("shutting down", null));
        }
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            return CompletableFuture.failedFuture(new Unavailable("write queue full", null));
        }
        return pending.done;
    }

    private void run() {
        List<Pending<T, R>> batch = new ArrayList<>();
        long maxWaitNanos = batching.maxWait().toNanos();
        while (running || !queue.isEmpty()) {
            try {
                Pending<T, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int weight = batching.weight().applyAsInt(first.item);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (weight < batching.maxWeight()) {
                    Pending<T, R> next = queue.poll();
                    if (next == null) {
                        long wait = deadline - System.nanoTime();
                        if (wait <= 0 || (next = queue.poll(wait, TimeUnit.NANOSECONDS)) == null) {
                            break;
                        }
                    }
                    batch.add(next);
                    weight += batching.weight().applyAsInt(next.item);
                }
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed", name);
                batch.forEach(p -> p.done.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending<T, R>> batch) {
        try {
            List<R> results = writeWithRetry(batch.stream().map(Pending::item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done.complete(results.get(i));
            }
        } catch (SQLException | RuntimeException e) {
            if (DatabaseFailures.isUnavailable(e)) {
                Unavailable unavailable = new Unavailable("database unavailable", e);
                batch.forEach(p -> p.done.completeExceptionally(unavailable));
            } else if (batch.size() > 1) {
                // one bad item must not fail the others that shared its transaction
                for (Pending<T, R> pending : batch) {
                    commit(List.of(pending));
                }
            } else {
                LOG.errorf(e, "%s: could not write an item", name);
                batch.get(0).done.completeExceptionally(e);
            }
        }
    }

    private List<R> writeWithRetry(List<T> items) throws SQLException {
        try {
            return write.write(items);
        } catch (SQLException | RuntimeException e) {
            if (!DatabaseFailures.isUnavailable(e) && !repair.mended(items, e)) {
                throw e;
            }
            return write.write(items);
        }
    }
}
