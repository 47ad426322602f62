package io.partita.broker.txn;

import io.partita.broker.cluster.TopicManager;
import io.partita.broker.log.LogConfig;
import io.partita.broker.log.LogReadResult;
import io.partita.broker.replication.Partition;
import io.partita.broker.replication.ReplicaManager;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.partition.Murmur2;
import io.partita.protocol.record.Record;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatchBuilder;
import io.partita.protocol.record.RecordBatches;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ProduceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The internal topic {@value #TOPIC} where the coordinator logs every change of a transaction's
 * metadata (format: {@link TransactionLogFormat}). A key lives in partition
 * {@code toPositive(murmur2(key bytes)) % partitions}, as consumer groups live in
 * {@code __consumer_offsets}.
 *
 * <p>Every append is fsynced before it returns, whatever the broker's {@code log.flush.mode}: the
 * topic is created with {@code flush.mode=group-commit}, so a logged PREPARED or COMMITTING
 * survives a crash. Retention is off for the topic (a prepared branch may wait indefinitely);
 * the log holds one record per state change. The topic is created on the first transactional
 * request.
 *
 * <p>Thread-safe (appends serialize on the partitions).
 */
final class TransactionStateLog {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionStateLog.class);

    /** The internal topic's name. */
    static final String TOPIC = TransactionCoordinator.STATE_TOPIC;
    private static final int READ_BYTES = 1 << 20;

    private final TopicManager topics;
    private final ReplicaManager replicas;
    private final Clock clock;
    private final int configuredPartitions;
    private final int segmentBytes;
    private volatile int numPartitions;

    /**
     * @param partitions partitions to create the topic with, when it does not exist yet
     * @param segmentBytes segment size to create the topic with
     */
    TransactionStateLog(TopicManager topics, ReplicaManager replicas, Clock clock, int partitions, int segmentBytes) {
        this.topics = topics;
        this.replicas = replicas;
        this.clock = clock;
        this.configuredPartitions = partitions;
        this.segmentBytes = segmentBytes;
        this.numPartitions = topics.topic(TOPIC).map(t -> t.partitions()).orElse(0);
        if (numPartitions > 0 && numPartitions != partitions) {
            LOG.info("{} has {} partitions; transaction.state.log.num.partitions={} applies only when it is created",
                    TOPIC, numPartitions, partitions);
        }
    }

    /** Creates the topic on first use, as Kafka does, so brokers without transactions never have it. */
    private synchronized void ensureCreated() {
        if (numPartitions > 0) {
            return;
        }
        try {
            TopicManager.Result r = topics.create(TOPIC, configuredPartitions, 1, Map.of(
                    LogConfig.FLUSH_MODE, "group-commit",
                    LogConfig.RETENTION_MS, "-1",
                    LogConfig.RETENTION_BYTES, "-1",
                    LogConfig.SEGMENT_BYTES, Integer.toString(segmentBytes)), false);
            if (r.error() != Errors.NONE && r.error() != Errors.TOPIC_ALREADY_EXISTS) {
                throw new TransactionException(Errors.COORDINATOR_NOT_AVAILABLE, "cannot create " + TOPIC + ": "
                        + r.error() + " " + r.message());
            }
        } catch (IOException e) {
            throw new TransactionException(Errors.COORDINATOR_NOT_AVAILABLE, "cannot create " + TOPIC + ": "
                    + e.getMessage());
        }
        numPartitions = topics.topic(TOPIC).map(t -> t.partitions()).orElse(0);
        LOG.info("created {} with {} partitions", TOPIC, numPartitions);
    }

    int partitionFor(TransactionKey key) {
        ensureCreated();
        ByteBuffer k = TransactionLogFormat.key(key);
        byte[] bytes = new byte[k.remaining()];
        k.get(bytes);
        return Murmur2.toPositive(Murmur2.hash(bytes)) % numPartitions;
    }

    /**
     * Appends the new metadata of a transaction (or, with null, a tombstone that removes it) and
     * returns once it is fsynced.
     *
     * @throws TransactionException STORAGE_ERROR or COORDINATOR_NOT_AVAILABLE when it cannot be written
     */
    void append(TransactionKey key, TransactionMetadata.Snapshot value) {
        TopicPartition tp = new TopicPartition(TOPIC, partitionFor(key));
        Partition partition = replicas.partition(tp).orElseThrow(() -> new TransactionException(
                Errors.COORDINATOR_NOT_AVAILABLE, tp + " is not hosted by this broker"));
        ByteBuffer batch = new RecordBatchBuilder(256).append(clock.millis(), TransactionLogFormat.key(key),
                value == null ? null : TransactionLogFormat.value(value), List.of()).build();
        try {
            partition.appendAsLeader(new RecordBatches(batch), ProduceRequest.ACKS_ALL);
        } catch (IOException | RuntimeException e) {
            LOG.error("writing the state of {} to {} failed", key, tp, e);
            throw new TransactionException(Errors.STORAGE_ERROR, "cannot log the state of " + key + " to " + tp
                    + ": " + e.getMessage());
        }
    }

    /** Reads every partition: the latest metadata of every key not removed by a tombstone. */
    Map<TransactionKey, TransactionMetadata.Snapshot> load() throws IOException {
        Map<TransactionKey, TransactionMetadata.Snapshot> out = new HashMap<>();
        int numPartitions = this.numPartitions;
        for (int p = 0; p < numPartitions; p++) {
            TopicPartition tp = new TopicPartition(TOPIC, p);
            Partition partition = replicas.partition(tp).orElseThrow(() -> new IOException(tp + " is missing"));
            long offset = partition.logStartOffset();
            long end = partition.logEndOffset();
            while (offset < end) {
                ByteBuffer bytes;
                try (LogReadResult read = partition.log().read(offset, READ_BYTES, end, true)) {
                    bytes = read.records().readAll();
                }
                if (!bytes.hasRemaining()) {
                    break;
                }
                long next = offset;
                for (RecordBatch batch : new RecordBatches(bytes)) {
                    next = batch.nextOffset();
                    for (Record r : batch.records()) {
                        if (r.offset() < offset || r.key() == null) {
                            continue;
                        }
                        try {
                            TransactionKey key = TransactionLogFormat.readKey(r.key());
                            if (r.value() == null) {
                                out.remove(key);
                            } else {
                                out.put(key, TransactionLogFormat.readValue(key, r.value()));
                            }
                        } catch (RuntimeException e) {
                            throw new IOException("unreadable record at offset " + r.offset() + " of " + tp + ": "
                                    + e.getMessage(), e);
                        }
                    }
                }
                if (next <= offset) {
                    break;
                }
                offset = next;
            }
        }
        return out;
    }
}
