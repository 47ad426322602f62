package io.partita.benchmarks.load;

/**
 * One system's transactional producer to one destination, as the txn workload uses it: records
 * sent between {@link #begin()} and {@link #commit()} become visible together. Partita and Kafka:
 * their producers with a {@code transactional.id} ({@code acks=all}); Artemis: a transacted JMS
 * session sending PERSISTENT {@code BytesMessage}s. Used by one thread.
 */
interface TransactionalSender extends AutoCloseable {

    /** Opens a transaction (nothing to do where the session is always in one). */
    void begin() throws Exception;

    /** Sends {@code value} in the open transaction; a failure surfaces here or at {@link #commit()}. */
    void send(byte[] value) throws Exception;

    /**
     * Commits the open transaction and returns once the system has made it durable as it was
     * configured to.
     *
     * @throws Exception when any send of the transaction or the commit failed
     */
    void commit() throws Exception;

    /** Releases the client; fails with an unchecked exception only. */
    @Override
    void close();
}
