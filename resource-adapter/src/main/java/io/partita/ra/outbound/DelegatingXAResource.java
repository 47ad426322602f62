package io.partita.ra.outbound;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * An {@link XAResource} that passes every call to the provider's resource {@link #delegate()}
 * returns, which subclasses open on first need. Thread-safe as far as the delegate is.
 */
abstract class DelegatingXAResource implements XAResource {
    /**
     * The provider's resource, opened if need be.
     *
     * @throws XAException {@code XAER_RMFAIL} when it cannot be opened
     */
    abstract XAResource delegate() throws XAException;

    static XAException unreachable(String what, Exception cause) {
        XAException x = new XAException(what + ": " + cause.getMessage());
        x.errorCode = XAException.XAER_RMFAIL;
        x.initCause(cause);
        return x;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        delegate().start(xid, flags);
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        delegate().end(xid, flags);
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return delegate().prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        delegate().commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        delegate().rollback(xid);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        delegate().forget(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return delegate().recover(flag);
    }

    @Override
    public int getTransactionTimeout() throws XAException {
        return delegate().getTransactionTimeout();
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        return delegate().setTransactionTimeout(seconds);
    }
}
