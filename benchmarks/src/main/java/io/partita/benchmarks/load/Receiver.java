package io.partita.benchmarks.load;

/**
 * One system's consumer as the workloads see it: reads the values of one destination from its
 * beginning, in order per partition. Used by one thread at a time.
 */
interface Receiver extends AutoCloseable {

    /** Receives each value. */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] value);
    }

    /**
     * Waits up to {@code timeoutMs} for values and hands every one received to {@code sink}.
     *
     * @return how many values were received (0 when none came in time)
     */
    int poll(long timeoutMs, Sink sink) throws Exception;

    /** Releases the client; fails with an unchecked exception only. */
    @Override
    void close();
}
