package io.partita.client.producer;

import io.partita.client.ClusterMetadata;
import io.partita.client.HostPort;
import io.partita.client.PartitaClientException;
import io.partita.client.network.NetworkClient;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.txn.Xid;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.AddPartitionsToTxnRequest;
import io.partita.protocol.wire.api.AddPartitionsToTxnResponse;
import io.partita.protocol.wire.api.EndTxnRequest;
import io.partita.protocol.wire.api.EndTxnResponse;
import io.partita.protocol.wire.api.InitProducerIdRequest;
import io.partita.protocol.wire.api.InitProducerIdResponse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The client side of a producer's transactions: its state, the partitions of the open
 * transaction, and the requests to the coordinator (InitProducerId, AddPartitionsToTxn, EndTxn),
 * retried on retriable errors for up to {@code max.block.ms}.
 *
 * <p>A producer with {@code transactional.id} goes UNINITIALIZED → READY (initTransactions) →
 * IN_TRANSACTION (beginTransaction) → READY (commit or abort); a failed send moves an open
 * transaction to ABORTABLE_ERROR (only abort is possible), fencing to FENCED (nothing is). A
 * producer driven by an XA resource is IN_TRANSACTION while associated with a branch and
 * UNINITIALIZED otherwise.
 *
 * <p>Thread-safe: every method is synchronized; the network waits happen under the lock, so one
 * producer's transaction calls run one at a time.
 */
final class TransactionManager {

    enum State { UNINITIALIZED, READY, IN_TRANSACTION, ABORTABLE_ERROR, FENCED }

    private final ProducerConfig config;
    private final NetworkClient network;
    private final ClusterMetadata metadata;
    private final Sender sender;
    private State state = State.UNINITIALIZED;
    private long producerId = -1;
    private short producerEpoch = -1;
    private Xid xid;
    private Set<TopicPartition> partitions = ConcurrentHashMap.newKeySet();
    private PartitaClientException abortableCause;
    /** Whether work other than sends (staged acknowledgements) joined the open transaction. */
    private boolean enlisted;

    TransactionManager(ProducerConfig config, NetworkClient network, ClusterMetadata metadata, Sender sender) {
        this.config = config;
        this.network = network;
        this.metadata = metadata;
        this.sender = sender;
    }

    /** Whether sends go through a transaction (a transactional id is configured, or an XA branch is associated). */
    synchronized boolean isTransactional() {
        return config.transactionalId() != null || xid != null;
    }

    synchronized void initTransactions() {
        if (config.transactionalId() == null) {
            throw new IllegalStateException("initTransactions() needs the producer setting 'transactional.id'");
        }
        if (state == State.FENCED) {
            throw new ProducerFencedException("producer with transactional.id '" + config.transactionalId()
                    + "' was fenced; create a new producer");
        }
        if (state == State.IN_TRANSACTION || state == State.ABORTABLE_ERROR) {
            throw new IllegalStateException("a transaction is open; commit or abort it before initTransactions()");
        }
        InitProducerIdResponse r = call(ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(config.transactionalId(),
                config.transactionTimeoutMs(), producerId, producerEpoch), InitProducerIdResponse::error,
                "initTransactions");
        if (r.error() != Errors.NONE) {
            throw new PartitaClientException(r.error(), "initTransactions for transactional.id '"
                    + config.transactionalId() + "' with transaction.timeout.ms=" + config.transactionTimeoutMs());
        }
        producerId = r.producerId();
        producerEpoch = r.producerEpoch();
        partitions = ConcurrentHashMap.newKeySet();
        sender.useTransactionalIdentity(producerId, producerEpoch, new ConcurrentHashMap<>());
        state = State.READY;
    }

    synchronized void beginTransaction() {
        requireTransactionalId("beginTransaction");
        checkNotFenced();
        if (state != State.READY) {
            throw new IllegalStateException(state == State.UNINITIALIZED ? "call initTransactions() first"
                    : "a transaction is already open (state " + state + ")");
        }
        partitions.clear();
        abortableCause = null;
        enlisted = false;
        state = State.IN_TRANSACTION;
    }

