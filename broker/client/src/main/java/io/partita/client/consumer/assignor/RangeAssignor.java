package io.partita.client.consumer.assignor;

import io.partita.protocol.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * For each topic on its own, splits the partitions into contiguous ranges over the members that
 * subscribe to it, in member id order; the first {@code partitions % members} members get one
 * more. The default strategy.
 */
public final class RangeAssignor implements PartitionAssignor {
    public static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
            Map<String, Subscription> subscriptions) {
        Map<String, List<TopicPartition>> out = new TreeMap<>();
        subscriptions.keySet().forEach(m -> out.put(m, new ArrayList<>()));
        for (String topic : new TreeSet<>(partitionsPerTopic.keySet())) {
            List<String> members = new ArrayList<>();
            subscriptions.forEach((m, s) -> {
                if (s.topics().contains(topic)) {
                    members.add(m);
                }
            });
            if (members.isEmpty()) {
                continue;
            }
            members.sort(null);
            int partitions = partitionsPerTopic.get(topic);
            int each = partitions / members.size();
            int extra = partitions % members.size();
            int next = 0;
            for (int i = 0; i < members.size(); i++) {
                int count = each + (i < extra ? 1 : 0);
                for (int k = 0; k < count; k++) {
                    out.get(members.get(i)).add(new TopicPartition(topic, next++));
                }
            }
        }
        return out;
    }
}
