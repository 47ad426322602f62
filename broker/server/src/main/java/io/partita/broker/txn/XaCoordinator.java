package io.partita.broker.txn;

import io.partita.protocol.txn.Xid;
import io.partita.protocol.wire.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The XA side of the {@link TransactionCoordinator}: branches keyed by their {@link Xid}, each
 * with a producer id of its own, through start, prepare, commit (one-phase or two-phase),
 * rollback, recover and forget. It shares the coordinator's state, state log, completion
 * machinery and participants (see the coordinator's Javadoc for the states and the log).
 *
 * <p>A completed branch is forgotten: a tombstone in {@code __transaction_state}, after which its
 * Xid is unknown (XAER_NOTA) and may be started again.
 *
 * <p>Thread-safe, as the coordinator: each branch's operations serialize on its metadata.
 */
public final class XaCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(XaCoordinator.class);

    private final TransactionCoordinator c;

    XaCoordinator(TransactionCoordinator coordinator) {
        this.c = coordinator;
    }

    /** XaStart: a new branch with a producer id of its own. */
    public TransactionCoordinator.ProducerIdAndEpoch start(Xid xid, int timeoutMs) {
        int timeout = timeoutMs == 0 ? c.config.xaDefaultTimeoutMs() : timeoutMs;
        c.checkTimeout(timeout);
        TransactionKey key = TransactionKey.of(xid);
        synchronized (c.createLock) {
            if (c.transactions.containsKey(key)) {
                throw new TransactionException(Errors.DUPLICATE_XID, "XA branch " + xid + " already exists");
            }
            TransactionMetadata md = new TransactionMetadata(key, c.nextProducerId(), (short) 0, timeout, c.clock.millis());
            md.startMs = c.clock.millis();
            c.stateLog.append(key, md.snapshot());
            c.transactions.put(key, md);
            c.byProducerId.put(md.producerId, md);
            return new TransactionCoordinator.ProducerIdAndEpoch(md.producerId, md.producerEpoch);
        }
    }

    /**
     * XaPrepare.
     *
     * @return true when the branch wrote nothing (read-only; it is forgotten), false when prepared
     */
    public boolean prepare(Xid xid) {
        TransactionMetadata md = c.find(TransactionKey.of(xid));
        synchronized (md) {
            c.checkAlive(md);
            switch (md.state) {
                case EMPTY -> {
                    c.forget(md);
                    return true;
                }
                case ONGOING -> {
                    TransactionMetadata.Snapshot before = md.snapshot();
                    TransactionParticipant.TransactionRef ref = c.ref(md);
                    for (TransactionParticipant p : c.participants) {
                        try {
                            p.prepare(ref);
                        } catch (Exception e) {
                            LOG.warn("{}: participant {} refused to prepare; rolling back: {}", md.key, p, e.toString());
                            c.beginCompletion(md, false, before);
                            c.finish(md, false, true);
                            throw new TransactionException(Errors.TRANSACTION_ROLLED_BACK, md.key
                                    + " was rolled back: " + e.getMessage());
                        }
                    }
                    md.state = TransactionState.PREPARED;
                    md.updateMs = c.clock.millis();
                    c.logOrRevert(md, before);
                    return false;
                }
                case COMPLETE_ABORT, COMPLETE_COMMIT -> {
                    TransactionException e = c.rolledBack(md);
                    c.forget(md);
                    throw e;
                }
                default -> throw new TransactionException(Errors.INVALID_TXN_STATE, md.key + " is " + md.state
                        + "; only an active or idle branch can be prepared");
            }
        }
    }

    /** XaCommit, one-phase or two-phase; the branch is forgotten afterwards. */
    public void commit(Xid xid, boolean onePhase) {
        TransactionMetadata md = c.find(TransactionKey.of(xid));
        synchronized (md) {
            c.checkAlive(md);
            switch (md.state) {
                case EMPTY -> {
                    if (!onePhase) {
                        throw new TransactionException(Errors.INVALID_TXN_STATE, md.key
                                + " is not prepared; commit it with onePhase or prepare it first");
                    }
                    c.forget(md);
                }
                case ONGOING, PREPARED -> {
                    if (onePhase != (md.state == TransactionState.ONGOING)) {
                        throw new TransactionException(Errors.INVALID_TXN_STATE, md.key + " is " + md.state
                                + (onePhase ? "; a prepared branch is committed in two phases"
                                        : "; it must be prepared before a two-phase commit"));
                    }
                    TransactionMetadata.Snapshot before = md.snapshot();
                    c.bumpEpoch(md);
                    c.beginCompletion(md, true, before);
                    c.finish(md, true, true);
                }
                case COMMITTING -> c.finish(md, true, true);
                case COMPLETE_ABORT, COMPLETE_COMMIT -> {
                    TransactionException e = c.rolledBack(md);
                    c.forget(md);
                    throw e;
                }
                default -> throw new TransactionException(Errors.INVALID_TXN_STATE, md.key + " is " + md.state);
            }
        }
    }

    /** XaRollback; the branch is forgotten afterwards. */
    public void rollback(Xid xid) {
        TransactionMetadata md = c.find(TransactionKey.of(xid));
        synchronized (md) {
            c.checkAlive(md);
            switch (md.state) {
                case EMPTY, COMPLETE_ABORT -> c.forget(md);
                case ONGOING, PREPARED -> {
                    TransactionMetadata.Snapshot before = md.snapshot();
                    c.bumpEpoch(md);
                    c.beginCompletion(md, false, before);
                    c.finish(md, false, true);
                }
                case ABORTING -> c.finish(md, false, true);
                default -> throw new TransactionException(Errors.INVALID_TXN_STATE, md.key + " is " + md.state
                        + "; it cannot be rolled back");
            }
        }
    }

    /** XaRecover: the prepared branches. */
    public List<Xid> recover() {
        List<Xid> out = new ArrayList<>();
        for (TransactionMetadata md : c.transactions.values()) {
            synchronized (md) {
                if (md.key.isXa() && !md.removed && md.state == TransactionState.PREPARED) {
                    out.add(md.key.xid());
                }
            }
        }
        return out;
    }

    /** XaForget: nothing is ever heuristically completed, so this always fails. */
    public void forget(Xid xid) {
        TransactionMetadata md = c.find(TransactionKey.of(xid));
        throw new TransactionException(Errors.INVALID_TXN_STATE, md.key + " is " + md.state
                + " and was not completed heuristically; there is nothing to forget");
    }

}
