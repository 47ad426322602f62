package io.partita.broker.group.share;

import java.util.Map;
import java.util.Set;

/**
 * The share group settings of a broker, with the per-topic overrides of the dead-letter topic and
 * the delivery limit. Immutable.
 *
 * @param lockDurationMs how long an acquired record stays locked for its member ({@code share.record.lock.duration.ms})
 * @param maxDeliveryAttempts deliveries after which a released or timed-out record is dead-lettered ({@code share.max.delivery.attempts})
 * @param maxRecordLocks the most records acquired at once per share partition, and the most released records kept
 *        waiting with their delivery counts ({@code share.partition.max.record.locks})
 * @param maxPendingRecords the most offsets a share partition looks at beyond its share start offset
 *        ({@code share.partition.max.pending.records})
 * @param deadLetterTopic where dead-lettered records go ({@code share.dead.letter.topic})
 * @param snapshotIntervalMs how often the state is snapshotted into {@code __share_state} ({@code share.state.snapshot.interval.ms})
 */
public record ShareConfig(long lockDurationMs, int maxDeliveryAttempts, int maxRecordLocks, int maxPendingRecords,
                          String deadLetterTopic, long snapshotIntervalMs) {

    /** Topic key: the dead-letter topic of share groups reading this topic. */
    public static final String TOPIC_DEAD_LETTER_TOPIC = "dead.letter.topic";
    /** Topic key: the delivery limit of share groups reading this topic. */
    public static final String TOPIC_MAX_DELIVERY_ATTEMPTS = "max.delivery.attempts";
    /** The topic keys this package reads; they are not log settings. */
    public static final Set<String> TOPIC_KEYS = Set.of(TOPIC_DEAD_LETTER_TOPIC, TOPIC_MAX_DELIVERY_ATTEMPTS);

    /** Checks the values. */
    public ShareConfig {
        if (lockDurationMs < 1 || maxDeliveryAttempts < 1 || maxRecordLocks < 1 || maxPendingRecords < 1
                || snapshotIntervalMs < 1
                || deadLetterTopic == null || deadLetterTopic.isEmpty()) {
            throw new IllegalArgumentException("invalid share settings " + lockDurationMs + "/" + maxDeliveryAttempts
                    + "/" + maxRecordLocks + "/" + maxPendingRecords + "/" + deadLetterTopic + "/" + snapshotIntervalMs);
        }
    }

    /** The dead-letter topic for records of a topic with these overrides. */
    public String deadLetterTopic(Map<String, String> topicConfigs) {
        String v = topicConfigs.get(TOPIC_DEAD_LETTER_TOPIC);
        return v == null || v.isBlank() ? deadLetterTopic : v.trim();
    }

    /** The delivery limit for records of a topic with these overrides. */
    public int maxDeliveryAttempts(Map<String, String> topicConfigs) {
        String v = topicConfigs.get(TOPIC_MAX_DELIVERY_ATTEMPTS);
        return v == null ? maxDeliveryAttempts : parseAttempts(v);
    }

    /**
     * Checks a topic's share overrides.
     *
     * @throws IllegalArgumentException naming the key and value
     */
    public static void validateTopicConfigs(Map<String, String> topicConfigs) {
        String attempts = topicConfigs.get(TOPIC_MAX_DELIVERY_ATTEMPTS);
        if (attempts != null) {
            parseAttempts(attempts);
        }
        String dlq = topicConfigs.get(TOPIC_DEAD_LETTER_TOPIC);
        if (dlq != null) {
            io.partita.protocol.TopicPartition.validateTopicName(dlq.trim());
        }
    }

    private static int parseAttempts(String v) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid value '" + v + "' for " + TOPIC_MAX_DELIVERY_ATTEMPTS
                + ": must be a whole number, 1 or more");
    }
}
