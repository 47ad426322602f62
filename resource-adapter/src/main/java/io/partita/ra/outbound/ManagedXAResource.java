package io.partita.ra.outbound;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The {@link XAResource} a pooled connection gives the transaction manager: the provider's
 * XA resource of the connection's {@code XASession}, plus the bookkeeping that tells the managed
 * connection when it is associated with a transaction (between {@code start} and {@code end}),
 * so application sessions in that span do the transaction's work.
 *
 * <p>Thread-safe as far as the wrapped resource is; the transaction manager serializes calls.
 */
final class ManagedXAResource implements XAResource {
    private final XAResource delegate;
    private final PartitaManagedConnection managed;

    ManagedXAResource(XAResource delegate, PartitaManagedConnection managed) {
        this.delegate = delegate;
        this.managed = managed;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        delegate.start(xid, flags);
        managed.xaStarted();
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        try {
            delegate.end(xid, flags);
        } finally {
            managed.xaEnded();
        }
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return delegate.prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        delegate.commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        delegate.rollback(xid);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        delegate.forget(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return delegate.recover(flag);
    }

    /** Same resource manager when the other is one of ours over the same, or the providers say so. */
    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        XAResource o = other instanceof ManagedXAResource m ? m.delegate : other;
        return delegate.isSameRM(o);
    }

    @Override
    public int getTransactionTimeout() throws XAException {
        return delegate.getTransactionTimeout();
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        return delegate.setTransactionTimeout(seconds);
    }
}
