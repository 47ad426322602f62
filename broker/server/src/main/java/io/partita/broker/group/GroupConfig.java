package io.partita.broker.group;

/**
 * The coordinator's settings, from the broker configuration.
 *
 * @param offsetsTopicPartitions partitions of {@code __consumer_offsets} when it is created
 * @param minSessionTimeoutMs smallest session timeout a member may ask for
 * @param maxSessionTimeoutMs largest session timeout a member may ask for
 * @param initialRebalanceDelayMs how long the first rebalance of an empty group waits for more members
 * @param offsetMetadataMaxBytes longest metadata text accepted with a committed offset
 */
public record GroupConfig(int offsetsTopicPartitions, int minSessionTimeoutMs, int maxSessionTimeoutMs,
        int initialRebalanceDelayMs, int offsetMetadataMaxBytes) {
}
