package io.partita.jms.provider;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Reads deliveries for one JMS consumer and settles them. A delivery stays acquired by this
 * consumer until it is acknowledged: {@link AckType#ACCEPT accepted} (done),
 * {@link AckType#RELEASE released} (delivered again, with a higher delivery count) or
 * {@link AckType#REJECT rejected} (never delivered again). Acknowledgements are buffered until
 * {@link #commit()}, so a session can settle its messages together.
 *
 * <p>Used by one session thread at a time; {@link #close()} may be called from any thread.
 */
public interface ProviderConsumer extends AutoCloseable {

    /**
     * How a delivery is settled. {@link #RETURN} is for a delivery never handed to the
     * application: it is delivered again as if this delivery had not happened (no redelivery
     * flag, no count towards the dead-letter limit).
     */
    enum AckType {
        ACCEPT, RELEASE, REJECT, RETURN
    }

    /**
     * The next delivery, waiting up to {@code timeout}; a zero timeout does not wait.
     *
     * @return the delivery, or null when none arrived in time or the consumer was closed
     */
    Delivery receive(Duration timeout);

    /** Records how {@code delivery} is settled; takes effect at the next {@link #commit()}. */
    void acknowledge(Delivery delivery, AckType type);

    /** Sends the recorded acknowledgements and waits for the broker to apply them. */
    void commit();

    /**
     * Sends the recorded acknowledgements as part of {@code transaction} and waits until the
     * broker has staged them: they take effect when it commits, and the records are released for
     * redelivery if it rolls back. The records stay held by the transaction even if this
     * consumer closes.
     *
     * @param transaction a transaction of the same provider
     * @throws ProviderException when the broker refused (nothing, or only some, staged)
     */
    default void commit(TransactionScope transaction) {
        throw new ProviderException("this provider cannot acknowledge inside a transaction");
    }

    /**
     * Sends the recorded acknowledgements without waiting; {@link #close()} waits for those
     * still in flight.
     *
     * @return completes once the broker has applied them, or exceptionally with the reason
     */
    default CompletableFuture<Void> commitAsync() {
        try {
            commit();
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Gives back, unseen ({@link AckType#RETURN}), every delivery fetched and not yet handed out
     * by {@link #receive}, so that the broker delivers them again in order after whatever is
     * released with them; sent with the next {@link #commit()}. For {@code Session.recover()} and
     * a failed listener, after which delivery must restart with the oldest message.
     */
    void returnPrefetched();

    /**
     * Stops receiving; deliveries acquired and not accepted are released, those never handed
     * out returned.
     */
    @Override
    void close();
}
