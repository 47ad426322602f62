package io.partita.broker.replication;

import io.partita.broker.log.AbortedTxn;
import io.partita.broker.log.FlushMode;
import io.partita.broker.log.Log;
import io.partita.broker.log.LogAppendInfo;
import io.partita.broker.log.LogReadResult;
import io.partita.broker.log.TimestampOffset;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.EndTransactionMarker;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatches;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ProduceRequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One partition this broker leads: its {@link Log}, its leader epoch, its in-sync replica set
 * (ISR), its high watermark and its idempotent producers.
 *
 * <p><b>High watermark.</b> The offset below which every record is on every in-sync replica:
 * the smallest log end of the ISR. A replica's log end counts once the records are durable
 * under the topic's {@code flush.mode}: after the fsync for {@code group-commit}, after the
 * write for {@code os}. Consumers read only below it and {@code acks=all} waits for it. This
 * version has no followers, so the ISR is the leader alone and the high watermark follows the
 * leader's durable log end; followers will add their fetched offsets.
 *
 * <p><b>Leader epoch.</b> 0 until leadership can change; requests that carry an epoch are checked
 * against it ({@link #checkLeaderEpoch}).
 *
 * <p>Thread safety: appends serialize on the partition's lock (producer state check, log write
 * and producer state update happen together), but the wait for the fsync happens outside it so
 * concurrent producers share fsyncs. Reads never take the lock.
 */
public final class Partition {

    /** The outcome of an append: offsets of the records, and whether they were appended earlier. */
    public record AppendResult(long firstOffset, long lastOffset, boolean duplicate, long logStartOffset) {
    }

    private final TopicPartition topicPartition;
    private final Log log;
    private final int localBrokerId;
    private final ProducerStateManager producerState;
    private final Consumer<TopicPartition> onHighWatermarkAdvanced;
    private final ReentrantLock lock = new ReentrantLock();
    /** Held (before {@link #lock}, never under it) by whoever writes the producer state snapshot. */
    private final Object snapshotWriteLock = new Object();
    private volatile int leaderEpoch;
    private volatile List<Integer> replicas;
    private volatile List<Integer> isr;
    private volatile int minInsyncReplicas;
    private volatile long highWatermark;

    Partition(TopicPartition topicPartition, Log log, int localBrokerId, int minInsyncReplicas,
            Consumer<TopicPartition> onHighWatermarkAdvanced) throws IOException {
        this.topicPartition = topicPartition;
        this.log = log;
        this.localBrokerId = localBrokerId;
        this.minInsyncReplicas = minInsyncReplicas;
        this.onHighWatermarkAdvanced = onHighWatermarkAdvanced;
        this.leaderEpoch = 0;
        this.replicas = List.of(localBrokerId);
        this.isr = List.of(localBrokerId);
        this.producerState = new ProducerStateManager(topicPartition, log.dir());
        lock.lock();
        try {
            producerState.load(log);
        } finally {
            lock.unlock();
        }
        // Everything in the log at load time survived a restart, hence is durable.
        this.highWatermark = log.logEndOffset();
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Log log() {
        return log;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public int leaderId() {
        return localBrokerId;
    }

    public List<Integer> replicas() {
        return replicas;
    }

    public List<Integer> inSyncReplicas() {
        return isr;
    }

    public int minInsyncReplicas() {
        return minInsyncReplicas;
    }

    void setMinInsyncReplicas(int value) {
        this.minInsyncReplicas = value;
    }

    public long highWatermark() {
        return highWatermark;
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    /**
     * The last stable offset: below it no transaction is open, so read-committed consumers read
     * up to it. The smaller of the high watermark and the first offset of the oldest open
     * transaction.
     */
    public long lastStableOffset() {
        long hw = highWatermark;
        return Math.min(hw, log.firstUnstableOffset());
    }

    /** The aborted transactions overlapping [{@code from}, {@code to}), by first offset. */
    public List<AbortedTxn> abortedTransactions(long from, long to) {
        return log.abortedTransactions(from, to);
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    /**
     * Checks an epoch a request carries against the partition's.
     *
     * @param requestEpoch the epoch the client knows, or -1 to skip the check
     * @throws PartitionException FENCED_LEADER_EPOCH when older, UNKNOWN_LEADER_EPOCH when newer
     */
    public void checkLeaderEpoch(int requestEpoch) {
        if (requestEpoch < 0) {
            return;
        }
        int current = leaderEpoch;
        if (requestEpoch < current) {
            throw new PartitionException(Errors.FENCED_LEADER_EPOCH, "leader epoch " + requestEpoch
                    + " is older than " + current + " of " + topicPartition);
        }
        if (requestEpoch > current) {
            throw new PartitionException(Errors.UNKNOWN_LEADER_EPOCH, "leader epoch " + requestEpoch
                    + " is newer than " + current + " of " + topicPartition);
        }
    }

    /**
     * Appends client batches as the leader: validates them, checks idempotent producers'
     * sequences, writes, waits until the write is durable under the topic's flush mode, and
     * advances the high watermark. A retried batch is not written again; its original offsets
     * are returned (after waiting for them to be durable too).
     *
     * @param requiredAcks the produce request's acks; with -1 the append is refused before
     *                     writing when the ISR is smaller than {@code min.insync.replicas}
     * @throws PartitionException for NOT_ENOUGH_REPLICAS, INVALID_RECORD, sequence and epoch errors
     * @throws io.partita.protocol.record.InvalidRecordException for corrupt or oversized batches
     * @throws IOException when the disk fails
     */
    public AppendResult appendAsLeader(RecordBatches records, short requiredAcks) throws IOException {
        AppendResult result = appendAsLeaderUnflushed(records, requiredAcks);
        awaitDurable(result);
        return result;
    }

    /**
     * As {@link #appendAsLeader}, but returns once the batches are written (in the order of the
     * calls, as the caller's thread made them), with a future completed when they are durable
     * under the flush mode and the high watermark has been advanced over them; the caller goes on
     * meanwhile, so pipelined appends share one fsync. Validation, sequence and epoch errors are
     * thrown at once, before anything is written; a failed fsync completes the future
     * exceptionally with the {@link IOException}.
     */
    public CompletableFuture<AppendResult> appendAsLeaderAsync(RecordBatches records, short requiredAcks)
            throws IOException {
        AppendResult result = appendAsLeaderUnflushed(records, requiredAcks);
        if (log.config().flushMode() != FlushMode.GROUP_COMMIT) {
            return CompletableFuture.completedFuture(result); // the high watermark moved with the write
        }
        return log.flushedAsync(result.lastOffset() + 1).thenApply(v -> {
            maybeIncreaseHighWatermark();
            return result;
        });
    }

    private AppendResult appendAsLeaderUnflushed(RecordBatches records, short requiredAcks) throws IOException {
        if (requiredAcks == ProduceRequest.ACKS_ALL && isr.size() < minInsyncReplicas) {
            throw new PartitionException(Errors.NOT_ENOUGH_REPLICAS, topicPartition + " has " + isr.size()
                    + " in-sync replicas, fewer than min.insync.replicas=" + minInsyncReplicas);
        }
        records.validate(log.config().maxMessageBytes());
        for (RecordBatch batch : records) {
            if (batch.isControlBatch()) {
                throw new PartitionException(Errors.INVALID_RECORD, "clients may not append control batches");
            }
        }
        return appendUnflushed(records);
    }

    /**
     * Writes a transaction marker (commit or abort) for a producer, as the transaction
     * coordinator does when a transaction ends, and waits until it is durable under the topic's
     * flush mode.
     *
     * @throws IOException when the disk fails
     */
    public AppendResult appendTransactionMarker(long producerId, short producerEpoch, boolean commit,
            int coordinatorEpoch) throws IOException {
        RecordBatches marker = new RecordBatches(new EndTransactionMarker(commit, coordinatorEpoch)
                .toBatch(producerId, producerEpoch, System.currentTimeMillis()));
        AppendResult result = appendUnflushed(marker);
        awaitDurable(result);
        return result;
    }

    private AppendResult appendUnflushed(RecordBatches records) throws IOException {
        long firstOffset;
        long lastOffset;
        boolean duplicate;
        lock.lock();
        try {
            ProducerStateManager.CheckResult check = producerState.check(records);
            if (check.isDuplicate()) {
                firstOffset = check.duplicateOf().firstOffset();
                lastOffset = check.duplicateOf().lastOffset();
                duplicate = true;
            } else {
                LogAppendInfo info = log.append(records, leaderEpoch, false);
                producerState.onAppended(records);
                firstOffset = info.firstOffset();
                lastOffset = info.lastOffset();
                duplicate = false;
            }
        } finally {
            lock.unlock();
        }
        if (log.config().flushMode() != FlushMode.GROUP_COMMIT) {
            maybeIncreaseHighWatermark();
        }
        return new AppendResult(firstOffset, lastOffset, duplicate, log.logStartOffset());
    }

    private void awaitDurable(AppendResult result) throws IOException {
        if (log.config().flushMode() == FlushMode.GROUP_COMMIT) {
            log.awaitFlushed(result.lastOffset() + 1);
            maybeIncreaseHighWatermark();
        }
    }

    /** The leader's log end as it counts for the high watermark: durable under the flush mode. */
    private long localDurableEnd() {
        return log.config().flushMode() == FlushMode.GROUP_COMMIT ? log.recoveryPoint() : log.logEndOffset();
    }

    /**
     * Recomputes the high watermark as the smallest log end of the ISR and, when it moved,
     * wakes the operations waiting on this partition.
     */
    void maybeIncreaseHighWatermark() {
        long candidate = Math.min(localDurableEnd(), log.logEndOffset());
        // With followers, candidate = min over the ISR of their fetched offsets as well.
        boolean advanced = false;
        synchronized (this) {
            if (candidate > highWatermark) {
                highWatermark = candidate;
                advanced = true;
            }
        }
        if (advanced) {
            onHighWatermarkAdvanced.accept(topicPartition);
        }
    }

    /**
     * Reads whole batches from {@code offset}, below {@code maxOffset} and never at or above the
     * high watermark.
     *
     * @param maxOffset the bound the caller reports to the client, usually the high watermark it read
     * @throws io.partita.broker.log.OffsetOutOfRangeException when the offset is outside the log
     */
    public LogReadResult read(long offset, int maxBytes, long maxOffset, boolean minOneBatch) throws IOException {
        return log.read(offset, maxBytes, Math.min(maxOffset, highWatermark), minOneBatch);
    }

    /** The first record at or after {@code timestamp} below {@code maxOffset} (at most the high watermark), or null. */
    public TimestampOffset offsetForTimestamp(long timestamp, long maxOffset) throws IOException {
        return log.offsetForTimestamp(timestamp, Math.min(maxOffset, highWatermark));
    }

    /** The first record at or after {@code timestamp} below the high watermark, or null. */
    public TimestampOffset offsetForTimestamp(long timestamp) throws IOException {
        return log.offsetForTimestamp(timestamp, highWatermark);
    }

    /**
     * Writes the producer state snapshot (periodically and at shutdown). The state is copied
     * under the partition's lock, and the file written and fsynced after it is released: appends
     * to the partition never wait for that fsync, which can take long while the disk is busy.
     * Snapshot writers take turns, so an older snapshot never replaces a newer one.
     */
    public void writeProducerSnapshot() throws IOException {
        synchronized (snapshotWriteLock) {
            ByteBuffer snapshot;
            lock.lock();
            try {
                snapshot = producerState.encodeSnapshot(log.logEndOffset());
            } finally {
                lock.unlock();
            }
            producerState.writeSnapshot(snapshot);
        }
    }

    int producerCount() {
        lock.lock();
        try {
            return producerState.producerCount();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Partition(" + topicPartition + ", epoch " + leaderEpoch + ", hw " + highWatermark + ", isr " + isr + ")";
    }
}
