package io.partita.ra.it.glassfish.app;

import io.partita.ra.it.app.Deliveries;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * A second resource manager of the test application's own, enlisted next to Partita: its
 * {@code prepare} waits at hold {@code hold} of {@link Deliveries} until the test releases it, so
 * the test acts at a known point of the two-phase commit (the transaction manager prepares in
 * enlistment order). It keeps nothing and always votes yes; it has nothing to recover.
 *
 * <p>Called by one transaction manager thread at a time.
 */
public final class HoldingXaResource implements XAResource {
    private final Deliveries deliveries;
    private final String hold;

    public HoldingXaResource(Deliveries deliveries, String hold) {
        this.deliveries = deliveries;
        this.hold = hold;
    }

    @Override
    public int prepare(Xid xid) {
        deliveries.awaitRelease(hold);
        return XA_OK;
    }

    @Override
    public void start(Xid xid, int flags) {
    }

    @Override
    public void end(Xid xid, int flags) {
    }

    @Override
    public void commit(Xid xid, boolean onePhase) {
    }

    @Override
    public void rollback(Xid xid) {
    }

    @Override
    public void forget(Xid xid) {
    }

    @Override
    public Xid[] recover(int flag) {
        return new Xid[0];
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        return false;
    }
}
