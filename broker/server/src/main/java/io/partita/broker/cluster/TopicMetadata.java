package io.partita.broker.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the broker remembers about a topic: its name, its partition count and its configuration
 * overrides (topic-level keys such as {@code segment.bytes} or {@code min.insync.replicas}).
 *
 * @param name       the topic name
 * @param partitions the number of partitions, 1 or more
 * @param configs    the overrides, sorted by key; absent keys take the broker's defaults
 */
public record TopicMetadata(String name, int partitions, Map<String, String> configs) {
    public TopicMetadata {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " has " + partitions + " partitions");
        }
        configs = java.util.Collections.unmodifiableMap(new TreeMap<>(configs));
    }
}
