package io.partita.protocol.partition;

/**
 * Chooses the partition of a topic that a record is sent to.
 *
 * <p>Contract:
 * <ul>
 *   <li>For a record with a key ({@code keyBytes != null}) the answer must depend only on the
 *       topic, the key bytes and {@code numPartitions}, so that every record with the same key
 *       goes to the same partition while the partition count stays the same. Per-key ordering
 *       (and, in JMS, per-{@code JMSXGroupID} ordering) rests on this.</li>
 *   <li>For a record without a key an implementation may return {@link #UNASSIGNED}. The
 *       client then applies sticky partitioning: it keeps sending unkeyed records of one
 *       producer to one partition until a batch for that partition is sent, then picks
 *       another. A JMS producer without a group id sticks to one partition for its life.</li>
 *   <li>Any other answer must be in {@code [0, numPartitions)}; the client rejects others.</li>
 *   <li>Implementations are called from the client's sending threads concurrently and must be
 *       thread-safe; they must not block.</li>
 * </ul>
 *
 * <p>Users may supply their own implementation; {@link Murmur2Partitioner} is the default.
 */
@FunctionalInterface
public interface Partitioner {

    /** Returned for an unkeyed record to let the client choose the partition (sticky). */
    int UNASSIGNED = -1;

    /**
     * Chooses a partition.
     *
     * @param topic the topic the record is sent to
     * @param keyBytes the serialized key, or null if the record has none
     * @param valueBytes the serialized value, or null
     * @param numPartitions the current partition count of the topic, at least 1
     * @return a partition in {@code [0, numPartitions)}, or {@link #UNASSIGNED}
     */
    int partition(String topic, byte[] keyBytes, byte[] valueBytes, int numPartitions);
}
