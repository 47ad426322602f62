package io.partita.client.admin;

import io.partita.client.consumer.internals.ConsumerProtocol;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.api.DescribeGroupsRequest;
import io.partita.protocol.wire.api.DescribeGroupsResponse;
import io.partita.protocol.wire.api.FindCoordinatorRequest;
import io.partita.protocol.wire.api.FindCoordinatorResponse;
import io.partita.protocol.wire.api.ListGroupsRequest;
import io.partita.protocol.wire.api.ListGroupsResponse;
import io.partita.protocol.wire.api.ListOffsetsRequest;
import io.partita.protocol.wire.api.ListOffsetsResponse;
import io.partita.protocol.wire.api.OffsetFetchRequest;
import io.partita.protocol.wire.api.OffsetFetchResponse;
import io.partita.client.ClusterMetadata;
import io.partita.client.HostPort;
import io.partita.client.PartitaClientException;
import io.partita.client.Settings;
import io.partita.client.network.NetworkClient;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.CreateSubscriptionRequest;
import io.partita.protocol.wire.api.CreateSubscriptionResponse;
import io.partita.protocol.wire.api.CreateTopicsRequest;
import io.partita.protocol.wire.api.DeleteSubscriptionRequest;
import io.partita.protocol.wire.api.DeleteSubscriptionResponse;
import io.partita.protocol.wire.api.ListSubscriptionsRequest;
import io.partita.protocol.wire.api.ListSubscriptionsResponse;
import io.partita.protocol.wire.api.ShareBrowseRequest;
import io.partita.protocol.wire.api.ClientIdClaimRequest;
import io.partita.protocol.wire.api.ClientIdClaimResponse;
import io.partita.protocol.wire.api.ShareBrowseResponse;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.api.CreateTopicsResponse;
import io.partita.protocol.wire.api.DeleteTopicsRequest;
import io.partita.protocol.wire.api.DeleteTopicsResponse;
import io.partita.protocol.wire.api.TopicResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Topic administration (create, delete, list and describe), topic subscriptions (create,
 * delete, list, browse share groups) and consumer groups (list, describe, lag). Every call
 * returns a future that fails with {@link PartitaClientException} naming the topic, subscription
 * or group and the broker's error.
 *
 * <p>Settings: {@code bootstrap.servers} (required), {@code client.id}, {@code request.timeout.ms}
 * (30000), {@code security.user} and {@code security.password} (not set: anonymous). Thread-safe.
 */
public final class PartitaAdmin implements AutoCloseable {
    private final NetworkClient network;
    private final ClusterMetadata metadata;
    private final int requestTimeoutMs;

    public PartitaAdmin(Properties properties) {
        Settings s = new Settings("admin", properties, Set.of());
        List<HostPort> bootstrap = s.bootstrapServers();
        this.requestTimeoutMs = s.intValue(Settings.REQUEST_TIMEOUT_MS, 30_000, 1);
        this.network = new NetworkClient(s.string(Settings.CLIENT_ID, "partita-admin"), requestTimeoutMs, 100 << 20,
                s.credentials());
        this.metadata = new ClusterMetadata(network, bootstrap);
    }

    /** Creates the topics; completes when the broker has created all of them. */
    public CompletableFuture<Void> createTopics(Collection<NewTopic> topics) {
        List<CreateTopicsRequest.Topic> request = new ArrayList<>();
        for (NewTopic t : topics) {
            request.add(new CreateTopicsRequest.Topic(t.name(), t.numPartitions(), t.replicationFactor(), t.configs()));
        }
        HostPort broker = metadata.anyBroker();
        return network.send(broker.host(), broker.port(), ApiKey.CREATE_TOPICS,
                        new CreateTopicsRequest(request, requestTimeoutMs, false), true)
                .thenAccept(r -> check("create", ((CreateTopicsResponse) r).topics()));
    }

