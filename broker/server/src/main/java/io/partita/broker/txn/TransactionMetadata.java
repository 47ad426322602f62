package io.partita.broker.txn;

import io.partita.protocol.TopicPartition;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The coordinator's record of one transactional id or XA branch: producer identity, timeout,
 * state, the partitions of the open transaction and when it began.
 *
 * <p>Thread safety: mutated only while holding the object's monitor; {@link #snapshot} gives the
 * immutable form that is logged.
 */
final class TransactionMetadata {
    final TransactionKey key;
    long producerId;
    short producerEpoch;
    int timeoutMs;
    TransactionState state;
    final Set<TopicPartition> partitions = new LinkedHashSet<>();
    long startMs = -1;
    long updateMs;
    /** The last abort was the coordinator's, because the transaction outlived its timeout. */
    boolean abortedByTimeout;
    /** Just created: the first InitProducerId hands out epoch 0 without a bump. Not logged. */
    boolean fresh;
    /** Removed from the coordinator (XA branch forgotten); a stale reference must not be used. */
    boolean removed;

    TransactionMetadata(TransactionKey key, long producerId, short producerEpoch, int timeoutMs, long nowMs) {
        this.key = key;
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.timeoutMs = timeoutMs;
        this.state = TransactionState.EMPTY;
        this.updateMs = nowMs;
    }

    static TransactionMetadata of(Snapshot s) {
        TransactionMetadata m = new TransactionMetadata(s.key(), s.producerId(), s.producerEpoch(), s.timeoutMs(),
                s.updateMs());
        m.state = s.state();
        m.partitions.addAll(s.partitions());
        m.startMs = s.startMs();
        m.abortedByTimeout = s.abortedByTimeout();
        return m;
    }

    Snapshot snapshot() {
        return new Snapshot(key, producerId, producerEpoch, timeoutMs, state, Set.copyOf(partitions), startMs,
                updateMs, abortedByTimeout);
    }

    /**
     * The logged form of a transaction's metadata.
     *
     * @param key the transactional id or Xid
     * @param producerId the producer id
     * @param producerEpoch the producer epoch
     * @param timeoutMs the transaction timeout
     * @param state the state
     * @param partitions the partitions of the open (or completing) transaction
     * @param startMs when the open transaction began, or -1
     * @param updateMs when this record was written
     * @param abortedByTimeout whether the last abort was a timeout's
     */
    record Snapshot(TransactionKey key, long producerId, short producerEpoch, int timeoutMs, TransactionState state,
                    Set<TopicPartition> partitions, long startMs, long updateMs, boolean abortedByTimeout) {
    }
}
