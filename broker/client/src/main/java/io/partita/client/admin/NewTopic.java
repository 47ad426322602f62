package io.partita.client.admin;

import java.util.Map;

/** A topic to create: name, partitions, replication factor and topic-level settings. */
public record NewTopic(String name, int numPartitions, short replicationFactor, Map<String, String> configs) {
    public NewTopic {
        configs = Map.copyOf(configs);
    }

    public NewTopic(String name, int numPartitions) {
        this(name, numPartitions, (short) 1, Map.of());
    }
}
