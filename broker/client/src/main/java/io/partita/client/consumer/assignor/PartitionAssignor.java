package io.partita.client.consumer.assignor;

import io.partita.protocol.TopicPartition;

import java.util.List;
import java.util.Map;

/**
 * Computes a group's assignment on the leader member. Its {@link #name()} is the protocol name
 * sent in JoinGroup ({@code partition.assignment.strategy}); every member must offer the chosen one.
 * Implementations are stateless and thread-safe, and deterministic: the same input gives the same output.
 */
public interface PartitionAssignor {

    /**
     * What a member asked for.
     *
     * @param topics the topics it subscribes to
     * @param ownedPartitions the partitions it held in the previous generation
     */
    record Subscription(List<String> topics, List<TopicPartition> ownedPartitions) {
    }

    /** @return the protocol name, e.g. "range" */
    String name();

    /**
     * @param partitionsPerTopic the partition count of every subscribed topic that exists
     * @param subscriptions every member's subscription, by member id
     * @return every member's partitions (an entry, maybe empty, for each member)
     */
    Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
            Map<String, Subscription> subscriptions);

    /** The assignor named {@code name}: range, roundrobin or sticky. */
    static PartitionAssignor forName(String name) {
        return switch (name) {
            case RangeAssignor.NAME -> new RangeAssignor();
            case RoundRobinAssignor.NAME -> new RoundRobinAssignor();
            case StickyAssignor.NAME -> new StickyAssignor();
            default -> throw new IllegalArgumentException("unknown partition assignment strategy '" + name
                    + "'; known: range, roundrobin, sticky");
        };
    }
}
