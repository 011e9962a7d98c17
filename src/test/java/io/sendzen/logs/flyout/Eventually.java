package io.sendzen.logs.flyout;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for asynchronous forwarding to reach a state; the caller asserts on what it returns. */
final class Eventually {

    static final Duration PATIENCE = Duration.ofSeconds(45);

    private Eventually() {
    }

    /** Probes until {@code done} holds or patience runs out, and returns the last value seen. */
    static <T> T await(Supplier<T> probe, Predicate<T> done) {
        return await(probe, done, PATIENCE);
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
            value = probe.get();
        }
        return value;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
