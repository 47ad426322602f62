package io.partita.client.producer;

import io.partita.client.PartitaClientException;
import io.partita.protocol.TopicPartition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-partition queues of {@link ProducerBatch}es and the {@code buffer.memory} budget they
 * draw from. {@link #append} may block (up to {@code max.block.ms}) until memory is free.
 *
 * <p>Thread safety: each partition's deque is guarded by its own monitor; the memory budget by a
 * lock. Appenders are any threads; the sender thread drains and re-enqueues.
 */
final class RecordAccumulator {
    private final int batchSize;
    /** Bound on the bytes of one partition's batches sent together. */
    private final int maxRequestBytes;
    private final long lingerMs;
    private final long totalMemory;
    private final Map<TopicPartition, Deque<ProducerBatch>> batches = new ConcurrentHashMap<>();
    private final ReentrantLock memoryLock = new ReentrantLock();
    private final Condition memoryFreed = memoryLock.newCondition();
    private long availableMemory;
    private volatile boolean flushing;

    RecordAccumulator(int batchSize, long lingerMs, long totalMemory, int maxRequestBytes) {
        this.batchSize = batchSize;
        this.maxRequestBytes = maxRequestBytes;
        this.lingerMs = lingerMs;
        this.totalMemory = totalMemory;
        this.availableMemory = totalMemory;
    }

    /**
     * Outcome of an append: the batch it joined, whether it opened that batch, and whether a
     * batch is now ready to send. {@code batch} is null when the append was aborted.
     */
    record AppendResult(ProducerBatch batch, boolean newBatch, boolean batchFull) {
        static final AppendResult ABORTED = new AppendResult(null, true, false);

        boolean aborted() {
            return batch == null;
        }
    }

    AppendResult append(TopicPartition tp, ProducerRecord record, long timestamp, int recordSize,
            CompletableFuture<RecordMetadata> future, Callback callback, long nowMs, long maxBlockMs) {
        return append(tp, record, timestamp, recordSize, future, callback, nowMs, maxBlockMs, false);
    }

    /**
     * Appends to the partition's open batch, or opens a new one; with {@code abortIfNewBatch}
     * the record is not appended when that would take a new batch ({@link AppendResult#ABORTED}),
     * so the caller can pick another partition (sticky partitioning).
     */
    AppendResult append(TopicPartition tp, ProducerRecord record, long timestamp, int recordSize,
            CompletableFuture<RecordMetadata> future, Callback callback, long nowMs, long maxBlockMs,
            boolean abortIfNewBatch) {
        Deque<ProducerBatch> dq = batches.computeIfAbsent(tp, k -> new ArrayDeque<>());
        synchronized (dq) {
            ProducerBatch last = dq.peekLast();
            if (last != null && last.tryAppend(record, timestamp, future, callback)) {
                return new AppendResult(last, false, last.isFull() || dq.size() > 1);
            }
            if (abortIfNewBatch) {
                return AppendResult.ABORTED;
            }
        }
        int size = Math.max(batchSize, recordSize);
        reserve(size, maxBlockMs);
        synchronized (dq) {
            ProducerBatch last = dq.peekLast();
            if (last != null && last.tryAppend(record, timestamp, future, callback)) {
                release(size);
                return new AppendResult(last, false, last.isFull() || dq.size() > 1);
            }
            ProducerBatch batch = new ProducerBatch(tp, size, nowMs);
            batch.tryAppend(record, timestamp, future, callback);
            dq.addLast(batch);
            return new AppendResult(batch, true, dq.size() > 1);
        }
    }

    private void reserve(int bytes, long maxBlockMs) {
        if (bytes > totalMemory) {
            throw new PartitaClientException("a record of " + bytes + " bytes is larger than buffer.memory ("
                    + totalMemory + ")", null, false, null);
        }
        memoryLock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
            while (availableMemory < bytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new PartitaClientException("no room in buffer.memory (" + totalMemory + " bytes) for "
                            + bytes + " bytes within max.block.ms=" + maxBlockMs
                            + "; the producer is sending slower than records arrive", null, true, null);
                }
                memoryFreed.awaitNanos(left);
            }
            availableMemory -= bytes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartitaClientException("interrupted waiting for buffer.memory", null, false, e);
        } finally {
            memoryLock.unlock();
        }
    }

    void release(int bytes) {
        memoryLock.lock();
        try {
            availableMemory += bytes;
            memoryFreed.signalAll();
        } finally {
            memoryLock.unlock();
        }
    }

    void beginFlush() {
        flushing = true;
    }

    void endFlush() {
        flushing = false;
    }

    /**
     * Takes the first batch of every partition that is sendable now (full, lingered, flushing or
     * closing, and past its retry backoff) and not in {@code muted}, with the sendable batches
     * behind it absorbed into it. Returns the time until the
     * next batch becomes sendable in {@code nextWakeMs[0]}.
     */
    List<ProducerBatch> drain(long nowMs, Set<TopicPartition> muted, boolean closing, long[] nextWakeMs) {
        List<ProducerBatch> out = new ArrayList<>();
        long next = Long.MAX_VALUE;
        for (Map.Entry<TopicPartition, Deque<ProducerBatch>> e : batches.entrySet()) {
            if (muted.contains(e.getKey())) {
                continue;
            }
            Deque<ProducerBatch> dq = e.getValue();
            synchronized (dq) {
                ProducerBatch first = dq.peekFirst();
                if (first == null) {
                    continue;
                }
                if (first.retryNotBeforeMs > nowMs) {
                    next = Math.min(next, first.retryNotBeforeMs - nowMs);
                    continue;
                }
                long readyAt = first.createdMs + lingerMs;
                boolean ready = first.isFull() || dq.size() > 1 || flushing || closing || first.isBuilt()
                        || readyAt <= nowMs;
                if (ready) {
                    first.close();
                    dq.pollFirst();
                    if (!first.isBuilt()) {
                        absorbSendable(first, dq, nowMs, closing);
                    }
                    out.add(first);
                    ProducerBatch following = dq.peekFirst();
                    if (following != null) {
                        next = Math.min(next, Math.max(0, following.createdMs + lingerMs - nowMs));
                    }
                } else {
                    next = Math.min(next, readyAt - nowMs);
                }
            }
        }
        nextWakeMs[0] = next;
        return out;
    }

    /**
     * Lets {@code first} take the unsent batches queued behind it that are sendable too, while
     * the request stays within {@code maxRequestBytes}: what queued up while the partition's last
     * request was in flight goes in one request and one append.
     */
    private void absorbSendable(ProducerBatch first, Deque<ProducerBatch> dq, long nowMs, boolean closing) {
        int bytes = first.sizeInBytes();
        while (true) {
            ProducerBatch next = dq.peekFirst();
            if (next == null || next.isBuilt() || bytes + next.sizeInBytes() > maxRequestBytes) {
                return;
            }
            boolean sendable = next.isFull() || dq.size() > 1 || flushing || closing
                    || next.createdMs + lingerMs <= nowMs;
            if (!sendable) {
                return;
            }
            dq.pollFirst();
            next.close();
            first.absorb(next);
            bytes += next.sizeInBytes();
        }
    }

    /** Puts a batch back at the head of its partition's queue (retry keeps order). */
    void reenqueue(ProducerBatch batch) {
        Deque<ProducerBatch> dq = batches.computeIfAbsent(batch.tp, k -> new ArrayDeque<>());
        synchronized (dq) {
            dq.addFirst(batch);
        }
    }

    boolean hasUnsent() {
        for (Deque<ProducerBatch> dq : batches.values()) {
            synchronized (dq) {
                if (!dq.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Removes every queued batch (close with a deadline passed). */
    List<ProducerBatch> drainAll() {
        List<ProducerBatch> out = new ArrayList<>();
        for (Deque<ProducerBatch> dq : batches.values()) {
            synchronized (dq) {
                out.addAll(dq);
                dq.clear();
            }
        }
        return out;
    }
}
