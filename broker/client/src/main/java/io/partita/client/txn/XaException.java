package io.partita.client.txn;

import io.partita.client.PartitaClientException;
import io.partita.protocol.wire.Errors;

/**
 * An XA call that failed, with the XA code ({@link XaCodes}) a JMS provider puts into its
 * {@code javax.transaction.xa.XAException}: XAER_NOTA, XAER_PROTO, XAER_RMFAIL, XAER_DUPID,
 * XAER_INVAL, XA_RB* (the branch was rolled back), and so on.
 */
public class XaException extends PartitaClientException {
    private static final long serialVersionUID = 1L;
    private final int xaErrorCode;

    public XaException(int xaErrorCode, String message, Errors error, Throwable cause) {
        super(message + " (XA code " + xaErrorCode + ")", error, xaErrorCode == XaCodes.XAER_RMFAIL, cause);
        this.xaErrorCode = xaErrorCode;
    }

    /** @return the XA error code, as {@code XAException.errorCode} */
    public int xaErrorCode() {
        return xaErrorCode;
    }

    /** The XA code for a broker error. */
    static int codeFor(Errors error) {
        return switch (error) {
            case UNKNOWN_XID -> XaCodes.XAER_NOTA;
            case DUPLICATE_XID -> XaCodes.XAER_DUPID;
            case INVALID_TXN_STATE -> XaCodes.XAER_PROTO;
            case TRANSACTION_TIMED_OUT -> XaCodes.XA_RBTIMEOUT;
            case TRANSACTION_ROLLED_BACK -> XaCodes.XA_RBROLLBACK;
            case INVALID_REQUEST, INVALID_TRANSACTION_TIMEOUT -> XaCodes.XAER_INVAL;
            case PRODUCER_FENCED, INVALID_PRODUCER_EPOCH, INVALID_PRODUCER_ID_MAPPING -> XaCodes.XAER_PROTO;
            default -> XaCodes.XAER_RMFAIL;
        };
    }
}
