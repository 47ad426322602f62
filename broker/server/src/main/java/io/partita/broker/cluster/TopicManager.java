package io.partita.broker.cluster;

import io.partita.broker.config.BrokerConfig;
import io.partita.broker.log.Log;
import io.partita.broker.log.LogConfig;
import io.partita.broker.log.LogManager;
import io.partita.broker.replication.ReplicaManager;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates, deletes and describes topics on this broker, keeping {@link TopicStore} and the
 * hosted partitions ({@link ReplicaManager}) in step.
 *
 * <p>At start, every topic of the store gets its partitions; partition directories of topics
 * whose deletion was interrupted are removed; partition directories of topics the store does not
 * know (for example copied in by hand) are adopted as topics with default settings, with a
 * warning, rather than deleted.
 *
 * <p>Topic-level configuration keys: those of {@link LogConfig#KEYS} plus
 * {@value #MIN_INSYNC_REPLICAS}. Thread-safe: changes are serialized on this object.
 */
public final class TopicManager {
    private static final Logger LOG = LoggerFactory.getLogger(TopicManager.class);

    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    /** Every key a topic may override. */
    public static final Set<String> TOPIC_CONFIG_KEYS;

    static {
        Set<String> keys = new TreeSet<>(LogConfig.KEYS);
        keys.add(MIN_INSYNC_REPLICAS);
        keys.addAll(io.partita.broker.group.share.ShareConfig.TOPIC_KEYS);
        TOPIC_CONFIG_KEYS = java.util.Collections.unmodifiableSet(keys);
    }

    /** The outcome of a create or delete: NONE, or an error with a message naming the problem. */
    public record Result(Errors error, String message) {
        static final Result OK = new Result(Errors.NONE, null);
    }

    private final BrokerConfig config;
    private final TopicStore store;
    private final ReplicaManager replicaManager;
    private final LogManager logManager;

    private TopicManager(BrokerConfig config, TopicStore store, ReplicaManager replicaManager, LogManager logManager) {
        this.config = config;
        this.store = store;
        this.replicaManager = replicaManager;
        this.logManager = logManager;
    }

    /** Loads every topic's partitions, finishing interrupted deletions and adopting unknown partitions. */
    public static TopicManager start(BrokerConfig config, TopicStore store, ReplicaManager replicaManager,
            LogManager logManager) throws IOException {
        TopicManager manager = new TopicManager(config, store, replicaManager, logManager);
        manager.reconcile();
        return manager;
    }

    private synchronized void reconcile() throws IOException {
        Set<String> deleting = store.deleting();
        Map<String, Integer> orphans = new HashMap<>();
        for (Log log : new ArrayList<>(logManager.logs())) {
            TopicPartition tp = log.topicPartition();
            if (deleting.contains(tp.topic())) {
                LOG.info("finishing the deletion of {}", tp);
                deleteLogAndDirectory(tp, log.dir());
            } else if (store.topic(tp.topic()).isEmpty()) {
                orphans.merge(tp.topic(), tp.partition() + 1, Math::max);
            } else if (tp.partition() >= store.topic(tp.topic()).get().partitions()) {
                TopicMetadata t = store.topic(tp.topic()).get();
                LOG.warn("partition directory {} is beyond the {} partitions of topic {}; counting it in", log.dir(),
                        t.partitions(), t.name());
                store.put(new TopicMetadata(t.name(), tp.partition() + 1, t.configs()));
            }
        }
        for (String name : deleting) {
            store.deleted(name);
        }
        for (Map.Entry<String, Integer> o : orphans.entrySet()) {
            LOG.warn("adopting topic {} with {} partitions found on disk but not in the topic metadata", o.getKey(),
                    o.getValue());
            store.put(new TopicMetadata(o.getKey(), o.getValue(), Map.of()));
        }
        for (TopicMetadata t : store.topics()) {
            openPartitions(t);
        }
        LOG.info("{} topics loaded", store.topics().size());
    }

    private void openPartitions(TopicMetadata t) throws IOException {
        LogConfig logConfig = logConfig(t.configs());
        int minIsr = minInsyncReplicas(t.configs());
        for (int p = 0; p < t.partitions(); p++) {
            replicaManager.getOrCreatePartition(new TopicPartition(t.name(), p), logConfig, minIsr);
        }
    }

    /** The log settings of a topic with these overrides. */
    public LogConfig logConfig(Map<String, String> overrides) {
        Map<String, String> logKeys = new LinkedHashMap<>(overrides);
        logKeys.remove(MIN_INSYNC_REPLICAS);
        logKeys.keySet().removeAll(io.partita.broker.group.share.ShareConfig.TOPIC_KEYS);
        return config.logConfig().with(logKeys);
    }

    /** The min.insync.replicas of a topic with these overrides. */
    public int minInsyncReplicas(Map<String, String> overrides) {
        String v = overrides.get(MIN_INSYNC_REPLICAS);
        if (v == null) {
            return config.minInsyncReplicas();
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value '" + v + "' for " + MIN_INSYNC_REPLICAS + ": not an integer");
        }
        if (n < 1) {
            throw new IllegalArgumentException("invalid value '" + v + "' for " + MIN_INSYNC_REPLICAS + ": must be at least 1");
        }
        return n;
    }

    public String clusterId() {
        return store.clusterId();
    }

    public Optional<TopicMetadata> topic(String name) {
        return store.topic(name);
    }

    public Collection<TopicMetadata> topics() {
        return store.topics();
    }

    /**
     * The topic, created with the broker's defaults when it does not exist and
     * {@code auto.create.topics.enable} is set.
     *
     * @return the topic, or empty when it does not exist and may not be created
     * @throws IllegalArgumentException when the name is not a legal topic name
     */
    public Optional<TopicMetadata> getOrAutoCreate(String name) throws IOException {
        Optional<TopicMetadata> existing = store.topic(name);
        if (existing.isPresent() || !config.autoCreateTopicsEnable()) {
            return existing;
        }
        TopicPartition.validateTopicName(name);
        synchronized (this) {
            existing = store.topic(name);
            if (existing.isPresent()) {
                return existing;
            }
            Result r = create(name, config.numPartitions(), config.defaultReplicationFactor(), Map.of(), false);
            if (r.error() != Errors.NONE) {
                throw new IllegalArgumentException("cannot create topic " + name + ": " + r.message());
            }
            LOG.info("created topic {} automatically with {} partitions", name, config.numPartitions());
            return store.topic(name);
        }
    }

    /**
     * Creates a topic.
     *
     * @param numPartitions     the partition count, or -1 for {@code num.partitions}
     * @param replicationFactor the replica count, or -1 for {@code default.replication.factor}
     * @param configs           topic-level overrides
     * @param validateOnly      check everything but create nothing
     */
    public synchronized Result create(String name, int numPartitions, int replicationFactor, Map<String, String> configs,
            boolean validateOnly) throws IOException {
        try {
            TopicPartition.validateTopicName(name);
        } catch (IllegalArgumentException e) {
            return new Result(Errors.INVALID_TOPIC, e.getMessage());
        }
        if (store.topic(name).isPresent()) {
            return new Result(Errors.TOPIC_ALREADY_EXISTS, "topic '" + name + "' already exists");
        }
        int partitions = numPartitions == -1 ? config.numPartitions() : numPartitions;
        if (partitions < 1) {
            return new Result(Errors.INVALID_PARTITIONS, "partition count " + numPartitions + " must be at least 1 (or -1 for the default)");
        }
        int factor = replicationFactor == -1 ? config.defaultReplicationFactor() : replicationFactor;
        if (factor < 1 || factor > 1) {
            return new Result(Errors.INVALID_REPLICATION_FACTOR, "replication factor " + factor
                    + " is not possible with 1 live broker");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : configs.entrySet()) {
            if (!TOPIC_CONFIG_KEYS.contains(e.getKey())) {
                return new Result(Errors.INVALID_REQUEST, "unknown topic configuration key '" + e.getKey()
                        + "'; known: " + TOPIC_CONFIG_KEYS);
            }
            if (e.getValue() != null) {
                overrides.put(e.getKey(), e.getValue());
            }
        }
        try {
            logConfig(overrides);
            minInsyncReplicas(overrides);
            io.partita.broker.group.share.ShareConfig.validateTopicConfigs(overrides);
        } catch (IllegalArgumentException e) {
            return new Result(Errors.INVALID_REQUEST, e.getMessage());
        }
        if (validateOnly) {
            return Result.OK;
        }
        TopicMetadata topic = new TopicMetadata(name, partitions, overrides);
        store.put(topic);
        openPartitions(topic);
        LOG.info("created topic {} with {} partitions and settings {}", name, partitions, overrides);
        return Result.OK;
    }

    /** Deletes a topic and its data. */
    public synchronized Result delete(String name) throws IOException {
        Optional<TopicMetadata> topic = store.topic(name);
        if (topic.isEmpty()) {
            return new Result(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + name + "' does not exist");
        }
        store.markDeleting(name);
        boolean allGone = true;
        for (int p = 0; p < topic.get().partitions(); p++) {
            TopicPartition tp = new TopicPartition(name, p);
            Path dir = logManager.getLog(tp).map(Log::dir).orElse(null);
            replicaManager.deletePartition(tp);
            allGone &= dir == null || removeDirectory(dir);
        }
        if (allGone) {
            store.deleted(name);
        }
        LOG.info("deleted topic {}", name);
        return Result.OK;
    }

    private void deleteLogAndDirectory(TopicPartition tp, Path dir) throws IOException {
        logManager.deleteLog(tp);
        removeDirectory(dir);
    }

    /** Removes an emptied partition directory; false when files are still held by readers. */
    private static boolean removeDirectory(Path dir) {
        try {
            Files.deleteIfExists(dir);
            return true;
        } catch (DirectoryNotEmptyException e) {
            LOG.info("{} still holds files in use by readers; it is removed at the next start", dir);
            return false;
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.toString());
            return false;
        }
    }
}
