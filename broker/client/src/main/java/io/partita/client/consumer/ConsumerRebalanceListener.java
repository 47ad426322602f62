package io.partita.client.consumer;

import io.partita.protocol.TopicPartition;

import java.util.Collection;

/**
 * Called by {@link PartitaConsumer#poll} (on the polling thread) around a group rebalance of a
 * subscribed consumer: {@link #onPartitionsRevoked} before the consumer gives its partitions up
 * (the place to commit what was processed, e.g. with {@code commitSync}), and
 * {@link #onPartitionsAssigned} once the new assignment and its committed positions are known.
 * {@code close()} also revokes the partitions it held. Rebalances are eager: every member gives up
 * every partition and receives a fresh assignment.
 */
public interface ConsumerRebalanceListener {

    /** The consumer is about to stop reading {@code partitions}. */
    void onPartitionsRevoked(Collection<TopicPartition> partitions);

    /** The consumer now reads {@code partitions}, from their committed offsets or {@code auto.offset.reset}. */
    void onPartitionsAssigned(Collection<TopicPartition> partitions);

    /** A listener that does nothing. */
    ConsumerRebalanceListener NO_OP = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }
    };
}
