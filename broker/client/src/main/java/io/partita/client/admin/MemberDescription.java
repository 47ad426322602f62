package io.partita.client.admin;

import io.partita.protocol.TopicPartition;

import java.util.List;

/**
 * One member of a consumer group.
 *
 * @param memberId the id the coordinator gave it
 * @param clientId its {@code client.id}
 * @param host the address it connected from
 * @param assignment its partitions in the current generation (empty while rebalancing)
 */
public record MemberDescription(String memberId, String clientId, String host, List<TopicPartition> assignment) {
}
