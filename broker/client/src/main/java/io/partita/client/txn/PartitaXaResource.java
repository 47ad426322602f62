package io.partita.client.txn;

import io.partita.client.ClusterMetadata;
import io.partita.client.HostPort;
import io.partita.client.PartitaClientException;
import io.partita.client.network.NetworkClient;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerConfig;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.txn.Xid;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.XaCommitRequest;
import io.partita.protocol.wire.api.XaCommitResponse;
import io.partita.protocol.wire.api.XaForgetRequest;
import io.partita.protocol.wire.api.XaForgetResponse;
import io.partita.protocol.wire.api.XaPrepareRequest;
import io.partita.protocol.wire.api.XaPrepareResponse;
import io.partita.protocol.wire.api.XaRecoverRequest;
import io.partita.protocol.wire.api.XaRecoverResponse;
import io.partita.protocol.wire.api.XaRollbackRequest;
import io.partita.protocol.wire.api.XaRollbackResponse;
import io.partita.protocol.wire.api.XaStartRequest;
import io.partita.protocol.wire.api.XaStartResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The XA face of Partita for one producer: the operations of {@code javax.transaction.xa.XAResource},
 * shaped so that a JMS provider's {@code XAResource} is a thin adapter (flags and return codes are
 * XA's own, see {@link XaCodes}; failures are {@link XaException}s carrying the XA error code).
 *
 * <pre>{@code
 * PartitaXaResource xa = new PartitaXaResource(producerProperties);
 * xa.start(xid, XaCodes.TMNOFLAGS);
 * xa.producer().send(new ProducerRecord("orders", key, value));
 * xa.end(xid, XaCodes.TMSUCCESS);
 * if (xa.prepare(xid) == XaCodes.XA_OK) {
 *     xa.commit(xid, false);
 * }
 * }</pre>
 *
 * <p><b>Association.</b> {@link #start} associates the resource's producer with a branch: with
 * TMNOFLAGS the broker creates the branch (XaStart) and gives it a producer id of its own; with
 * TMJOIN or TMRESUME the producer returns to a branch this resource started and ended or
 * suspended. Records sent through {@link #producer()} while associated belong to the branch; the
 * producer refuses sends while not associated. {@link #end} waits until the branch's records are
 * acknowledged; if one failed, the branch is rollback-only and {@code end} throws XA_RBOTHER.
 *
 * <p><b>Completion.</b> {@link #prepare}, {@link #commit}, {@link #rollback}, {@link #recover} and
 * {@link #forget} go to the broker, which keeps prepared branches durably across restarts, so a
 * transaction manager may complete a branch from any resource, also after a crash. Branches not
 * prepared within their timeout ({@link #setTransactionTimeout}, else the broker's
 * {@code transaction.xa.default.timeout.ms}) are rolled back by the broker; later calls for them
 * answer XA_RBTIMEOUT.
 *
 * <p>Thread-safe: calls are serialized on the resource.
 */
public final class PartitaXaResource implements AutoCloseable {

    private enum BranchState { ACTIVE, SUSPENDED, IDLE }

    /** A branch this resource started and that is not prepared or completed yet. */
    private static final class Branch {
        final long producerId;
        final short producerEpoch;
        final Set<TopicPartition> partitions = ConcurrentHashMap.newKeySet();
        final Map<TopicPartition, Integer> sequences = new ConcurrentHashMap<>();
        BranchState state = BranchState.ACTIVE;
        PartitaClientException failure;

        Branch(long producerId, short producerEpoch) {
            this.producerId = producerId;
            this.producerEpoch = producerEpoch;
        }
    }

    private final ProducerConfig config;
    private final PartitaProducer producer;
    private final NetworkClient network;
    private final ClusterMetadata metadata;
    private final Map<Xid, Branch> branches = new HashMap<>();
    private Xid associated;
    private int timeoutSeconds;

    /**
     * @param producerProperties producer settings (see {@link ProducerConfig}); without
     *        {@code transactional.id}, with idempotence (the default)
     * @throws IllegalArgumentException when the settings are invalid or name a transactional id
     */
    public PartitaXaResource(Properties producerProperties) {
        this.config = ProducerConfig.from(producerProperties);
        if (config.transactionalId() != null) {
            throw new IllegalArgumentException("an XA resource's producer must not have 'transactional.id' ("
                    + config.transactionalId() + "); each XA branch gets its own producer identity");
        }
        if (!config.idempotence()) {
            throw new IllegalArgumentException("an XA resource's producer needs enable.idempotence=true");
        }
        this.producer = new PartitaProducer(config);
        this.network = new NetworkClient(config.clientId() + "-xa", config.requestTimeoutMs(), 1 << 20,
                config.credentials());
        this.metadata = new ClusterMetadata(network, config.bootstrapServers());
    }

    /** The producer whose sends belong to the associated branch. */
    public PartitaProducer producer() {
        return producer;
    }

    /**
     * Associates the producer with a branch.
     *
     * @param flags TMNOFLAGS (a new branch), TMJOIN or TMRESUME
     * @throws XaException XAER_DUPID, XAER_NOTA, XAER_PROTO, XAER_INVAL, XAER_RMFAIL
     */
    public synchronized void start(Xid xid, int flags) {
        if (associated != null) {
            throw new XaException(XaCodes.XAER_PROTO, "already associated with " + associated + "; end it first",
                    null, null);
        }
        Branch branch;
        if (flags == XaCodes.TMNOFLAGS) {
            if (branches.containsKey(xid)) {
                throw new XaException(XaCodes.XAER_DUPID, "branch " + xid + " was already started here", null, null);
            }
            XaStartResponse r = call(ApiKey.XA_START, new XaStartRequest(xid, timeoutSeconds * 1000),
                    XaStartResponse::error, "start " + xid);
            check(r.error(), r.errorMessage(), "start " + xid);
            branch = new Branch(r.producerId(), r.producerEpoch());
            branches.put(xid, branch);
        } else if (flags == XaCodes.TMJOIN || flags == XaCodes.TMRESUME) {
            branch = branches.get(xid);
            if (branch == null) {
                throw new XaException(XaCodes.XAER_NOTA, "branch " + xid + " was not started by this resource",
                        null, null);
            }
            if (flags == XaCodes.TMRESUME && branch.state != BranchState.SUSPENDED) {
                throw new XaException(XaCodes.XAER_PROTO, "branch " + xid + " is not suspended", null, null);
            }
        } else {
            throw new XaException(XaCodes.XAER_INVAL, "start flags " + Integer.toHexString(flags)
                    + " are not TMNOFLAGS, TMJOIN or TMRESUME", null, null);
        }
        producer.associateXaBranch(xid, branch.producerId, branch.producerEpoch, branch.partitions, branch.sequences);
        branch.state = BranchState.ACTIVE;
        associated = xid;
    }

    /**
     * Ends the association, after the branch's records are acknowledged.
     *
     * @param flags TMSUCCESS, TMFAIL (the branch becomes rollback-only) or TMSUSPEND
     * @throws XaException XA_RBOTHER when a send of the branch failed (it is rollback-only),
     *         XAER_PROTO when not associated with {@code xid}, XAER_INVAL for bad flags
     */
    public synchronized void end(Xid xid, int flags) {
        Branch branch = branches.get(xid);
        if (branch == null) {
            throw new XaException(XaCodes.XAER_NOTA, "branch " + xid + " was not started by this resource", null, null);
        }
        if (flags != XaCodes.TMSUCCESS && flags != XaCodes.TMFAIL && flags != XaCodes.TMSUSPEND) {
            throw new XaException(XaCodes.XAER_INVAL, "end flags " + Integer.toHexString(flags)
                    + " are not TMSUCCESS, TMFAIL or TMSUSPEND", null, null);
        }
        if (xid.equals(associated)) {
            PartitaClientException failed = producer.dissociateXaBranch();
            associated = null;
            if (failed != null && branch.failure == null) {
                branch.failure = failed;
            }
        } else if (branch.state != BranchState.SUSPENDED) {
            throw new XaException(XaCodes.XAER_PROTO, "branch " + xid + " is not associated with this resource",
                    null, null);
        }
        if (flags == XaCodes.TMFAIL && branch.failure == null) {
            branch.failure = new PartitaClientException("the application ended the branch with TMFAIL", null, false,
                    null);
        }
        branch.state = flags == XaCodes.TMSUSPEND ? BranchState.SUSPENDED : BranchState.IDLE;
        if (branch.failure != null && flags != XaCodes.TMSUSPEND) {
            throw new XaException(XaCodes.XA_RBOTHER, "branch " + xid + " is rollback-only: "
                    + branch.failure.getMessage(), branch.failure.error(), branch.failure);
        }
    }

    /**
     * First phase: the broker makes the branch durable.
     *
     * @return {@link XaCodes#XA_OK}, or {@link XaCodes#XA_RDONLY} when it wrote nothing (then there is no second phase)
     * @throws XaException XA_RB* when the branch was rolled back instead, XAER_NOTA, XAER_PROTO, XAER_RMFAIL
     */
    public synchronized int prepare(Xid xid) {
        checkNotAssociated(xid, "prepare");
        Branch local = branches.get(xid);
        if (local != null && local.failure != null) {
            rollbackQuietly(xid);
            throw new XaException(XaCodes.XA_RBOTHER, "branch " + xid + " was rolled back: "
                    + local.failure.getMessage(), local.failure.error(), local.failure);
        }
        XaPrepareResponse r = call(ApiKey.XA_PREPARE, new XaPrepareRequest(xid), XaPrepareResponse::error,
                "prepare " + xid);
        if (r.error() != Errors.NONE && XaException.codeFor(r.error()) >= XaCodes.XA_RBROLLBACK) {
            branches.remove(xid);
        }
        check(r.error(), r.errorMessage(), "prepare " + xid);
        branches.remove(xid);
        return r.readOnly() ? XaCodes.XA_RDONLY : XaCodes.XA_OK;
    }

    /**
     * Second phase, or a one-phase commit of an unprepared branch.
     *
     * @throws XaException XA_RB* when it was rolled back instead, XAER_NOTA, XAER_PROTO, XAER_RMFAIL
     */
    public synchronized void commit(Xid xid, boolean onePhase) {
        checkNotAssociated(xid, "commit");
        Branch local = branches.get(xid);
        if (onePhase && local != null && local.failure != null) {
            rollbackQuietly(xid);
            throw new XaException(XaCodes.XA_RBOTHER, "branch " + xid + " was rolled back: "
                    + local.failure.getMessage(), local.failure.error(), local.failure);
        }
        XaCommitResponse r = call(ApiKey.XA_COMMIT, new XaCommitRequest(xid, onePhase), XaCommitResponse::error,
                "commit " + xid);
        if (r.error() == Errors.NONE || XaException.codeFor(r.error()) >= XaCodes.XA_RBROLLBACK
                || r.error() == Errors.UNKNOWN_XID) {
            branches.remove(xid);
        }
        check(r.error(), r.errorMessage(), "commit " + xid);
    }

    /**
     * Rolls the branch back.
     *
     * @throws XaException XAER_NOTA, XAER_PROTO, XAER_RMFAIL
     */
    public synchronized void rollback(Xid xid) {
        if (xid.equals(associated)) {
            producer.dissociateXaBranch();
            associated = null;
        }
        XaRollbackResponse r = call(ApiKey.XA_ROLLBACK, new XaRollbackRequest(xid), XaRollbackResponse::error,
                "rollback " + xid);
        if (r.error() != Errors.INVALID_TXN_STATE && r.error() != Errors.STORAGE_ERROR) {
            branches.remove(xid);
        }
        if (r.error() == Errors.TRANSACTION_TIMED_OUT) {
            return; // rolled back already, which is what was asked
        }
        check(r.error(), r.errorMessage(), "rollback " + xid);
    }

    /**
     * The prepared branches of the broker.
     *
     * @param flags TMSTARTRSCAN (with or without TMENDRSCAN) lists them all; other flags continue
     *        a scan that already returned everything, so they list none
     */
    public synchronized List<Xid> recover(int flags) {
        if ((flags & XaCodes.TMSTARTRSCAN) == 0) {
            if (flags != XaCodes.TMNOFLAGS && flags != XaCodes.TMENDRSCAN) {
                throw new XaException(XaCodes.XAER_INVAL, "recover flags " + Integer.toHexString(flags), null, null);
            }
            return List.of();
        }
        XaRecoverResponse r = call(ApiKey.XA_RECOVER, new XaRecoverRequest(), XaRecoverResponse::error, "recover");
        check(r.error(), r.errorMessage(), "recover");
        return r.xids();
    }

    /**
     * Forgets a heuristically completed branch; Partita never completes one heuristically.
     *
     * @throws XaException XAER_NOTA for an unknown branch, XAER_PROTO for any other
     */
    public synchronized void forget(Xid xid) {
        XaForgetResponse r = call(ApiKey.XA_FORGET, new XaForgetRequest(xid), XaForgetResponse::error, "forget " + xid);
        check(r.error(), r.errorMessage(), "forget " + xid);
    }

    /**
     * Sets the timeout of branches started afterwards.
     *
     * @param seconds 0 for the broker's default
     * @return true
     */
    public synchronized boolean setTransactionTimeout(int seconds) {
        if (seconds < 0) {
            throw new XaException(XaCodes.XAER_INVAL, "transaction timeout " + seconds + " s is negative", null, null);
        }
        timeoutSeconds = seconds;
        return true;
    }

    /** The timeout of new branches in seconds, 0 for the broker's default. */
    public synchronized int getTransactionTimeout() {
        return timeoutSeconds;
    }

    /** Identifies the cluster: two resources with the same id reach the same resource manager. */
    public String resourceManagerId() {
        return config.bootstrapServers().toString();
    }

    @Override
    public synchronized void close() {
        producer.close();
        network.close();
    }

    private void checkNotAssociated(Xid xid, String what) {
        if (xid.equals(associated)) {
            throw new XaException(XaCodes.XAER_PROTO, "cannot " + what + " " + xid + " while it is associated; end it first",
                    null, null);
        }
    }

    private void rollbackQuietly(Xid xid) {
        try {
            call(ApiKey.XA_ROLLBACK, new XaRollbackRequest(xid), XaRollbackResponse::error, "rollback " + xid);
        } catch (XaException e) {
            // the broker rolls it back by timeout in any case
        }
        branches.remove(xid);
    }

    private static void check(Errors error, String message, String what) {
        if (error != Errors.NONE) {
            throw new XaException(XaException.codeFor(error), what + ": " + error.name()
                    + (message == null ? "" : ": " + message), error, null);
        }
    }

    private <R extends ApiResponse> R call(ApiKey key, ApiRequest request, java.util.function.Function<R, Errors> errorOf,
            String what) {
        long deadline = System.currentTimeMillis() + config.maxBlockMs();
        Exception last = null;
        while (true) {
            HostPort broker = metadata.anyBroker();
            try {
                @SuppressWarnings("unchecked")
                R r = (R) network.send(broker.host(), broker.port(), key, request, true)
                        .get(config.requestTimeoutMs(), TimeUnit.MILLISECONDS);
                Errors e = errorOf.apply(r);
                if (!e.retriable() || System.currentTimeMillis() + config.retryBackoffMs() > deadline) {
                    return r;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new XaException(XaCodes.XAER_RMFAIL, "interrupted during " + what, null, e);
            } catch (Exception e) {
                last = e;
                if (System.currentTimeMillis() + config.retryBackoffMs() > deadline) {
                    throw new XaException(XaCodes.XAER_RMFAIL, what + " failed: " + e, null, e);
                }
            }
            try {
                Thread.sleep(Math.max(1, config.retryBackoffMs()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new XaException(XaCodes.XAER_RMFAIL, "interrupted during " + what, null, last);
            }
        }
    }
}
