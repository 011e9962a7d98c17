package io.sendzen.logs.shared;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer thread that ingest and the outgoing records share, with writes that fail as the database can. */
class GroupCommitTest {

    private static final GroupCommit.Repair<Integer> NOTHING_TO_MEND = (batch, failure) -> false;

    private static GroupCommit.Batching<Integer> batching(int capacity, int maxWeight) {
        return new GroupCommit.Batching<>(capacity, item -> 1, maxWeight, Duration.ofMillis(20));
    }

    /** Keeps every batch written, and holds the write of the batch with {@code heldItem} until released. */
    private static final class Writes {
        final List<List<Integer>> batches = new ArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        private final CountDownLatch writing = new CountDownLatch(1);
        private final int heldItem;

        Writes(int heldItem) {
            this.heldItem = heldItem;
        }

        void record(List<Integer> batch) {
            synchronized (batches) {
                batches.add(batch);
            }
            if (batch.contains(heldItem)) {
                writing.countDown();
                try {
                    assertTrue(release.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        /** Waits until the held write has begun. */
        void awaitHeld() throws InterruptedException {
            assertTrue(writing.await(10, TimeUnit.SECONDS));
        }
    }

    private static <R> R result(CompletableFuture<R> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void itemsWaitingShareOneWriteAndEachGetsItsOwnResult() throws Exception {
        Writes writes = new Writes(0);
        GroupCommit<Integer, String> commits = new GroupCommit<>("test-writer", batching(0, 100), batch -> {
            writes.record(batch);
            return batch.stream().map(i -> "item " + i).toList();
        }, NOTHING_TO_MEND);
        commits.start();
        try {
            CompletableFuture<String> first = commits.submit(0);
            writes.awaitHeld();
            List<CompletableFuture<String>> waiting = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                waiting.add(commits.submit(i));
            }
            writes.release.countDown();
            assertEquals("item 0", result(first));
            for (int i = 1; i <= 5; i++) {
                assertEquals("item " + i, result(waiting.get(i - 1)));
            }
            assertEquals(List.of(List.of(0), List.of(1, 2, 3, 4, 5)), writes.batches);
        } finally {
            commits.stop();
        }
    }

    @Test
    void aWriteThatFailsIsSplitSoOnlyTheBadItemFails() throws Exception {
        SQLException bad = new SQLException("value too long", "22001");
        Writes writes = new Writes(0);
        GroupCommit<Integer, Integer> commits = new GroupCommit<>("test-writer", batching(0, 100), batch -> {
            writes.record(batch);
            if (batch.contains(3)) {
                throw bad;
            }
            return batch.stream().map(i -> i * 10).toList();
        }, NOTHING_TO_MEND);
        commits.start();
        try {
            CompletableFuture<Integer> first = commits.submit(0);
            writes.awaitHeld();
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                futures.add(commits.submit(i));
            }
            writes.release.countDown();
            assertEquals(0, result(first));
            for (int i = 1; i <= 5; i++) {
                if (i == 3) {
                    assertSame(bad, failure(futures.get(i - 1)));
                } else {
                    assertEquals(i * 10, result(futures.get(i - 1)));
                }
            }
            assertEquals(List.of(List.of(0), List.of(1, 2, 3, 4, 5), List.of(1), List.of(2), List.of(3), List.of(4),
                    List.of(5)), writes.batches, "the shared write, then each alone, none tried again");
        } finally {
            commits.stop();
        }
    }

    @Test
    void anUnreachableDatabaseIsTriedOnceMoreThenFailsEveryItemAsUnavailable() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        GroupCommit<Integer, Integer> commits = new GroupCommit<>("test-writer", batching(0, 100), batch -> {
            tries.incrementAndGet();
            throw new SQLTransientConnectionException("Acquisition timeout while waiting for new connection");
        }, NOTHING_TO_MEND);
        commits.start();
        try {
            Throwable cause = failure(commits.submit(1));
            assertInstanceOf(GroupCommit.Unavailable.class, cause);
            assertTrue(DatabaseFailures.isUnavailable(cause), "the error envelope answers it 503");
            assertEquals(2, tries.get(), "one more try, not a split");
        } finally {
            commits.stop();
        }
    }

    @Test
    void aFailureTheRepairMendsIsWrittenAgain() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        List<Integer> mended = new ArrayList<>();
        GroupCommit<Integer, Integer> commits = new GroupCommit<>("test-writer", batching(0, 100), batch -> {
            if (tries.incrementAndGet() == 1) {
                throw new SQLException("no partition of relation found for row", "23514");
            }
            return batch;
        }, (batch, failure) -> {
            mended.addAll(batch);
            return true;
        });
        commits.start();
        try {
            assertEquals(7, result(commits.submit(7)));
            assertEquals(List.of(7), mended);
            assertEquals(2, tries.get());
        } finally {
            commits.stop();
        }
    }

    @Test
    void aFullQueueAndAStoppedWriterRefuseAtOnce() throws Exception {
        GroupCommit<Integer, Integer> commits = new GroupCommit<>("test-writer", batching(2, 100), batch -> batch,
                NOTHING_TO_MEND);
        assertInstanceOf(GroupCommit.Unavailable.class, failure(commits.submit(1)), "not started");
        commits.start();
        commits.stop();
        assertEquals("shutting down", failure(commits.submit(1)).getMessage());

        Writes writes = new Writes(1);
        GroupCommit<Integer, Integer> slow = new GroupCommit<>("test-writer", batching(2, 1), batch -> {
            writes.record(batch);
            return batch;
        }, NOTHING_TO_MEND);
        slow.start();
        try {
            CompletableFuture<Integer> inWrite = slow.submit(1);
            writes.awaitHeld();
            CompletableFuture<Integer> second = slow.submit(2);
            CompletableFuture<Integer> third = slow.submit(3);
            assertEquals("write queue full", failure(slow.submit(4)).getMessage());
            writes.release.countDown();
            assertEquals(1, result(inWrite));
            assertEquals(2, result(second));
            assertEquals(3, result(third));
        } finally {
            slow.stop();
        }
    }
}
