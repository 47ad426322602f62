package io.partita.client.txn;

/**
 * The X/Open XA return codes and flags, with the values {@code javax.transaction.xa.XAException}
 * and {@code XAResource} give them, so a JMS provider can pass them through unchanged without this
 * client depending on the transaction API.
 */
public final class XaCodes {
    private XaCodes() {
    }

    // prepare votes
    /** Prepared: the branch will commit when told to. */
    public static final int XA_OK = 0;
    /** The branch wrote nothing and is already forgotten; no second phase for it. */
    public static final int XA_RDONLY = 3;

    // rollback codes (the branch has been rolled back)
    /** Rolled back for an unspecified reason. */
    public static final int XA_RBROLLBACK = 100;
    /** Rolled back because the communication with the resource failed. */
    public static final int XA_RBCOMMFAIL = 101;
    /** Rolled back because a send of the branch failed or a participant refused. */
    public static final int XA_RBOTHER = 104;
    /** Rolled back because of a protocol error in the resource. */
    public static final int XA_RBPROTO = 105;
    /** Rolled back because it was open longer than its timeout. */
    public static final int XA_RBTIMEOUT = 106;

    // heuristic outcomes (Partita never decides heuristically; listed for completeness)
    /** Heuristically completed: maybe partly. */
    public static final int XA_HEURHAZ = 8;
    /** Heuristically committed. */
    public static final int XA_HEURCOM = 7;
    /** Heuristically rolled back. */
    public static final int XA_HEURRB = 6;
    /** Heuristically committed in part, rolled back in part. */
    public static final int XA_HEURMIX = 5;

    // errors
    /** A resource manager error. */
    public static final int XAER_RMERR = -3;
    /** The Xid is not known to the resource. */
    public static final int XAER_NOTA = -4;
    /** Invalid arguments. */
    public static final int XAER_INVAL = -5;
    /** The call is not allowed in the branch's current state. */
    public static final int XAER_PROTO = -6;
    /** The resource is unavailable (broker unreachable, storage failure); the outcome may be unknown. */
    public static final int XAER_RMFAIL = -7;
    /** The Xid already exists. */
    public static final int XAER_DUPID = -8;

    // flags
    public static final int TMNOFLAGS = 0;
    public static final int TMJOIN = 0x00200000;
    public static final int TMRESUME = 0x08000000;
    public static final int TMSUCCESS = 0x04000000;
    public static final int TMFAIL = 0x20000000;
    public static final int TMSUSPEND = 0x02000000;
    public static final int TMSTARTRSCAN = 0x01000000;
    public static final int TMENDRSCAN = 0x00800000;
    public static final int TMONEPHASE = 0x40000000;
}
