package io.partita.broker.txn;

/**
 * A broker component whose work can be part of a transaction besides produced records: for
 * example share-group acknowledgements or subscription offsets made in a transacted session.
 *
 * <p><b>How to take part.</b> The component registers itself once with
 * {@link TransactionCoordinator#registerParticipant}. When a client does transactional work with
 * it, the request carries the transaction's producer id (from InitProducerId or XaStart); the
 * component stages that work under the id, without making it visible, and the coordinator then
 * calls back:
 * <ul>
 * <li>{@link #prepare} when an XA branch is being prepared, before PREPARED is logged: make the
 *     staged work durable, so it survives a restart until commit or abort; throwing votes to roll
 *     the branch back.</li>
 * <li>{@link #commit} after the commit markers are written: apply the staged work.</li>
 * <li>{@link #abort} after the abort markers are written: drop the staged work (for
 *     acknowledgements, release the records for redelivery, keeping their delivery counts).</li>
 * </ul>
 * Work joins a transaction through {@link TransactionCoordinator#joinTransaction}, which opens it
 * if needed and holds it while the work is staged. A {@link #commit} or {@link #abort} that throws
 * leaves the transaction COMMITTING or ABORTING; the coordinator's timer calls again later.
 * A participant with nothing staged for the producer id does nothing. Callbacks may come more
 * than once for the same transaction (after a coordinator restart completes a transaction that
 * was committing), so they must be idempotent. They run on request or timer threads, never
 * concurrently for the same transaction, and should return quickly.
 */
public interface TransactionParticipant {

    /**
     * Makes the work staged for the transaction durable (XA prepare).
     *
     * @param transaction the transaction
     * @throws Exception to vote for rollback; the branch is then rolled back
     */
    void prepare(TransactionRef transaction) throws Exception;

    /** Applies the work staged for the transaction. */
    void commit(TransactionRef transaction);

    /** Drops the work staged for the transaction. */
    void abort(TransactionRef transaction);

    /**
     * The identity of a transaction handed to participants.
     *
     * @param key the transactional id or Xid
     * @param producerId the producer id its requests carry
     * @param producerEpoch the producer epoch of the transaction
     */
    record TransactionRef(TransactionKey key, long producerId, short producerEpoch) {
    }
}
