package io.partita.benchmarks.load;

/**
 * One system's producer as the workloads see it: asynchronous sends of opaque values to one
 * destination, each acknowledged once the system has made it as durable as it was configured to
 * (see {@link BrokerSystem#durability()}).
 *
 * <p>Used by one thread at a time; {@link Ack#done} may be called on the client's own threads.
 */
interface Sender extends AutoCloseable {

    /** The outcome of one send, reported exactly once. */
    @FunctionalInterface
    interface Ack {
        /** @param error null when the system acknowledged the value, else why it failed */
        void done(Exception error);
    }

    /** Sends {@code value}; may block while the client applies back-pressure. */
    void send(byte[] value, Ack ack) throws Exception;

    /** Releases the client; fails with an unchecked exception only. */
    @Override
    void close();
}