    /** The identity of the open transaction, which other work joins; its end then always reaches the broker. */
    synchronized TransactionIdentity enlist() {
        checkNotFenced();
        if (state == State.ABORTABLE_ERROR) {
            throw new PartitaClientException("the transaction failed and can only be aborted: "
                    + abortableCause.getMessage(), abortableCause.error(), false, abortableCause);
        }
        if (state != State.IN_TRANSACTION) {
            throw new IllegalStateException(xid == null && config.transactionalId() != null
                    ? "no transaction is open; call beginTransaction() first"
                    : "this producer is not associated with an XA branch");
        }
        enlisted = true;
        return new TransactionIdentity(producerId, producerEpoch);
    }

    /** Makes sure {@code tp} is part of the open transaction before a record goes to it. */
    synchronized void maybeAddPartition(TopicPartition tp) {
        checkNotFenced();
        if (state == State.ABORTABLE_ERROR) {
            throw new PartitaClientException("the transaction failed and can only be aborted: "
                    + abortableCause.getMessage(), abortableCause.error(), false, abortableCause);
        }
        if (state != State.IN_TRANSACTION) {
            throw new IllegalStateException(xid == null && config.transactionalId() != null
                    ? "a transactional producer sends only inside a transaction; call beginTransaction() first"
                    : "this producer is driven by an XA resource and sends only while associated with a branch");
        }
        if (partitions.contains(tp)) {
            return;
        }
        AddPartitionsToTxnResponse r = call(ApiKey.ADD_PARTITIONS_TO_TXN, new AddPartitionsToTxnRequest(
                xid == null ? config.transactionalId() : null, xid, producerId, producerEpoch,
                List.of(new AddPartitionsToTxnRequest.TopicPartitions(tp.topic(), List.of(tp.partition())))),
                AddPartitionsToTxnResponse::error, "adding " + tp + " to the transaction");
        Errors error = r.error();
        if (error == Errors.NONE) {
            for (AddPartitionsToTxnResponse.TopicResults t : r.topics()) {
                for (AddPartitionsToTxnResponse.PartitionResult p : t.partitions()) {
                    if (p.error() != Errors.NONE) {
                        error = p.error();
                    }
                }
            }
        }
        if (error != Errors.NONE) {
            throw failure(error, r.errorMessage(), "adding " + tp + " to the transaction");
        }
        partitions.add(tp);
    }

    /** Checks that commit is possible now (before flushing). */
    synchronized void checkCanCommit() {
        requireTransactionalId("commitTransaction");
        checkNotFenced();
        if (state == State.ABORTABLE_ERROR) {
            throw new PartitaClientException("the transaction failed and can only be aborted: "
                    + abortableCause.getMessage(), abortableCause.error(), false, abortableCause);
        }
        if (state != State.IN_TRANSACTION) {
            throw new IllegalStateException("no transaction is open (state " + state + ")");
        }
    }

    synchronized void checkCanAbort() {
        requireTransactionalId("abortTransaction");
        checkNotFenced();
        if (state != State.IN_TRANSACTION && state != State.ABORTABLE_ERROR) {
            throw new IllegalStateException("no transaction is open (state " + state + ")");
        }
    }

    /** A send of the open transaction failed: only abort remains. */
    synchronized void onSendFailed(PartitaClientException e) {
        if (e instanceof ProducerFencedException) {
            state = State.FENCED;
        } else if (state == State.IN_TRANSACTION) {
            state = State.ABORTABLE_ERROR;
            abortableCause = e;
        }
    }

