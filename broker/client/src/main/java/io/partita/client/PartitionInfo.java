package io.partita.client;

import java.util.List;

/** What the cluster said about one partition: its leader (-1 when none) and replicas. */
public record PartitionInfo(String topic, int partition, int leader, int leaderEpoch, List<Integer> replicas,
        List<Integer> isr) {
}
