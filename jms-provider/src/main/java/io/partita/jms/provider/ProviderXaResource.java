package io.partita.jms.provider;

import javax.transaction.xa.XAException;
import javax.transaction.xa.Xid;

/**
 * The XA operations of one XA session, with the flags, return codes and {@link XAException}
 * error codes of {@code javax.transaction.xa.XAResource}. Sends through its
 * {@link #createProducer() producers} belong to the associated branch; so do acknowledgements
 * staged into it while associated. Thread-safe.
 */
public interface ProviderXaResource extends TransactionScope, AutoCloseable {

    void start(Xid xid, int flags) throws XAException;

    void end(Xid xid, int flags) throws XAException;

    int prepare(Xid xid) throws XAException;

    void commit(Xid xid, boolean onePhase) throws XAException;

    void rollback(Xid xid) throws XAException;

    Xid[] recover(int flags) throws XAException;

    void forget(Xid xid) throws XAException;

    int getTransactionTimeout() throws XAException;

    boolean setTransactionTimeout(int seconds) throws XAException;

    /** The branch associated now, or null. */
    Xid associated();

    /** Names the resource manager (the cluster); see {@code XAResource.isSameRM}. */
    String resourceManagerId();

    @Override
    void close();
}
