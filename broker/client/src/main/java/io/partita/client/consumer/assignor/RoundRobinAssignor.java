package io.partita.client.consumer.assignor;

import io.partita.protocol.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Deals every partition of every subscribed topic (sorted by topic, then partition) to the
 * members in member id order, one at a time, skipping members that do not subscribe to its topic.
 */
public final class RoundRobinAssignor implements PartitionAssignor {
    public static final String NAME = "roundrobin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
            Map<String, Subscription> subscriptions) {
        Map<String, List<TopicPartition>> out = new TreeMap<>();
        subscriptions.keySet().forEach(m -> out.put(m, new ArrayList<>()));
        List<String> members = new ArrayList<>(out.keySet());
        if (members.isEmpty()) {
            return out;
        }
        int cursor = 0;
        for (String topic : new TreeSet<>(partitionsPerTopic.keySet())) {
            for (int p = 0; p < partitionsPerTopic.get(topic); p++) {
                for (int tried = 0; tried < members.size(); tried++) {
                    String m = members.get(cursor);
                    cursor = (cursor + 1) % members.size();
                    if (subscriptions.get(m).topics().contains(topic)) {
                        out.get(m).add(new TopicPartition(topic, p));
                        break;
                    }
                }
            }
        }
        return out;
    }
}