    /** Deletes the topics and their data. */
    public CompletableFuture<Void> deleteTopics(Collection<String> names) {
        HostPort broker = metadata.anyBroker();
        return network.send(broker.host(), broker.port(), ApiKey.DELETE_TOPICS,
                        new DeleteTopicsRequest(List.copyOf(names), requestTimeoutMs), true)
                .thenAccept(r -> check("delete", ((DeleteTopicsResponse) r).topics()));
    }

    /** Names of every topic, sorted. */
    public CompletableFuture<Set<String>> listTopics() {
        return metadata.refresh(null, false).thenApply(s -> new TreeSet<>(s.topics().keySet()));
    }

    /** Partitions, leaders and replicas of each topic; fails for a topic that does not exist. */
    public CompletableFuture<Map<String, TopicDescription>> describeTopics(Collection<String> names) {
        return metadata.refresh(names, false).thenApply(s -> {
            Map<String, TopicDescription> out = new TreeMap<>();
            for (String name : names) {
                ClusterMetadata.TopicState t = s.topics().get(name);
                if (t == null || t.error() != Errors.NONE) {
                    throw new PartitaClientException(t == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : t.error(),
                            "topic '" + name + "'");
                }
                out.put(name, new TopicDescription(name, t.partitions()));
            }
            return out;
        });
    }

    /**
     * Creates a topic subscription at the topic's log end, or reuses one of the same definition,
     * or replaces one whose topic or selector differs (when it has no members).
     *
     * @return completes with true when the subscription is new (or replaced), false when reused;
     *         fails with {@link PartitaClientException} (SUBSCRIPTION_IN_USE, INVALID_SELECTOR, ...)
     */
    public CompletableFuture<Boolean> createSubscription(String name, String topic, String selector, boolean durable,
            boolean shared) {
        HostPort broker = metadata.anyBroker();
        return network.send(broker.host(), broker.port(), ApiKey.CREATE_SUBSCRIPTION,
                new CreateSubscriptionRequest(name, topic, selector, durable, shared), true).thenApply(r -> {
                    CreateSubscriptionResponse c = (CreateSubscriptionResponse) r;
                    if (c.error() != Errors.NONE) {
                        throw new PartitaClientException(c.error(), "subscription '" + name + "'"
                                + (c.errorMessage() == null ? "" : ": " + c.errorMessage()));
                    }
                    return c.created();
                });
    }

    /**
     * Deletes a subscription and its state (JMS {@code unsubscribe}).
     *
     * @return fails with SUBSCRIPTION_NOT_FOUND or SUBSCRIPTION_IN_USE (it has consumers)
     */
    public CompletableFuture<Void> deleteSubscription(String name) {
        HostPort broker = metadata.anyBroker();
        return network.send(broker.host(), broker.port(), ApiKey.DELETE_SUBSCRIPTION,
                new DeleteSubscriptionRequest(name), true).thenAccept(r -> {
                    DeleteSubscriptionResponse d = (DeleteSubscriptionResponse) r;
                    if (d.error() != Errors.NONE) {
                        throw new PartitaClientException(d.error(), "subscription '" + name + "'"
                                + (d.errorMessage() == null ? "" : ": " + d.errorMessage()));
                    }
                });
    }

    /**
     * Claims JMS client id {@code clientId} for {@code owner} on this admin's connection to the
     * broker that keeps client ids (the one with the lowest id in the cluster metadata). The
     * broker keeps the claim while that connection is open; the same owner may claim again at
     * any time (after a reconnection, the claim moves to the new connection).
     *
     * @param owner an id unique to the claiming JMS connection, the same for its whole life
     * @return fails with {@link PartitaClientException} CLIENT_ID_IN_USE when another owner holds the id
     */
    public CompletableFuture<Void> claimClientId(String clientId, String owner) {
        return clientIdRequest(new ClientIdClaimRequest(clientId, owner, false));
    }

