package io.partita.client.consumer.assignor;

import io.partita.protocol.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Balances the partitions like round robin while moving as few as possible: each member keeps
 * the partitions it owned in the previous generation (still existing and subscribed, up to its
 * fair share), the rest go to the least loaded subscribing members, and partitions move from the
 * most to the least loaded member until their counts differ by at most one wherever
 * subscriptions allow. Rebalances stay eager: partitions are revoked before the join.
 */
public final class StickyAssignor implements PartitionAssignor {
    public static final String NAME = "sticky";

    private static final Comparator<TopicPartition> ORDER = Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
            Map<String, Subscription> subscriptions) {
        Map<String, List<TopicPartition>> out = new TreeMap<>();
        subscriptions.keySet().forEach(m -> out.put(m, new ArrayList<>()));
        if (out.isEmpty()) {
            return out;
        }
        List<TopicPartition> all = new ArrayList<>();
        for (Map.Entry<String, Integer> e : new TreeMap<>(partitionsPerTopic).entrySet()) {
            boolean wanted = subscriptions.values().stream().anyMatch(s -> s.topics().contains(e.getKey()));
            for (int p = 0; wanted && p < e.getValue(); p++) {
                all.add(new TopicPartition(e.getKey(), p));
            }
        }
        int fairShare = (all.size() + out.size() - 1) / out.size();
        Set<TopicPartition> taken = new HashSet<>();
        Set<TopicPartition> exists = new HashSet<>(all);
        for (Map.Entry<String, List<TopicPartition>> e : out.entrySet()) {
            Subscription s = subscriptions.get(e.getKey());
            List<TopicPartition> owned = new ArrayList<>(s.ownedPartitions());
            owned.sort(ORDER);
            for (TopicPartition tp : owned) {
                if (e.getValue().size() < fairShare && exists.contains(tp) && s.topics().contains(tp.topic())
                        && taken.add(tp)) {
                    e.getValue().add(tp);
                }
            }
        }
        for (TopicPartition tp : all) {
            if (!taken.contains(tp)) {
                String target = leastLoaded(out, subscriptions, tp.topic());
                if (target != null) {
                    out.get(target).add(tp);
                    taken.add(tp);
                }
            }
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            String most = null;
            for (String m : out.keySet()) {
                if (most == null || out.get(m).size() > out.get(most).size()) {
                    most = m;
                }
            }
            List<TopicPartition> candidates = new ArrayList<>(out.get(most));
            candidates.sort(ORDER.reversed());
            for (TopicPartition tp : candidates) {
                String least = leastLoaded(out, subscriptions, tp.topic());
                if (least != null && out.get(most).size() - out.get(least).size() > 1) {
                    out.get(most).remove(tp);
                    out.get(least).add(tp);
                    moved = true;
                    break;
                }
            }
        }
        out.values().forEach(l -> l.sort(ORDER));
        return out;
    }

    private static String leastLoaded(Map<String, List<TopicPartition>> out, Map<String, Subscription> subscriptions,
            String topic) {
        String best = null;
        for (Map.Entry<String, List<TopicPartition>> e : out.entrySet()) {
            if (subscriptions.get(e.getKey()).topics().contains(topic)
                    && (best == null || e.getValue().size() < out.get(best).size())) {
                best = e.getKey();
            }
        }
        return best;
    }
}
