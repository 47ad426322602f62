package io.partita.client.admin;

import io.partita.client.PartitionInfo;

import java.util.List;

/** A topic as the cluster describes it. */
public record TopicDescription(String name, List<PartitionInfo> partitions) {
}
