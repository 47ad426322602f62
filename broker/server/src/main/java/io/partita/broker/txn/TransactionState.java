package io.partita.broker.txn;

/**
 * The states of a transaction at its coordinator.
 *
 * <pre>
 * EMPTY ──AddPartitions──▶ ONGOING ──XaPrepare──▶ PREPARED
 *   ▲                        │  │                   │  │
 *   │              EndTxn(commit) EndTxn(abort),     │  XaRollback
 *   │                        │  timeout, fencing    XaCommit
 *   │                        ▼  ▼                   ▼  ▼
 *   │                 COMMITTING / ABORTING (markers being written)
 *   │                        │
 *   └──────── COMPLETE_COMMIT / COMPLETE_ABORT (transactional id: ready for the next one;
 *                                               XA branch: forgotten, its key tombstoned)
 * </pre>
 *
 * <p>The byte {@link #id()} is stored in {@code __transaction_state}; it never changes.
 */
public enum TransactionState {
    /** Initialised, no transaction open. */
    EMPTY(0),
    /** Partitions added; sends may be in flight. */
    ONGOING(1),
    /** An XA branch voted to commit: durable, never aborted by timeout, waiting for the decision. */
    PREPARED(2),
    /** Commit decided and logged; commit markers are being written. */
    COMMITTING(3),
    /** Abort decided and logged; abort markers are being written. */
    ABORTING(4),
    /** The last transaction committed everywhere. */
    COMPLETE_COMMIT(5),
    /** The last transaction aborted everywhere. */
    COMPLETE_ABORT(6);

    private final byte id;

    TransactionState(int id) {
        this.id = (byte) id;
    }

    public byte id() {
        return id;
    }

    /** Whether markers are still to be written. */
    public boolean isCompleting() {
        return this == COMMITTING || this == ABORTING;
    }

    /** Whether no transaction is open (a new one may begin). */
    public boolean isIdle() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }

    /** @throws IllegalArgumentException for an unknown id */
    public static TransactionState forId(byte id) {
        for (TransactionState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown transaction state id " + id);
    }
}