    /** Gives up {@code owner}'s claim on {@code clientId}; does nothing if it holds none. */
    public CompletableFuture<Void> releaseClientId(String clientId, String owner) {
        return clientIdRequest(new ClientIdClaimRequest(clientId, owner, true));
    }

    private CompletableFuture<Void> clientIdRequest(ClientIdClaimRequest request) {
        CompletableFuture<ClusterMetadata.Snapshot> known = metadata.snapshot().brokers().isEmpty()
                ? metadata.refresh(List.of(), false) : CompletableFuture.completedFuture(metadata.snapshot());
        return known.thenCompose(s -> {
            HostPort keeper = s.brokers().isEmpty() ? metadata.anyBroker()
                    : s.brokers().get(java.util.Collections.min(s.brokers().keySet()));
            return network.send(keeper.host(), keeper.port(), ApiKey.CLIENT_ID_CLAIM, request, true);
        }).thenAccept(r -> {
            ClientIdClaimResponse c = (ClientIdClaimResponse) r;
            if (c.error() != Errors.NONE) {
                throw new PartitaClientException(c.error(), "client id '" + request.clientId() + "'"
                        + (c.errorMessage() == null ? "" : ": " + c.errorMessage()));
            }
        });
    }

    /** Every subscription, sorted by name. */
    public CompletableFuture<List<SubscriptionDescription>> listSubscriptions() {
        HostPort broker = metadata.anyBroker();
        return network.send(broker.host(), broker.port(), ApiKey.LIST_SUBSCRIPTIONS, new ListSubscriptionsRequest(), true)
                .thenApply(r -> {
                    ListSubscriptionsResponse l = (ListSubscriptionsResponse) r;
                    if (l.error() != Errors.NONE) {
                        throw new PartitaClientException(l.error(), "listing subscriptions");
                    }
                    List<SubscriptionDescription> out = new ArrayList<>();
                    for (ListSubscriptionsResponse.SubscriptionListing s : l.subscriptions()) {
                        out.add(new SubscriptionDescription(s.name(), s.topic(), s.selector(), s.durable(), s.shared(),
                                s.members()));
                    }
                    return out;
                });
    }

