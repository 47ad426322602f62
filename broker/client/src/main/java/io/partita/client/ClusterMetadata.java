package io.partita.client;

import io.partita.client.network.NetworkClient;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.MetadataRequest;
import io.partita.protocol.wire.api.MetadataResponse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client's view of the cluster: brokers and, per topic, its partitions and their leaders.
 * Refreshed on demand from any broker (bootstrap servers first, then known brokers) and after
 * errors that mean the view is stale.
 *
 * <p>Thread-safe: the view is an immutable snapshot replaced as a whole.
 */
public final class ClusterMetadata {
    private final NetworkClient network;
    private final List<HostPort> bootstrap;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

    /** Brokers by id and partitions by topic, as of one Metadata response. */
    public record Snapshot(Map<Integer, HostPort> brokers, Map<String, TopicState> topics) {
    }

    /** A topic's error (NONE when it exists) and partitions in partition order. */
    public record TopicState(Errors error, List<PartitionInfo> partitions) {
    }

    public ClusterMetadata(NetworkClient network, List<HostPort> bootstrap) {
        this.network = network;
        this.bootstrap = List.copyOf(bootstrap);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The leader of {@code tp} as currently known, or null. */
    public HostPort leader(TopicPartition tp) {
        Snapshot s = snapshot;
        TopicState t = s.topics().get(tp.topic());
        if (t == null || tp.partition() >= t.partitions().size()) {
            return null;
        }
        int leader = t.partitions().get(tp.partition()).leader();
        return leader < 0 ? null : s.brokers().get(leader);
    }

    /** Any broker to ask: a known one, else a bootstrap server. */
    public HostPort anyBroker() {
        List<HostPort> known = new ArrayList<>(snapshot.brokers().values());
        List<HostPort> from = known.isEmpty() ? bootstrap : known;
        return from.get(ThreadLocalRandom.current().nextInt(from.size()));
    }

    /**
     * Asks a broker for the given topics (null for all) and replaces the view with the answer
     * merged over what was known of other topics.
     */
    public CompletableFuture<Snapshot> refresh(Collection<String> topics, boolean allowAutoCreate) {
        HostPort broker = anyBroker();
        MetadataRequest request = new MetadataRequest(topics == null ? null : List.copyOf(topics), allowAutoCreate);
        return network.send(broker.host(), broker.port(), ApiKey.METADATA, request, true)
                .thenApply(r -> update((MetadataResponse) r, topics == null))
                .exceptionallyCompose(e -> {
                    // The broker we asked may be gone: try a bootstrap server once.
                    HostPort fallback = bootstrap.get(ThreadLocalRandom.current().nextInt(bootstrap.size()));
                    return network.send(fallback.host(), fallback.port(), ApiKey.METADATA, request, true)
                            .thenApply(r -> update((MetadataResponse) r, topics == null));
                });
    }

    private synchronized Snapshot update(MetadataResponse response, boolean all) {
        Map<Integer, HostPort> brokers = new HashMap<>();
        for (MetadataResponse.Broker b : response.brokers()) {
            brokers.put(b.nodeId(), new HostPort(b.host(), b.port()));
        }
        Map<String, TopicState> topics = all ? new HashMap<>() : new HashMap<>(snapshot.topics());
        for (MetadataResponse.Topic t : response.topics()) {
            List<PartitionInfo> parts = new ArrayList<>();
            t.partitions().stream().sorted(java.util.Comparator.comparingInt(MetadataResponse.Partition::partition))
                    .forEach(p -> parts.add(new PartitionInfo(t.name(), p.partition(), p.leader(), p.leaderEpoch(),
                            p.replicas(), p.isr())));
            topics.put(t.name(), new TopicState(t.error(), List.copyOf(parts)));
        }
        Snapshot s = new Snapshot(Map.copyOf(brokers), Map.copyOf(topics));
        snapshot = s;
        return s;
    }

    /**
     * The partitions of {@code topic}, refreshing until every partition has a leader or
     * {@code timeoutMs} passes.
     *
     * @throws PartitaClientException when the broker reports a non-retriable topic error, or the
     *         time runs out (naming the last error)
     */
    public List<PartitionInfo> awaitPartitions(String topic, boolean allowAutoCreate, long timeoutMs, long backoffMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        String last = "no answer";
        while (true) {
            TopicState t = snapshot.topics().get(topic);
            if (t != null && t.error() == Errors.NONE && !t.partitions().isEmpty()
                    && t.partitions().stream().allMatch(p -> p.leader() >= 0)) {
                return t.partitions();
            }
            if (t != null && t.error() != Errors.NONE) {
                last = t.error().name();
                if (!t.error().retriable()) {
                    throw new PartitaClientException(t.error(), "topic '" + topic + "'");
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new PartitaClientException("topic '" + topic + "' not available after " + timeoutMs
                        + " ms (last: " + last + ")", t == null ? null : t.error(), true, null);
            }
            try {
                refresh(List.of(topic), allowAutoCreate).get(Math.max(1, left / 1_000_000L),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
                t = snapshot.topics().get(topic);
                if (t != null && t.error() == Errors.NONE && !t.partitions().isEmpty()
                        && t.partitions().stream().allMatch(p -> p.leader() >= 0)) {
                    return t.partitions();
                }
            } catch (java.util.concurrent.ExecutionException | CompletionException e) {
                AuthenticationException refused = AuthenticationException.find(e);
                if (refused != null) {
                    throw refused;
                }
                last = e.getCause() == null ? e.toString() : e.getCause().getMessage();
            } catch (java.util.concurrent.TimeoutException e) {
                last = "metadata request timed out";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PartitaClientException("interrupted waiting for topic '" + topic + "'", null, false, e);
            }
            pause(backoffMs, deadline);
        }
    }

    private static void pause(long backoffMs, long deadlineNanos) {
        long ms = Math.min(backoffMs, Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L));
        if (ms > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(ms * 1_000_000L);
        }
    }
}