    /** EndTxn; the transaction is over whatever the outcome, except on retriable failures. */
    synchronized void endTransaction(boolean commit) {
        String what = commit ? "commitTransaction" : "abortTransaction";
        boolean afterError = state == State.ABORTABLE_ERROR;
        if (partitions.isEmpty() && !enlisted) {
            state = State.READY;
            return;
        }
        enlisted = false;
        EndTxnResponse r = call(ApiKey.END_TXN, new EndTxnRequest(config.transactionalId(), producerId, producerEpoch,
                commit), EndTxnResponse::error, what);
        if (r.error() == Errors.TRANSACTION_TIMED_OUT) {
            // The coordinator aborted the transaction and bumped the epoch: a new epoch is needed.
            state = State.UNINITIALIZED;
            partitions.clear();
            if (!commit) {
                initTransactions(); // the abort asked for has happened; carry on with a new epoch
                return;
            }
            throw failure(r.error(), r.errorMessage(), what + " (call initTransactions() again)");
        }
        if (r.error() != Errors.NONE) {
            throw failure(r.error(), r.errorMessage(), what);
        }
        partitions.clear();
        state = State.READY;
        if (afterError) {
            // Failed sends may have left gaps in the sequences: a new epoch starts them again at 0.
            initTransactions();
        }
    }

    // ---- XA ----

    /** Sends from now on belong to the branch {@code xid}; {@code branchPartitions} and {@code sequences} are the branch's own. */
    synchronized void associate(Xid branch, long id, short epoch, Set<TopicPartition> branchPartitions,
            Map<TopicPartition, Integer> sequences) {
        if (config.transactionalId() != null) {
            throw new IllegalStateException("a producer with transactional.id cannot take part in XA branches");
        }
        xid = branch;
        producerId = id;
        producerEpoch = epoch;
        partitions = branchPartitions;
        abortableCause = null;
        sender.useTransactionalIdentity(id, epoch, sequences);
        state = State.IN_TRANSACTION;
    }

    /** Ends the association; returns the failure of a send of the branch, or null. */
    synchronized PartitaClientException dissociate() {
        PartitaClientException failed = state == State.ABORTABLE_ERROR || state == State.FENCED ? abortableCause : null;
        xid = null;
        state = State.UNINITIALIZED;
        return failed;
    }

    // ---- helpers ----

    private void requireTransactionalId(String what) {
        if (config.transactionalId() == null) {
            throw new IllegalStateException(what + "() needs the producer setting 'transactional.id'");
        }
    }

    private void checkNotFenced() {
        if (state == State.FENCED) {
            throw new ProducerFencedException("this producer was fenced by a newer instance with transactional.id '"
                    + config.transactionalId() + "'; close it");
        }
    }

    private PartitaClientException failure(Errors error, String message, String what) {
        String text = what + (message == null ? "" : ": " + message);
        if (error == Errors.PRODUCER_FENCED || error == Errors.INVALID_PRODUCER_EPOCH) {
            state = State.FENCED;
            return new ProducerFencedException(text);
        }
        return new PartitaClientException(error, text);
    }

    /** Sends to any broker (the only coordinator while Partita runs one broker), retrying retriable failures. */
    private <R extends ApiResponse> R call(ApiKey key, ApiRequest request, Function<R, Errors> errorOf, String what) {
        long deadline = System.currentTimeMillis() + config.maxBlockMs();
        PartitaClientException last = null;
        while (true) {
            HostPort broker = metadata.anyBroker();
            try {
                @SuppressWarnings("unchecked")
                R r = (R) network.send(broker.host(), broker.port(), key, request, true)
                        .get(config.requestTimeoutMs(), TimeUnit.MILLISECONDS);
                Errors e = errorOf.apply(r);
                if (!e.retriable()) {
                    return r;
                }
                last = new PartitaClientException(e, what);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PartitaClientException("interrupted while " + what, null, false, e);
            } catch (Exception e) {
                last = new PartitaClientException(what + " failed: " + e, null, true, e);
            }
            if (System.currentTimeMillis() + config.retryBackoffMs() > deadline) {
                throw new PartitaClientException(what + " did not succeed within max.block.ms=" + config.maxBlockMs()
                        + ": " + last.getMessage(), last.error(), true, last);
            }
            try {
                Thread.sleep(config.retryBackoffMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PartitaClientException("interrupted while " + what, null, false, e);
            }
        }
    }
}
