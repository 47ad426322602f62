package io.partita.samples.mdb.it;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Reads a value again, a pause apart, until it is the one wanted or a time limit has passed: for
 * what an external server offers no way to wait on (its console, its HTTP answers). Stateless.
 */
final class Polling {

    /** One read; may fail the test or throw. */
    @FunctionalInterface
    interface Read<T> {
        T read() throws Exception;
    }

    private Polling() {
    }

    /**
     * @return the last value read: one {@code done} accepts, or the last one read before
     *         {@code limit} passed (the caller checks which, and says what it waited for)
     */
    static <T> T until(Duration limit, Duration pause, Read<T> read, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = read.read();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(pause.toMillis());
            last = read.read();
        }
        return last;
    }
}
