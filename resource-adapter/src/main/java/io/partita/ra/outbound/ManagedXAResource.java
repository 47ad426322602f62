package io.partita.ra.outbound;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The {@link XAResource} a pooled connection gives the transaction manager: the provider's
 * XA resource of the connection's {@code XASession} (opened by the first call), plus the
 * bookkeeping that tells the managed connection when it is associated with a transaction
 * (between {@code start} and {@code end}), so application sessions in that span do the
 * transaction's work.
 *
 * <p>Thread-safe as far as the provider's resource is; the transaction manager serializes calls.
 */
final class ManagedXAResource extends DelegatingXAResource {
    private final PartitaManagedConnection managed;

    ManagedXAResource(PartitaManagedConnection managed) {
        this.managed = managed;
    }

    @Override
    XAResource delegate() throws XAException {
        return managed.providerXaResource();
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        super.start(xid, flags);
        managed.xaStarted();
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        try {
            super.end(xid, flags);
        } finally {
            managed.xaEnded();
        }
    }

    /** Same resource manager when the other is one of ours over the same, or the providers say so. */
    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        XAResource o = other instanceof ManagedXAResource m ? m.delegate() : other;
        return delegate().isSameRM(o);
    }
}
