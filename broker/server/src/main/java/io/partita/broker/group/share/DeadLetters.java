package io.partita.broker.group.share;

import io.partita.broker.cluster.TopicManager;
import io.partita.broker.cluster.TopicMetadata;
import io.partita.broker.replication.Partition;
import io.partita.broker.replication.ReplicaManager;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.Record;
import io.partita.protocol.record.RecordBatchBuilder;
import io.partita.protocol.record.RecordBatches;
import io.partita.protocol.wire.api.ProduceRequest;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Writes dead-lettered records to their dead-letter topic: the original key, value and headers
 * (the JMS envelope unchanged) plus {@link #REASON_HEADER} (why), {@link #ORIGIN_HEADER}
 * (topic-partition@offset and group) and {@link #DELIVERY_COUNT_HEADER}, all UTF-8. The topic is
 * created with one partition when missing; a dead letter goes to the partition of the
 * dead-letter topic numbered as its origin partition modulo the topic's partition count, so an
 * administrator who gives the topic more partitions spreads dead letters while those of one
 * origin partition stay in order. The write is durable
 * before the record's ARCHIVED state is stored, so a crash in between may write a dead letter
 * twice but never loses one. Thread-safe.
 */
public final class DeadLetters {
    /** Header: why the record was dead-lettered. */
    public static final String REASON_HEADER = "partita.dlq.reason";
    /** Header: where it came from, {@code topic-partition@offset group <name>}. */
    public static final String ORIGIN_HEADER = "partita.dlq.origin";
    /** Header: its delivery count when dead-lettered. */
    public static final String DELIVERY_COUNT_HEADER = "partita.dlq.delivery.count";

    private final TopicManager topics;
    private final ReplicaManager replicas;

    DeadLetters(TopicManager topics, ReplicaManager replicas) {
        this.topics = topics;
        this.replicas = replicas;
    }

    /** Appends the dead letter of {@code record} to {@code deadLetterTopic} and waits until it is durable. */
    void write(String deadLetterTopic, TopicPartition from, String group, Record record, SharePartition.DeadLetter d)
            throws IOException {
        Optional<TopicMetadata> t = topics.topic(deadLetterTopic);
        if (t.isEmpty()) {
            TopicManager.Result r = topics.create(deadLetterTopic, 1, 1, Map.of(), false);
            if (r.error() != io.partita.protocol.wire.Errors.NONE
                    && r.error() != io.partita.protocol.wire.Errors.TOPIC_ALREADY_EXISTS) {
                throw new IOException("cannot create dead-letter topic '" + deadLetterTopic + "': " + r.message());
            }
            t = topics.topic(deadLetterTopic);
        }
        int partitions = t.map(TopicMetadata::partitions).orElse(1);
        int target = from.partition() % Math.max(1, partitions);
        Partition p = replicas.partition(new TopicPartition(deadLetterTopic, target))
                .orElseThrow(() -> new IOException("dead-letter topic '" + deadLetterTopic + "' has no partition "
                        + target + " here"));
        RecordBatchBuilder b = new RecordBatchBuilder();
        b.append(record.timestamp(), record.key(), record.value(),
                SharePartition.deadLetterHeaders(record, from, group, d));
        p.appendAsLeader(new RecordBatches(b.build()), ProduceRequest.ACKS_ALL);
    }
}
