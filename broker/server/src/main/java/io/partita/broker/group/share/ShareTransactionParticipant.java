package io.partita.broker.group.share;

import io.partita.broker.txn.TransactionKey;
import io.partita.broker.txn.TransactionParticipant;
import io.partita.broker.txn.TransactionState;
import io.partita.protocol.txn.Xid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Share-group acknowledgements as a {@link TransactionParticipant}: what a transaction staged with
 * TxnShareAcknowledge ({@link ShareGroupManager#stageAcknowledgements}) is applied on commit and
 * released for redelivery on abort.
 *
 * <p><b>Durability.</b> Staging is stored in {@code __share_state} before it is answered, so
 * {@link #prepare} has nothing left to do: a prepared XA branch's acknowledgements survive a
 * crash, and its records stay held by the branch (never redelivered) until it is committed or
 * rolled back. At start-up, {@link #resolveAfterRestart} settles stagings whose transaction the
 * coordinator no longer has open.
 *
 * <p>Thread-safe; the coordinator calls it while holding the transaction.
 */
public final class ShareTransactionParticipant implements TransactionParticipant {
    private static final Logger LOG = LoggerFactory.getLogger(ShareTransactionParticipant.class);

    private final ShareGroupManager shareGroups;

    public ShareTransactionParticipant(ShareGroupManager shareGroups) {
        this.shareGroups = shareGroups;
    }

    /**
     * The name under which a transaction stages acknowledgements: {@code id:<transactional id>},
     * or {@code xa:<format id>:<gtrid hex>:<bqual hex>} for an XA branch. Stored in
     * {@code __share_state}; never change it.
     */
    public static String txnId(TransactionKey key) {
        if (!key.isXa()) {
            return "id:" + key.transactionalId();
        }
        Xid x = key.xid();
        HexFormat hex = HexFormat.of();
        return "xa:" + x.formatId() + ":" + hex.formatHex(x.globalTransactionId()) + ":"
                + hex.formatHex(x.branchQualifier());
    }

    @Override
    public void prepare(TransactionRef transaction) {
        // Staging was stored before it was answered: nothing more to make durable.
    }

    @Override
    public void commit(TransactionRef transaction) {
        try {
            shareGroups.commitTransaction(txnId(transaction.key()));
        } catch (IOException e) {
            throw new UncheckedIOException("applying the acknowledgements of " + transaction.key() + " failed", e);
        }
    }

    @Override
    public void abort(TransactionRef transaction) {
        try {
            shareGroups.abortTransaction(txnId(transaction.key()));
        } catch (IOException e) {
            throw new UncheckedIOException("releasing the acknowledgements of " + transaction.key() + " failed", e);
        }
    }

    /**
     * Settles stagings left by a crash whose transaction is no longer open at the coordinator:
     * applied if it committed (a transactional id whose last transaction committed), released
     * otherwise (aborted, or an XA branch completed and forgotten: a branch is forgotten only
     * after its participants completed, so a staging still here was never applied). Open
     * transactions (ONGOING, PREPARED) keep theirs.
     *
     * @param states the coordinator's {@code transactionStates()} after its reload
     */
    public void resolveAfterRestart(Map<TransactionKey, TransactionState> states) {
        Map<String, TransactionState> byTxnId = new HashMap<>();
        states.forEach((k, s) -> byTxnId.put(txnId(k), s));
        for (String txn : shareGroups.stagedTransactions()) {
            TransactionState s = byTxnId.get(txn);
            if (s == TransactionState.ONGOING || s == TransactionState.PREPARED || (s != null && s.isCompleting())) {
                continue;
            }
            try {
                if (s == TransactionState.COMPLETE_COMMIT) {
                    LOG.info("{} committed before the restart; applying its staged acknowledgements", txn);
                    shareGroups.commitTransaction(txn);
                } else {
                    LOG.info("{} is {}; releasing its staged acknowledgements", txn, s == null ? "unknown" : s);
                    shareGroups.abortTransaction(txn);
                }
            } catch (IOException e) {
                LOG.error("settling the staged acknowledgements of {} failed; they stay held", txn, e);
            }
        }
    }
}
