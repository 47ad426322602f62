package io.partita.broker.replication;

import io.partita.protocol.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Operations waiting on partitions, keyed by partition: long-poll fetches waiting for data and
 * acks=all produces waiting for the high watermark. Whoever changes a partition (an append
 * moving the high watermark, a deletion) calls {@link #checkAndComplete}; nothing polls.
 *
 * <p>Registration checks the condition, watches, and checks again, so a change that lands
 * between the first check and the watch is never missed. A timer completes an operation at its
 * deadline. Thread-safe.
 */
public final class DelayedOperations {
    private static final Logger LOG = LoggerFactory.getLogger(DelayedOperations.class);

    private final Map<TopicPartition, Set<DelayedOperation>> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public DelayedOperations(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Completes {@code op} now if it can, otherwise watches it on {@code keys} until a change on
     * one of them completes it or its deadline passes.
     *
     * @return true when the operation completed during this call
     */
    public boolean tryCompleteElseWatch(DelayedOperation op, Collection<TopicPartition> keys) {
        if (op.tryComplete()) {
            return true;
        }
        for (TopicPartition key : keys) {
            watchers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(op);
        }
        Runnable unwatch = () -> {
            for (TopicPartition key : keys) {
                watchers.computeIfPresent(key, (k, set) -> {
                    set.remove(op);
                    return set.isEmpty() ? null : set;
                });
            }
        };
        ScheduledFuture<?> expiry;
        try {
            expiry = timer.schedule(op::expire, op.timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            expiry = null; // shutting down: completed below
        }
        op.armed(expiry, unwatch);
        if (op.isCompleted()) {
            unwatch.run();
            return false;
        }
        if (expiry == null) {
            op.forceComplete();
            return true;
        }
        return op.tryComplete();
    }

    /** Gives every operation watching {@code key} a chance to complete. */
    public void checkAndComplete(TopicPartition key) {
        Set<DelayedOperation> ops = watchers.get(key);
        if (ops == null) {
            return;
        }
        for (DelayedOperation op : new ArrayList<>(ops)) {
            if (!op.isCompleted()) {
                try {
                    op.tryComplete();
                } catch (RuntimeException e) {
                    LOG.error("a delayed operation on {} failed", key, e);
                    op.forceComplete();
                }
            }
        }
    }

    /** The number of operations watching {@code key}. */
    public int watching(TopicPartition key) {
        Set<DelayedOperation> ops = watchers.get(key);
        return ops == null ? 0 : ops.size();
    }

    /** Completes every waiting operation now (at shutdown). */
    public void completeAll() {
        List<DelayedOperation> all = new ArrayList<>();
        for (Set<DelayedOperation> ops : watchers.values()) {
            all.addAll(ops);
        }
        for (DelayedOperation op : all) {
            op.forceComplete();
        }
    }
}
