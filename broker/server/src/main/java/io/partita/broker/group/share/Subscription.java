package io.partita.broker.group.share;

import java.util.Map;
import java.util.Objects;

/**
 * A topic subscription: the definition of a share group whose selector the broker applies to
 * every record, and which starts at the log end of each partition when created. Immutable.
 *
 * @param name the subscription's (and its share group's) name
 * @param topic the topic it reads
 * @param selector its selector text, or null for every record
 * @param durable whether it outlives its consumers and restarts
 * @param shared whether several members may consume it at once
 * @param startOffsets the log end of each partition when it was created
 */
public record Subscription(String name, String topic, String selector, boolean durable, boolean shared,
                           Map<Integer, Long> startOffsets) {

    /** Checks required fields. */
    public Subscription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        startOffsets = Map.copyOf(startOffsets);
    }

    /** Whether {@code other} defines the same subscription (a different one replaces it). */
    public boolean sameDefinition(String topic, String selector, boolean durable, boolean shared) {
        return this.topic.equals(topic) && Objects.equals(normal(this.selector), normal(selector))
                && this.durable == durable && this.shared == shared;
    }

    private static String normal(String selector) {
        return selector == null || selector.isBlank() ? null : selector.trim();
    }
}
