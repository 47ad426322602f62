package io.partita.client.admin;

import io.partita.protocol.TopicPartition;

import java.util.List;
import java.util.Map;

/**
 * A consumer group as its coordinator describes it, with its committed offsets.
 *
 * @param groupId the group
 * @param state Empty, PreparingRebalance, CompletingRebalance or Stable
 * @param protocolType "consumer", or "" for a group that only commits offsets
 * @param protocol the assignor of the current generation, or ""
 * @param coordinatorId the broker coordinating the group
 * @param members the members, in join order
 * @param committed the committed offset of every partition that has one
 */
public record GroupDescription(String groupId, String state, String protocolType, String protocol, int coordinatorId,
        List<MemberDescription> members, Map<TopicPartition, Long> committed) {
}
