package io.partita.client.admin;

/**
 * A group as listed by {@link PartitaAdmin#listGroups()}.
 *
 * @param groupId the group
 * @param protocolType "consumer" for subscribing consumers, "" for a group that only commits offsets
 * @param state Empty, PreparingRebalance, CompletingRebalance or Stable
 */
public record GroupListing(String groupId, String protocolType, String state) {
}
