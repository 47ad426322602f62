package io.partita.jms.provider;

/**
 * A local transaction of one transacted JMS session: the messages sent through its
 * {@link #createProducer() producers} and the acknowledgements staged into it
 * ({@link ProviderConsumer#commit(TransactionScope)}) become visible together on
 * {@link #commit()}, or are discarded (sends) and released for redelivery (acknowledgements) on
 * {@link #rollback()}. A new transaction begins with the first send or staging after either.
 *
 * <p>Used by one session thread at a time; {@link #close()} may come from any thread.
 */
public interface ProviderTransaction extends TransactionScope, AutoCloseable {

    /**
     * Commits the open transaction (nothing happens if none is open).
     *
     * @throws ProviderException when it could not be committed; it was then rolled back, unless
     *         {@link #outcomeUnknown(RuntimeException)} says otherwise
     */
    void commit();

    /** Rolls the open transaction back (nothing happens if none is open). */
    void rollback();

    /** Whether a failure of {@link #commit()} leaves the outcome unknown (the broker decided but did not finish). */
    default boolean outcomeUnknown(RuntimeException failure) {
        return false;
    }

    /** Rolls back the open transaction, if any, and releases the connections. */
    @Override
    void close();
}
