package io.partita.broker.replication;

import io.partita.broker.log.Log;
import io.partita.broker.log.LogConfig;
import io.partita.broker.log.LogManager;
import io.partita.protocol.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The partitions hosted by this broker and the operations waiting on them.
 *
 * <p>Creates {@link Partition}s over logs of the {@link LogManager}, removes them when their
 * topic is deleted, writes their producer state snapshots periodically and at shutdown, and owns
 * the {@link DelayedOperations} registry that a partition's high watermark wakes. Thread-safe.
 */
public final class ReplicaManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaManager.class);

    private final int brokerId;
    private final LogManager logManager;
    private final DelayedOperations delayedOperations;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param timer runs operation deadlines and the periodic producer snapshots
     * @param snapshotIntervalMs how often producer state snapshots are written
     */
    public ReplicaManager(int brokerId, LogManager logManager, ScheduledExecutorService timer, long snapshotIntervalMs) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.delayedOperations = new DelayedOperations(timer);
        timer.scheduleWithFixedDelay(this::snapshotQuietly, snapshotIntervalMs, snapshotIntervalMs, TimeUnit.MILLISECONDS);
    }

    public int brokerId() {
        return brokerId;
    }

    public DelayedOperations delayedOperations() {
        return delayedOperations;
    }

    /** The partition if this broker hosts it. */
    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    public Collection<Partition> partitions() {
        return partitions.values();
    }

    /**
     * Hosts {@code tp} as leader, creating its log with {@code config} when it does not exist, or
     * returns the partition already hosted.
     */
    public Partition getOrCreatePartition(TopicPartition tp, LogConfig config, int minInsyncReplicas) throws IOException {
        Partition existing = partitions.get(tp);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the replica manager is closed");
            }
            existing = partitions.get(tp);
            if (existing != null) {
                return existing;
            }
            Log log = logManager.getOrCreateLog(tp, config);
            log.updateConfig(config);
            Partition p = new Partition(tp, log, brokerId, minInsyncReplicas, delayedOperations::checkAndComplete);
            partitions.put(tp, p);
            return p;
        }
    }

    /** Applies new topic settings to a hosted partition. */
    public void updateConfig(TopicPartition tp, LogConfig config, int minInsyncReplicas) {
        Partition p = partitions.get(tp);
        if (p != null) {
            p.log().updateConfig(config);
            p.setMinInsyncReplicas(minInsyncReplicas);
        }
    }

    /** Stops hosting {@code tp} and deletes its log; waiting operations on it complete. */
    public void deletePartition(TopicPartition tp) throws IOException {
        Partition p;
        synchronized (this) {
            p = partitions.remove(tp);
        }
        logManager.deleteLog(tp);
        if (p != null) {
            delayedOperations.checkAndComplete(tp);
        }
    }

    private void snapshotQuietly() {
        for (Partition p : partitions.values()) {
            try {
                p.writeProducerSnapshot();
            } catch (IOException | RuntimeException e) {
                if (!closed && partitions.containsKey(p.topicPartition())) {
                    LOG.warn("writing the producer state snapshot of {} failed", p.topicPartition(), e);
                }
            }
        }
    }

    /**
     * Completes every waiting operation and writes the producer state snapshots. The logs stay
     * open: the {@link LogManager} closes them.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        delayedOperations.completeAll();
        snapshotQuietly();
    }
}