    /**
     * Asks the leader of {@code tp} which records of share group {@code group} are finished in
     * {@code [fromOffset, toOffset)}; changes nothing in the group. Fails with
     * {@code UNKNOWN_TOPIC_OR_PARTITION} for a partition that does not exist.
     */
    public CompletableFuture<ShareBrowseState> browseShareGroup(String group, TopicPartition tp, long fromOffset,
            long toOffset) {
        return metadata.refresh(List.of(tp.topic()), false).thenCompose(snapshot -> {
            HostPort leader = metadata.leader(tp);
            if (leader == null) {
                throw new PartitaClientException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "browsing " + tp + " of share group '"
                        + group + "': no leader known");
            }
            return network.send(leader.host(), leader.port(), ApiKey.SHARE_BROWSE, new ShareBrowseRequest(group,
                    tp.topic(), List.of(new ShareBrowseRequest.BrowseRange(tp.partition(), fromOffset, toOffset))),
                    true);
        }).thenApply(r -> {
            ShareBrowseResponse b = (ShareBrowseResponse) r;
            if (b.partitions().size() != 1) {
                throw new PartitaClientException(Errors.UNKNOWN_SERVER_ERROR, "browsing " + tp + ": the broker answered "
                        + b.partitions().size() + " partitions for 1");
            }
            ShareBrowseResponse.BrowsePartition p = b.partitions().get(0);
            if (p.error() != Errors.NONE) {
                throw new PartitaClientException(p.error(), "browsing " + tp + " of share group '" + group + "'");
            }
            return ShareBrowseState.of(p.shareStartOffset(), p.finishedOffsets());
        });
    }

    /** Every group of every broker, sorted by group id. */
    public CompletableFuture<List<GroupListing>> listGroups() {
        return metadata.refresh(List.of(), false).thenCompose(snapshot -> {
            List<HostPort> brokers = snapshot.brokers().isEmpty() ? List.of(metadata.anyBroker())
                    : new ArrayList<>(snapshot.brokers().values());
            List<CompletableFuture<ListGroupsResponse>> answers = new ArrayList<>();
            for (HostPort b : brokers) {
                answers.add(network.send(b.host(), b.port(), ApiKey.LIST_GROUPS, new ListGroupsRequest(), true)
                        .thenApply(r -> (ListGroupsResponse) r));
            }
            return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
                Map<String, GroupListing> out = new TreeMap<>();
                for (CompletableFuture<ListGroupsResponse> f : answers) {
                    ListGroupsResponse r = f.join();
                    if (r.error() != Errors.NONE) {
                        throw new PartitaClientException(r.error(), "listing groups");
                    }
                    r.groups().forEach(g -> out.put(g.groupId(), new GroupListing(g.groupId(), g.protocolType(),
                            g.state())));
                }
                return List.copyOf(out.values());
            });
        });
    }

    /** The group's state, protocol, members with their assignments, and committed offsets. */
    public CompletableFuture<GroupDescription> describeGroup(String groupId) {
        return findCoordinator(groupId).thenCompose(c -> {
            CompletableFuture<DescribeGroupsResponse> described = network.send(c.address().host(), c.address().port(),
                    ApiKey.DESCRIBE_GROUPS, new DescribeGroupsRequest(List.of(groupId)), true)
                    .thenApply(r -> (DescribeGroupsResponse) r);
            CompletableFuture<OffsetFetchResponse> offsets = network.send(c.address().host(), c.address().port(),
                    ApiKey.OFFSET_FETCH, new OffsetFetchRequest(groupId, null), true)
                    .thenApply(r -> (OffsetFetchResponse) r);
            return described.thenCombine(offsets, (d, o) -> {
                DescribeGroupsResponse.Group g = d.groups().get(0);
                if (g.error() != Errors.NONE) {
                    throw new PartitaClientException(g.error(), "group '" + groupId + "'");
                }
                if (o.error() != Errors.NONE) {
                    throw new PartitaClientException(o.error(), "committed offsets of group '" + groupId + "'");
                }
                List<MemberDescription> members = new ArrayList<>();
                for (DescribeGroupsResponse.Member m : g.members()) {
                    List<TopicPartition> assignment = g.protocolType().equals(ConsumerProtocol.PROTOCOL_TYPE)
                            ? ConsumerProtocol.decodeAssignment(m.assignment()) : List.of();
                    members.add(new MemberDescription(m.memberId(), m.clientId(), m.clientHost(), assignment));
                }
                Map<TopicPartition, Long> committed = new TreeMap<>(TP_ORDER);
                for (OffsetFetchResponse.Topic t : o.topics()) {
                    for (OffsetFetchResponse.Partition p : t.partitions()) {
                        if (p.error() == Errors.NONE && p.offset() >= 0) {
                            committed.put(new TopicPartition(t.name(), p.partition()), p.offset());
                        }
                    }
                }
                return new GroupDescription(groupId, g.state(), g.protocolType(), g.protocol(), c.nodeId(),
                        List.copyOf(members), committed);
            });
        });
    }

    /**
     * The lag of the group on every partition it has committed offsets for or that is assigned
     * to one of its members: log end (from ListOffsets) minus committed offset.
     */
    public CompletableFuture<Map<TopicPartition, PartitionLag>> groupLag(String groupId) {
        return describeGroup(groupId).thenCompose(d -> {
            java.util.Set<TopicPartition> partitions = new java.util.TreeSet<>(TP_ORDER);
            partitions.addAll(d.committed().keySet());
            d.members().forEach(m -> partitions.addAll(m.assignment()));
            return logEnds(partitions).thenApply(ends -> {
                Map<TopicPartition, PartitionLag> out = new TreeMap<>(TP_ORDER);
                for (TopicPartition tp : partitions) {
                    Long committed = d.committed().get(tp);
                    long end = ends.getOrDefault(tp, -1L);
                    out.put(tp, new PartitionLag(committed == null ? -1 : committed, end,
                            committed == null || end < 0 ? -1 : Math.max(0, end - committed)));
                }
                return out;
            });
        });
    }

    private static final java.util.Comparator<TopicPartition> TP_ORDER = java.util.Comparator
            .comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private record Coordinator(int nodeId, HostPort address) {
    }

    private CompletableFuture<Coordinator> findCoordinator(String groupId) {
        HostPort broker = metadata.anyBroker();
        return network.send(broker.host(), broker.port(), ApiKey.FIND_COORDINATOR,
                new FindCoordinatorRequest(groupId, FindCoordinatorRequest.GROUP), true).thenApply(r -> {
                    FindCoordinatorResponse f = (FindCoordinatorResponse) r;
                    if (f.error() != Errors.NONE) {
                        throw new PartitaClientException(f.error(), "coordinator of group '" + groupId + "'"
                                + (f.errorMessage() == null ? "" : ": " + f.errorMessage()));
                    }
                    return new Coordinator(f.nodeId(), new HostPort(f.host(), f.port()));
                });
    }

    /** The high watermark of each partition, asked of each leader; partitions without a known leader are left out. */
    private CompletableFuture<Map<TopicPartition, Long>> logEnds(java.util.Set<TopicPartition> partitions) {
        java.util.Set<String> topics = new java.util.TreeSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        if (topics.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return metadata.refresh(topics, false).thenCompose(s -> {
            Map<HostPort, Map<String, List<ListOffsetsRequest.ListOffsetsPartition>>> byLeader = new java.util.HashMap<>();
            for (TopicPartition tp : partitions) {
                HostPort leader = metadata.leader(tp);
                if (leader != null) {
                    byLeader.computeIfAbsent(leader, k -> new TreeMap<>()).computeIfAbsent(tp.topic(),
                            k -> new ArrayList<>()).add(new ListOffsetsRequest.ListOffsetsPartition(tp.partition(), -1,
                            ListOffsetsRequest.LATEST_TIMESTAMP));
                }
            }
            List<CompletableFuture<ListOffsetsResponse>> answers = new ArrayList<>();
            byLeader.forEach((leader, byTopic) -> {
                List<ListOffsetsRequest.ListOffsetsTopic> req = new ArrayList<>();
                byTopic.forEach((t, ps) -> req.add(new ListOffsetsRequest.ListOffsetsTopic(t, ps)));
                answers.add(network.send(leader.host(), leader.port(), ApiKey.LIST_OFFSETS,
                        new ListOffsetsRequest(-1, (byte) 0, req), true).thenApply(r -> (ListOffsetsResponse) r));
            });
            return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
                Map<TopicPartition, Long> out = new java.util.HashMap<>();
                for (CompletableFuture<ListOffsetsResponse> f : answers) {
                    for (ListOffsetsResponse.ListOffsetsTopicResponse t : f.join().topics()) {
                        for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                            if (p.error() == Errors.NONE) {
                                out.put(new TopicPartition(t.name(), p.partition()), p.offset());
                            }
                        }
                    }
                }
                return out;
            });
        });
    }

    private static void check(String action, List<TopicResult> results) {
        List<String> failures = new ArrayList<>();
        Errors first = null;
        for (TopicResult r : results) {
            if (r.error() != Errors.NONE) {
                first = first == null ? r.error() : first;
                failures.add("'" + r.name() + "': " + r.error().name()
                        + (r.errorMessage() == null ? "" : " (" + r.errorMessage() + ")"));
            }
        }
        if (!failures.isEmpty()) {
            throw new PartitaClientException("cannot " + action + " " + String.join(", ", failures), first,
                    first.retriable(), null);
        }
    }

    @Override
    public void close() {
        network.close();
    }
}
