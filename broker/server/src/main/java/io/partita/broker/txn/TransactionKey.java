package io.partita.broker.txn;

import io.partita.protocol.txn.Xid;

import java.util.Objects;

/**
 * What a transaction is known by at its coordinator: a producer's transactional id, or an XA
 * branch's {@link Xid}. Exactly one of the two is set. Immutable.
 *
 * @param transactionalId the transactional id, or null
 * @param xid the XA branch, or null
 */
public record TransactionKey(String transactionalId, Xid xid) {

    /** Checks that exactly one is set. */
    public TransactionKey {
        if ((transactionalId == null) == (xid == null)) {
            throw new IllegalArgumentException("a transaction is named by a transactional id or an Xid, not "
                    + (xid == null ? "neither" : "both"));
        }
    }

    public static TransactionKey of(String transactionalId) {
        return new TransactionKey(Objects.requireNonNull(transactionalId, "transactionalId"), null);
    }

    public static TransactionKey of(Xid xid) {
        return new TransactionKey(null, Objects.requireNonNull(xid, "xid"));
    }

    public boolean isXa() {
        return xid != null;
    }

    @Override
    public String toString() {
        return isXa() ? "XA branch " + xid : "transactional id '" + transactionalId + "'";
    }
}
