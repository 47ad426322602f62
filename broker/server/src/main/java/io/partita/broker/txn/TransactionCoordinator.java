package io.partita.broker.txn;

import io.partita.broker.cluster.TopicManager;
import io.partita.broker.replication.Partition;
import io.partita.broker.replication.ReplicaManager;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.txn.Xid;
import io.partita.protocol.wire.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The transaction coordinator: runs every transaction of this broker's transactional ids and XA
 * branches through the states of {@link TransactionState}, logging each change to
 * {@code __transaction_state} ({@link TransactionStateLog}) before acting on it or answering.
 *
 * <p><b>Transactional ids.</b> InitProducerId gives an id its producer id and a new epoch,
 * fencing older instances: their transaction, if open, is aborted with the new epoch, so their
 * later sends, AddPartitionsToTxn and EndTxn are refused. AddPartitionsToTxn opens a transaction
 * (ONGOING) and names its partitions; the produce path checks every transactional batch against
 * them ({@link #verifyTransactionalProduce}). EndTxn logs COMMITTING or ABORTING, writes a marker
 * to every partition, tells the {@linkplain TransactionParticipant participants}, and logs
 * COMPLETE_COMMIT or COMPLETE_ABORT.
 *
 * <p><b>Participants' work</b> ({@link #joinTransaction}): acknowledgements and the like join the
 * transaction of the producer identity a request carries, opening it if needed (a transaction may
 * hold such work and no partitions; its completion then writes no marker).
 *
 * <p><b>XA branches</b> ({@link XaCoordinator}, reached with {@link #xa()}). XaStart creates a
 * branch keyed by its {@link Xid} with a producer id of its own. XaPrepare logs PREPARED
 * (fsynced) and votes; a branch that wrote nothing votes read-only and is forgotten. XaCommit
 * (two-phase, or one-phase without prepare) and XaRollback complete it as above, and then forget
 * it (a tombstone in the state log). XaRecover lists the prepared branches. Partita never
 * completes a branch heuristically, so XaForget has nothing to forget.
 *
 * <p><b>Timeouts.</b> Every {@code abortCheckIntervalMs} a timer task aborts each ONGOING
 * transaction (and each XA branch not yet prepared) open longer than its timeout, bumping the
 * producer epoch so that late sends are refused; such a producer's next EndTxn answers
 * TRANSACTION_TIMED_OUT and an XA branch's next prepare or commit XA_RBTIMEOUT. PREPARED is
 * never timed out. The same task retries completions whose marker writes failed, and forgets
 * transactional ids idle (and XA branches rolled back by timeout and never asked about) for
 * longer than {@code idExpirationMs}.
 *
 * <p><b>Restart.</b> {@link #start} reloads the state log; transactions found COMMITTING or
 * ABORTING have their markers written (again: markers are idempotent for readers) and complete.
 * PREPARED branches stay prepared until XaCommit or XaRollback.
 *
 * <p>For tests of crash recovery, the system property {@value #HALT_AFTER_MARKERS_PROPERTY}
 * (a count n) makes the broker process halt at once after writing the n-th transaction marker.
 *
 * <p>Thread safety: thread-safe. Each transaction's changes serialize on its metadata's
 * monitor; marker and state-log writes happen under it, so one transaction's requests wait for
 * each other but not for other transactions.
 */
public final class TransactionCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionCoordinator.class);

    /** The internal topic the coordinator logs to; clients may neither write to it nor delete it. */
    public static final String STATE_TOPIC = "__transaction_state";
    /** System property: halt the process after this many markers (crash tests only). */
    public static final String HALT_AFTER_MARKERS_PROPERTY = "partita.txn.haltAfterMarkers";
    private static final int COORDINATOR_EPOCH = 0;

    /** A producer identity handed to a client. */
    public record ProducerIdAndEpoch(long producerId, short producerEpoch) {
    }

    final TransactionConfig config;
    private final ReplicaManager replicas;
    private final ProducerIdManager producerIds;
    final Clock clock;
    final TransactionStateLog stateLog;
    final Map<TransactionKey, TransactionMetadata> transactions = new ConcurrentHashMap<>();
    final Map<Long, TransactionMetadata> byProducerId = new ConcurrentHashMap<>();
    final List<TransactionParticipant> participants = new CopyOnWriteArrayList<>();
    final Object createLock = new Object();
    private final int haltAfterMarkers = Integer.getInteger(HALT_AFTER_MARKERS_PROPERTY, -1);
    private int markersWritten;
    private ScheduledFuture<?> timeoutTask;
    private final XaCoordinator xa = new XaCoordinator(this);

    private TransactionCoordinator(TransactionConfig config, ReplicaManager replicas, ProducerIdManager producerIds,
            Clock clock, TransactionStateLog stateLog) {
        this.config = config;
        this.replicas = replicas;
        this.producerIds = producerIds;
        this.clock = clock;
        this.stateLog = stateLog;
    }

    /**
     * Reloads {@code __transaction_state} (created on first use), completes the
     * transactions that were committing or aborting, and schedules the timeout check.
     */
    public static TransactionCoordinator start(TransactionConfig config, TopicManager topics, ReplicaManager replicas,
            ProducerIdManager producerIds, Clock clock, ScheduledExecutorService timer) throws IOException {
        return start(config, topics, replicas, producerIds, clock, timer, List.of());
    }

    /**
     * As {@link #start(TransactionConfig, TopicManager, ReplicaManager, ProducerIdManager, Clock,
     * ScheduledExecutorService)}, with participants registered before the reload, so that the
     * transactions it completes reach them too.
     */
    public static TransactionCoordinator start(TransactionConfig config, TopicManager topics, ReplicaManager replicas,
            ProducerIdManager producerIds, Clock clock, ScheduledExecutorService timer,
            List<TransactionParticipant> participants) throws IOException {
        TransactionStateLog log = new TransactionStateLog(topics, replicas, clock, config.stateLogPartitions(),
                config.stateLogSegmentBytes());
        TransactionCoordinator c = new TransactionCoordinator(config, replicas, producerIds, clock, log);
        c.participants.addAll(participants);
        c.load();
        c.timeoutTask = timer.scheduleWithFixedDelay(c::onTimer, config.abortCheckIntervalMs(),
                config.abortCheckIntervalMs(), TimeUnit.MILLISECONDS);
        return c;
    }

    private void load() throws IOException {
        Map<TransactionKey, TransactionMetadata.Snapshot> loaded = stateLog.load();
        int prepared = 0;
        int completing = 0;
        for (TransactionMetadata.Snapshot s : loaded.values()) {
            TransactionMetadata md = TransactionMetadata.of(s);
            transactions.put(md.key, md);
            byProducerId.put(md.producerId, md);
            prepared += md.state == TransactionState.PREPARED ? 1 : 0;
            completing += md.state.isCompleting() ? 1 : 0;
        }
        LOG.info("transaction coordinator loaded {} transactions ({} prepared XA branches, {} to complete)",
                transactions.size(), prepared, completing);
        for (TransactionMetadata md : transactions.values()) {
            synchronized (md) {
                if (md.state.isCompleting()) {
                    try {
                        finish(md, md.state == TransactionState.COMMITTING, true);
                    } catch (TransactionException e) {
                        LOG.error("completing {} after restart failed; will retry: {}", md.key, e.getMessage());
                    }
                }
            }
        }
    }

    /** The XA operations: start, prepare, commit, rollback, recover, forget. */
    public XaCoordinator xa() {
        return xa;
    }

    /** Adds a participant whose staged work follows the transactions' outcomes. */
    public void registerParticipant(TransactionParticipant participant) {
        participants.add(participant);
    }

    // ---- transactional ids ----

    /**
     * InitProducerId with a transactional id: the id's producer id and a new epoch; an open
     * transaction of an older instance is aborted first.
     */
    public ProducerIdAndEpoch initProducerId(String transactionalId, int timeoutMs) {
        if (transactionalId.isEmpty()) {
            throw new TransactionException(Errors.INVALID_REQUEST, "the transactional id must not be empty");
        }
        checkTimeout(timeoutMs);
        TransactionKey key = TransactionKey.of(transactionalId);
        TransactionMetadata md = createIfAbsent(key, timeoutMs);
        if (md == null) {
            return initProducerId(transactionalId, timeoutMs);
        }
        synchronized (md) {
            if (md.removed) {
                return initProducerId(transactionalId, timeoutMs);
            }
            if (md.fresh) {
                md.fresh = false;
                return new ProducerIdAndEpoch(md.producerId, md.producerEpoch);
            }
            if (md.state.isCompleting()) {
                finish(md, md.state == TransactionState.COMMITTING, true);
            }
            TransactionMetadata.Snapshot before = md.snapshot();
            bumpEpoch(md);
            md.timeoutMs = timeoutMs;
            if (md.state == TransactionState.ONGOING) {
                LOG.info("{}: a new producer instance fences epoch {}; aborting its open transaction",
                        key, before.producerEpoch());
                md.abortedByTimeout = false;
                beginCompletion(md, false, before);
                finish(md, false, true);
            } else {
                md.updateMs = clock.millis();
                logOrRevert(md, before);
            }
            return new ProducerIdAndEpoch(md.producerId, md.producerEpoch);
        }
    }

    /** Creates and logs a new transactional id; returns its metadata (marked fresh), or the existing one. */
    private TransactionMetadata createIfAbsent(TransactionKey key, int timeoutMs) {
        TransactionMetadata existing = transactions.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (createLock) {
            existing = transactions.get(key);
            if (existing != null) {
                return existing;
            }
            TransactionMetadata md = new TransactionMetadata(key, nextProducerId(), (short) 0, timeoutMs,
                    clock.millis());
            stateLog.append(key, md.snapshot());
            md.fresh = true;
            transactions.put(key, md);
            byProducerId.put(md.producerId, md);
            LOG.debug("{}: producer id {} epoch 0", key, md.producerId);
            return md;
        }
    }

    long nextProducerId() {
        try {
            return producerIds.nextProducerId();
        } catch (IOException e) {
            throw new TransactionException(Errors.STORAGE_ERROR, "cannot reserve a producer id: " + e.getMessage());
        }
    }

    void bumpEpoch(TransactionMetadata md) {
        if (md.producerEpoch >= Short.MAX_VALUE - 1) {
            byProducerId.remove(md.producerId);
            md.producerId = nextProducerId();
            md.producerEpoch = 0;
            byProducerId.put(md.producerId, md);
        } else {
            md.producerEpoch++;
        }
    }

    void checkTimeout(int timeoutMs) {
        if (timeoutMs <= 0 || timeoutMs > config.maxTimeoutMs()) {
            throw new TransactionException(Errors.INVALID_TRANSACTION_TIMEOUT, "transaction timeout " + timeoutMs
                    + " ms is not within 1.." + config.maxTimeoutMs() + " ms (transaction.max.timeout.ms)");
        }
    }

    /** AddPartitionsToTxn: opens the transaction if needed and adds the partitions. */
    public void addPartitions(TransactionKey key, long producerId, short producerEpoch,
            Collection<TopicPartition> partitions) {
        TransactionMetadata md = find(key);
        synchronized (md) {
            checkAlive(md);
            checkProducer(md, producerId, producerEpoch);
            switch (md.state) {
                case COMMITTING, ABORTING -> throw new TransactionException(Errors.CONCURRENT_TRANSACTIONS,
                        key + " is still completing its previous transaction");
                case PREPARED -> throw new TransactionException(Errors.INVALID_TXN_STATE, key
                        + " is prepared; no partition can be added");
                case COMPLETE_ABORT, COMPLETE_COMMIT -> {
                    if (key.isXa()) {
                        throw rolledBack(md);
                    }
                }
                default -> {
                }
            }
            List<TopicPartition> missing = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                if (replicas.partition(tp).isEmpty()) {
                    missing.add(tp);
                }
            }
            if (!missing.isEmpty()) {
                throw new UnknownPartitionsException(missing);
            }
            if (md.state == TransactionState.ONGOING && md.partitions.containsAll(partitions)) {
                return;
            }
            TransactionMetadata.Snapshot before = md.snapshot();
            if (md.state != TransactionState.ONGOING) {
                md.partitions.clear();
                md.abortedByTimeout = false;
                if (!key.isXa() || md.startMs < 0) {
                    md.startMs = clock.millis();
                }
                md.state = TransactionState.ONGOING;
            }
            md.partitions.addAll(partitions);
            md.updateMs = clock.millis();
            logOrRevert(md, before);
        }
    }

    /** Partitions that do not exist, so nothing was added. */
    public static final class UnknownPartitionsException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<TopicPartition> partitions;

        UnknownPartitionsException(List<TopicPartition> partitions) {
            super("no such partitions: " + partitions);
            this.partitions = List.copyOf(partitions);
        }

        public List<TopicPartition> partitions() {
            return partitions;
        }
    }

    /** EndTxn: commits or aborts the open transaction of a transactional id. */
    public void endTransaction(String transactionalId, long producerId, short producerEpoch, boolean commit) {
        TransactionKey key = TransactionKey.of(transactionalId);
        TransactionMetadata md = find(key);
        synchronized (md) {
            checkAlive(md);
            checkProducer(md, producerId, producerEpoch);
            switch (md.state) {
                case ONGOING -> {
                    TransactionMetadata.Snapshot before = md.snapshot();
                    beginCompletion(md, commit, before);
                    finish(md, commit, true);
                }
                case COMMITTING, ABORTING -> {
                    if ((md.state == TransactionState.COMMITTING) != commit) {
                        throw new TransactionException(Errors.INVALID_TXN_STATE, key + " is " + md.state
                                + "; it cannot be " + (commit ? "committed" : "aborted"));
                    }
                    finish(md, commit, true);
                }
                case COMPLETE_COMMIT -> {
                    if (!commit) {
                        throw new TransactionException(Errors.INVALID_TXN_STATE, key
                                + " has no open transaction to abort; the last one committed");
                    }
                }
                case COMPLETE_ABORT -> {
                    if (commit) {
                        throw md.abortedByTimeout ? timedOut(md) : new TransactionException(Errors.INVALID_TXN_STATE,
                                key + " has no open transaction to commit; the last one aborted");
                    }
                }
                case EMPTY, PREPARED -> throw new TransactionException(Errors.INVALID_TXN_STATE, key
                        + " has no open transaction (state " + md.state + ")");
                default -> throw new IllegalStateException(md.state.name());
            }
        }
    }

    // ---- participants' work ----

    /**
     * Joins participant work (such as transactional acknowledgements) to the open transaction of
     * the producer identity a request carries, opening it if needed (a transactional id's
     * transaction begins, an XA branch becomes ONGOING, with no partitions yet), and runs
     * {@code work} while holding the transaction, so that it cannot complete meanwhile.
     *
     * @return what {@code work} returns
     * @throws TransactionException INVALID_PRODUCER_ID_MAPPING, PRODUCER_FENCED,
     *         INVALID_PRODUCER_EPOCH, INVALID_TXN_STATE (prepared), CONCURRENT_TRANSACTIONS
     *         (completing), TRANSACTION_TIMED_OUT or TRANSACTION_ROLLED_BACK (an XA branch rolled
     *         back), STORAGE_ERROR
     */
    public <T> T joinTransaction(long producerId, short producerEpoch,
            java.util.function.Function<TransactionParticipant.TransactionRef, T> work) {
        TransactionMetadata md = byProducerId.get(producerId);
        if (md == null) {
            throw new TransactionException(Errors.INVALID_PRODUCER_ID_MAPPING, "producer id " + producerId
                    + " belongs to no transactional id or XA branch of this coordinator");
        }
        synchronized (md) {
            if (md.removed || md.producerId != producerId) {
                throw md.key.isXa() && md.removed ? new TransactionException(Errors.UNKNOWN_XID, md.key
                        + " is not known") : new TransactionException(Errors.INVALID_PRODUCER_ID_MAPPING,
                        "producer id " + producerId + " no longer belongs to " + md.key);
            }
            checkProducer(md, producerId, producerEpoch);
            switch (md.state) {
                case ONGOING -> {
                }
                case COMMITTING, ABORTING -> throw new TransactionException(Errors.CONCURRENT_TRANSACTIONS,
                        md.key + " is still completing its previous transaction");
                case PREPARED -> throw new TransactionException(Errors.INVALID_TXN_STATE, md.key
                        + " is prepared; no work can join it");
                case COMPLETE_ABORT, COMPLETE_COMMIT, EMPTY -> {
                    if (md.key.isXa() && md.state != TransactionState.EMPTY) {
                        throw rolledBack(md);
                    }
                    TransactionMetadata.Snapshot before = md.snapshot();
                    md.partitions.clear();
                    md.abortedByTimeout = false;
                    if (!md.key.isXa() || md.startMs < 0) {
                        md.startMs = clock.millis();
                    }
                    md.state = TransactionState.ONGOING;
                    md.updateMs = clock.millis();
                    logOrRevert(md, before);
                }
                default -> throw new IllegalStateException(md.state.name());
            }
            return work.apply(ref(md));
        }
    }

    /** The state of every known transactional id and XA branch, at the time of the call. */
    public Map<TransactionKey, TransactionState> transactionStates() {
        Map<TransactionKey, TransactionState> out = new java.util.HashMap<>();
        for (TransactionMetadata md : transactions.values()) {
            synchronized (md) {
                if (!md.removed) {
                    out.put(md.key, md.state);
                }
            }
        }
        return out;
    }

    // ---- produce path ----

    /**
     * Checks that a transactional batch may be appended: its producer is the current instance of a
     * transaction that is ONGOING and has {@code tp} among its partitions.
     *
     * @throws TransactionException INVALID_PRODUCER_ID_MAPPING, PRODUCER_FENCED,
     *         INVALID_PRODUCER_EPOCH or INVALID_TXN_STATE
     */
    public void verifyTransactionalProduce(long producerId, short producerEpoch, TopicPartition tp) {
        TransactionMetadata md = byProducerId.get(producerId);
        if (md == null) {
            throw new TransactionException(Errors.INVALID_PRODUCER_ID_MAPPING, "producer id " + producerId
                    + " belongs to no transactional id or XA branch of this coordinator");
        }
        synchronized (md) {
            if (md.removed || md.producerId != producerId) {
                throw new TransactionException(Errors.INVALID_PRODUCER_ID_MAPPING, "producer id " + producerId
                        + " no longer belongs to " + md.key);
            }
            checkProducer(md, producerId, producerEpoch);
            if (md.state != TransactionState.ONGOING || !md.partitions.contains(tp)) {
                throw new TransactionException(Errors.INVALID_TXN_STATE, "partition " + tp
                        + " was not added to the transaction of " + md.key + " (state " + md.state + ")");
            }
        }
    }

    // ---- internals ----

    TransactionMetadata find(TransactionKey key) {
        TransactionMetadata md = transactions.get(key);
        if (md == null) {
            throw key.isXa() ? new TransactionException(Errors.UNKNOWN_XID, key + " is not known")
                    : new TransactionException(Errors.TRANSACTIONAL_ID_NOT_FOUND, key + " is not known; call InitProducerId first");
        }
        return md;
    }

    static void checkAlive(TransactionMetadata md) {
        if (md.removed) {
            throw md.key.isXa() ? new TransactionException(Errors.UNKNOWN_XID, md.key + " is not known")
                    : new TransactionException(Errors.TRANSACTIONAL_ID_NOT_FOUND, md.key + " is not known");
        }
    }

    private static void checkProducer(TransactionMetadata md, long producerId, short producerEpoch) {
        if (producerId != md.producerId) {
            throw new TransactionException(Errors.INVALID_PRODUCER_ID_MAPPING, "producer id " + producerId
                    + " does not belong to " + md.key + " (its producer id is " + md.producerId + ")");
        }
        if (producerEpoch < md.producerEpoch) {
            if (md.abortedByTimeout && producerEpoch == md.producerEpoch - 1
                    && md.state == TransactionState.COMPLETE_ABORT) {
                throw timedOut(md);
            }
            throw new TransactionException(Errors.PRODUCER_FENCED, "producer epoch " + producerEpoch + " of " + md.key
                    + " is fenced by epoch " + md.producerEpoch + ": a newer producer instance has initialised");
        }
        if (producerEpoch > md.producerEpoch) {
            throw new TransactionException(Errors.INVALID_PRODUCER_EPOCH, "producer epoch " + producerEpoch + " of "
                    + md.key + " is newer than the coordinator's " + md.producerEpoch);
        }
    }

    private static TransactionException timedOut(TransactionMetadata md) {
        return new TransactionException(Errors.TRANSACTION_TIMED_OUT, "the transaction of " + md.key
                + " was open longer than its timeout of " + md.timeoutMs + " ms and was rolled back");
    }

    static TransactionException rolledBack(TransactionMetadata md) {
        return md.abortedByTimeout ? timedOut(md)
                : new TransactionException(Errors.TRANSACTION_ROLLED_BACK, md.key + " was rolled back");
    }

    void logOrRevert(TransactionMetadata md, TransactionMetadata.Snapshot before) {
        try {
            stateLog.append(md.key, md.snapshot());
        } catch (TransactionException e) {
            restore(md, before);
            throw e;
        }
    }

    private void restore(TransactionMetadata md, TransactionMetadata.Snapshot s) {
        if (md.producerId != s.producerId()) {
            byProducerId.remove(md.producerId);
            byProducerId.put(s.producerId(), md);
        }
        md.producerId = s.producerId();
        md.producerEpoch = s.producerEpoch();
        md.timeoutMs = s.timeoutMs();
        md.state = s.state();
        md.partitions.clear();
        md.partitions.addAll(s.partitions());
        md.startMs = s.startMs();
        md.updateMs = s.updateMs();
        md.abortedByTimeout = s.abortedByTimeout();
    }

    /** Logs COMMITTING or ABORTING (the decision); on failure the metadata is as {@code before}. */
    void beginCompletion(TransactionMetadata md, boolean commit, TransactionMetadata.Snapshot before) {
        md.state = commit ? TransactionState.COMMITTING : TransactionState.ABORTING;
        md.updateMs = clock.millis();
        logOrRevert(md, before);
    }

    /**
     * Writes the markers of a logged decision, tells the participants, and logs the completion:
     * COMPLETE_COMMIT or COMPLETE_ABORT, or for an XA branch with {@code forgetXa} a tombstone.
     * On a failed write the state stays COMMITTING or ABORTING for the timer to retry.
     */
    void finish(TransactionMetadata md, boolean commit, boolean forgetXa) {
        for (TopicPartition tp : md.partitions) {
            Partition partition = replicas.partition(tp).orElse(null);
            if (partition == null) {
                LOG.warn("{}: partition {} no longer exists; no marker written to it", md.key, tp);
                continue;
            }
            try {
                partition.appendTransactionMarker(md.producerId, md.producerEpoch, commit, COORDINATOR_EPOCH);
            } catch (IOException | RuntimeException e) {
                LOG.error("{}: writing the {} marker to {} failed; will retry", md.key, commit ? "commit" : "abort", tp, e);
                throw new TransactionException(Errors.STORAGE_ERROR, "cannot write the " + (commit ? "commit" : "abort")
                        + " marker of " + md.key + " to " + tp + ": " + e.getMessage());
            }
            maybeHalt();
        }
        TransactionParticipant.TransactionRef ref = ref(md);
        for (TransactionParticipant p : participants) {
            try {
                if (commit) {
                    p.commit(ref);
                } else {
                    p.abort(ref);
                }
            } catch (RuntimeException e) {
                // The decision stands; completion is retried (by the timer, or after a restart).
                LOG.error("{}: participant {} failed to {}; will retry", md.key, p, commit ? "commit" : "abort", e);
                throw new TransactionException(Errors.STORAGE_ERROR, "the " + (commit ? "commit" : "abort") + " of "
                        + md.key + " is decided but not yet complete: " + e.getMessage());
            }
        }
        if (md.key.isXa() && forgetXa) {
            forget(md);
            return;
        }
        TransactionMetadata.Snapshot before = md.snapshot();
        md.state = commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
        md.partitions.clear();
        md.startMs = -1;
        md.updateMs = clock.millis();
        logOrRevert(md, before);
    }

    private synchronized void maybeHalt() {
        markersWritten++;
        if (haltAfterMarkers > 0 && markersWritten >= haltAfterMarkers) {
            LOG.error("halting after {} transaction markers ({} is set)", markersWritten, HALT_AFTER_MARKERS_PROPERTY);
            Runtime.getRuntime().halt(99);
        }
    }

    /** Removes a transaction (an XA branch, or an expired transactional id): a tombstone in the state log, then out of memory. */
    void forget(TransactionMetadata md) {
        stateLog.append(md.key, null);
        md.removed = true;
        transactions.remove(md.key, md);
        byProducerId.remove(md.producerId, md);
    }

    static TransactionParticipant.TransactionRef ref(TransactionMetadata md) {
        return new TransactionParticipant.TransactionRef(md.key, md.producerId, md.producerEpoch);
    }

    /** Aborts timed-out transactions and retries failed completions. Runs on the timer thread. */
    void onTimer() {
        long now = clock.millis();
        for (TransactionMetadata md : transactions.values()) {
            synchronized (md) {
                if (md.removed) {
                    continue;
                }
                try {
                    if (md.state.isCompleting()) {
                        finish(md, md.state == TransactionState.COMMITTING, true);
                    } else if (expired(md, now)) {
                        LOG.info("{}: idle since {}, longer than transactional.id.expiration.ms={}; forgetting it",
                                md.key, md.updateMs, config.idExpirationMs());
                        forget(md);
                    } else if ((md.state == TransactionState.ONGOING
                            || (md.state == TransactionState.EMPTY && md.key.isXa()))
                            && md.startMs >= 0 && now - md.startMs > md.timeoutMs) {
                        LOG.info("{}: open for {} ms, longer than its timeout of {} ms; rolling it back", md.key,
                                now - md.startMs, md.timeoutMs);
                        TransactionMetadata.Snapshot before = md.snapshot();
                        bumpEpoch(md);
                        md.abortedByTimeout = true;
                        beginCompletion(md, false, before);
                        finish(md, false, false);
                    }
                } catch (TransactionException e) {
                    LOG.warn("{}: timer could not complete or abort the transaction: {}", md.key, e.getMessage());
                } catch (RuntimeException e) {
                    LOG.error("{}: timer failed", md.key, e);
                }
            }
        }
    }

    /** An idle transactional id, or an XA branch rolled back by timeout, untouched for longer than the expiration. */
    private boolean expired(TransactionMetadata md, long now) {
        boolean idle = md.key.isXa() ? md.state == TransactionState.COMPLETE_ABORT : md.state.isIdle();
        return idle && now - md.updateMs > config.idExpirationMs();
    }

    @Override
    public void close() {
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
        }
    }
}
