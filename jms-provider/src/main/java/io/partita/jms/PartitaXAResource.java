package io.partita.jms;

import io.partita.jms.provider.ProviderXaResource;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The {@link XAResource} of one {@link PartitaXASession}, over the provider's XA resource (the
 * broker's XA branches, see {@code docs/transactions.md}).
 *
 * <ul>
 * <li>{@code start}: TMNOFLAGS begins a new branch on the broker; TMJOIN and TMRESUME return to
 *     a branch this resource started (XAER_NOTA otherwise).</li>
 * <li>{@code end}: first stages the acknowledgements of the messages the session received in
 *     the branch (if that fails, the branch is ended with TMFAIL and XA_RBOTHER is thrown); then
 *     TMSUCCESS, TMFAIL (rollback-only) or TMSUSPEND.</li>
 * <li>{@code prepare}: XA_OK, or XA_RDONLY for a branch that neither sent nor received
 *     anything (it is then already complete).</li>
 * <li>{@code commit} (one- or two-phase), {@code rollback}, {@code recover}
 *     (TMSTARTRSCAN lists every prepared branch of the broker, TMENDRSCAN alone lists none),
 *     {@code forget} (XAER_NOTA or XAER_PROTO: Partita never completes a branch heuristically)
 *     work from any resource of the same broker, also after a restart.</li>
 * <li>{@code isSameRM} is true only for this very resource: a branch cannot be joined from another
 *     resource (each resource has its own producer identity on the broker), so a transaction
 *     manager must give each resource a branch of its own rather than TMJOIN across them.</li>
 * <li>Transaction timeout: applies to branches started afterwards; 0 means the broker's
 *     {@code transaction.xa.default.timeout.ms}.</li>
 * </ul>
 *
 * <p>Error codes: see {@code docs/transactions.md} ("Error mapping for XA"); an invalid Xid is
 * XAER_INVAL, an unreachable broker XAER_RMFAIL. Thread-safe (calls serialize on the provider's
 * resource).
 */
public final class PartitaXAResource implements XAResource {
    private final PartitaXASession session;
    private final ProviderXaResource xa;

    PartitaXAResource(PartitaXASession session, ProviderXaResource xa) {
        this.session = session;
        this.xa = xa;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        xa.start(xid, flags);
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        Xid current = xa.associated();
        if (current != null && sameXid(current, xid) && flags != TMFAIL) {
            try {
                session.stageUnacked(xa);
            } catch (RuntimeException e) {
                session.releaseUnstaged();
                try {
                    xa.end(xid, TMFAIL);
                } catch (XAException ignored) {
                    // rollback-only: reported below
                }
                XAException x = new XAException("acknowledging the session's messages in branch " + xid
                        + " failed; the branch is rollback-only: " + e.getMessage());
                x.errorCode = XAException.XA_RBOTHER;
                x.initCause(e);
                throw x;
            }
        } else if (current != null && sameXid(current, xid)) {
            session.releaseUnstaged();
        }
        xa.end(xid, flags);
    }

    private static boolean sameXid(Xid a, Xid b) {
        return b != null && a.getFormatId() == b.getFormatId()
                && java.util.Arrays.equals(a.getGlobalTransactionId(), b.getGlobalTransactionId())
                && java.util.Arrays.equals(a.getBranchQualifier(), b.getBranchQualifier());
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return xa.prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        xa.commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        Xid current = xa.associated();
        if (current != null && sameXid(current, xid)) {
            session.releaseUnstaged();
        }
        xa.rollback(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return xa.recover(flag);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        xa.forget(xid);
    }

    @Override
    public int getTransactionTimeout() throws XAException {
        return xa.getTransactionTimeout();
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        return xa.setTransactionTimeout(seconds);
    }

    /** True only for this resource itself; see the class comment for why. */
    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public String toString() {
        return "PartitaXAResource[" + xa.resourceManagerId() + "]";
    }
}
