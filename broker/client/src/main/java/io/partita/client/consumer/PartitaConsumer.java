package io.partita.client.consumer;

import io.partita.client.ClusterMetadata;
import io.partita.client.AuthenticationException;
import io.partita.client.HostPort;
import io.partita.client.PartitaClientException;
import io.partita.client.PartitionInfo;
import io.partita.client.consumer.internals.ConsumerCoordinator;
import io.partita.client.network.NetworkClient;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.EndTransactionMarker;
import io.partita.protocol.record.Header;
import io.partita.protocol.record.Record;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatches;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.FetchRequest;
import io.partita.protocol.wire.api.FetchResponse;
import io.partita.protocol.wire.api.ListOffsetsRequest;
import io.partita.protocol.wire.api.ListOffsetsResponse;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads records from partitions the application assigns ({@link #assign}) or that its consumer
 * group gives it ({@link #subscribe}). Positions start where {@link #seek} (offset, beginning,
 * end, or {@link #offsetsForTimes time}) puts them, else at the group's committed offset, else at
 * {@code auto.offset.reset}.
 *
 * <p><b>Groups.</b> With {@code group.id} set, {@link #subscribe} joins the group at the next
 * poll; the group's leader member computes the assignment with the first assignor of
 * {@code partition.assignment.strategy} every member offers. Rebalances are eager and run inside
 * {@link #poll}: the {@link ConsumerRebalanceListener} hears {@code onPartitionsRevoked} before the
 * partitions are given up (after the auto-commit, when enabled) and {@code onPartitionsAssigned}
 * after the new ones are positioned. A background thread heartbeats every
 * {@code heartbeat.interval.ms}; a consumer that does not poll for {@code max.poll.interval.ms}
 * leaves the group and rejoins at its next poll. With {@code enable.auto.commit} the positions
 * are committed every {@code auto.commit.interval.ms} in poll, before a rebalance and on close.
 * {@link #close} commits (auto-commit), revokes and leaves the group so the others take over at
 * once. {@link #assign} and {@link #subscribe} exclude each other until {@link #unsubscribe}.
 *
 * <p>{@link #poll} long-polls the partitions' leaders (one fetch outstanding per broker, so
 * buffered data is bounded by brokers × {@code fetch.max.bytes}), checks each batch's CRC, and
 * returns up to {@code max.poll.records} records in offset order per partition.
 *
 * <p>Not thread-safe: use a consumer from one thread at a time, as with Kafka's.
 */
public final class PartitaConsumer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PartitaConsumer.class);
    private final ConsumerConfig config;
    private final NetworkClient network;
    private final ClusterMetadata metadata;
    private final Map<TopicPartition, Long> positions = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> pendingResets = new HashMap<>();
    private final Set<HostPort> fetchesInFlight = new java.util.HashSet<>();
    private final ConcurrentLinkedQueue<Runnable> completed = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Buffered> buffered = new ArrayDeque<>();
    private final Object signal = new Object();
    private boolean closed;
    private ConsumerCoordinator coordinator;
    private Set<String> subscription;
    private ConsumerRebalanceListener listener = ConsumerRebalanceListener.NO_OP;
    private boolean manuallyAssigned;
    private long nextAutoCommitNanos;

    /** Decoded records of one partition from one fetch, not yet returned. */
    private static final class Buffered {
        final TopicPartition tp;
        final long fetchOffset;
        final Iterator<ConsumerRecord> records;
        final long nextPosition;

        Buffered(TopicPartition tp, long fetchOffset, Iterator<ConsumerRecord> records, long nextPosition) {
            this.tp = tp;
            this.fetchOffset = fetchOffset;
            this.records = records;
            this.nextPosition = nextPosition;
        }
    }

    public PartitaConsumer(Properties properties) {
        this(ConsumerConfig.from(properties));
    }

    public PartitaConsumer(ConsumerConfig config) {
        this.config = config;
        this.network = new NetworkClient(config.clientId(), config.requestTimeoutMs(),
                Math.max(config.fetchMaxBytes(), config.maxPartitionFetchBytes()) + (1 << 20), config.credentials());
        this.metadata = new ClusterMetadata(network, config.bootstrapServers());
    }

    /**
     * Replaces the assignment; positions of partitions that stay assigned are kept.
     *
     * @throws IllegalStateException when the consumer subscribed to topics
     */
    public void assign(Collection<TopicPartition> partitions) {
        ensureOpen();
        if (subscription != null) {
            throw new IllegalStateException("assign() is not allowed while subscribed to " + subscription
                    + "; call unsubscribe() first (assign and subscribe are mutually exclusive)");
        }
        manuallyAssigned = !partitions.isEmpty();
        Set<TopicPartition> keep = new LinkedHashSet<>(partitions);
        positions.keySet().retainAll(keep);
        pendingResets.keySet().retainAll(keep);
        buffered.removeIf(b -> !keep.contains(b.tp));
        for (TopicPartition tp : keep) {
            positions.putIfAbsent(tp, null);
        }
    }

    /** Subscribes to {@code topics} with consumer group {@code group.id}; see the class comment. */
    public void subscribe(Collection<String> topics) {
        subscribe(topics, ConsumerRebalanceListener.NO_OP);
    }

    /**
     * Subscribes to {@code topics} with consumer group {@code group.id}; the group assigns the
     * partitions at the next poll, and {@code listener} hears of every change.
     *
     * @throws IllegalStateException when partitions were assigned with {@link #assign}, or no {@code group.id} is set
     */
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        ensureOpen();
        if (manuallyAssigned) {
            throw new IllegalStateException("subscribe() is not allowed after assign(" + positions.keySet()
                    + "); call unsubscribe() first (assign and subscribe are mutually exclusive)");
        }
        if (config.groupId() == null) {
            throw new IllegalStateException("subscribe() needs consumer setting 'group.id'");
        }
        for (String t : topics) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("topic names must not be empty: " + topics);
            }
        }
        if (topics.isEmpty()) {
            unsubscribe();
            return;
        }
        if (coordinator == null) {
            coordinator = new ConsumerCoordinator(config, network, metadata, this::wake);
        }
        Set<String> next = new java.util.TreeSet<>(topics);
        if (!next.equals(subscription)) {
            coordinator.requestRejoin();
        }
        subscription = next;
        this.listener = listener == null ? ConsumerRebalanceListener.NO_OP : listener;
    }

    /** The subscribed topics, empty when not subscribed. */
    public Set<String> subscription() {
        return subscription == null ? Set.of() : java.util.Collections.unmodifiableSet(subscription);
    }

    /** Drops the subscription (revoking and leaving the group) or the manual assignment. */
    public void unsubscribe() {
        ensureOpen();
        if (subscription != null) {
            try {
                revokeAll();
            } finally {
                coordinator.leaveGroup();
                coordinator.resetGroupManagement();
                subscription = null;
            }
        }
        manuallyAssigned = false;
        clearAssignment();
    }

    private void clearAssignment() {
        positions.clear();
        pendingResets.clear();
        buffered.clear();
    }

    public Set<TopicPartition> assignment() {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(positions.keySet()));
    }

    /** The partitions of a topic, refreshing metadata if it is not known yet. */
    public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
        return metadata.awaitPartitions(topic, false, timeout.toMillis(), config.retryBackoffMs());
    }

    public void seek(TopicPartition tp, long offset) {
        checkAssigned(tp);
        if (offset < 0) {
            throw new IllegalArgumentException("offset " + offset + " for " + tp + " is negative");
        }
        positions.put(tp, offset);
        pendingResets.remove(tp);
        buffered.removeIf(b -> b.tp.equals(tp));
    }

    public void seekToBeginning(Collection<TopicPartition> partitions) {
        resetLater(partitions, ListOffsetsRequest.EARLIEST_TIMESTAMP);
    }

    public void seekToEnd(Collection<TopicPartition> partitions) {
        resetLater(partitions, ListOffsetsRequest.LATEST_TIMESTAMP);
    }

    private void resetLater(Collection<TopicPartition> partitions, long timestamp) {
        for (TopicPartition tp : partitions) {
            checkAssigned(tp);
            positions.put(tp, null);
            pendingResets.put(tp, timestamp);
            buffered.removeIf(b -> b.tp.equals(tp));
        }
    }

    /** The offset of the next record poll will return for {@code tp}, resolving it if needed. */
    public long position(TopicPartition tp, Duration timeout) {
        checkAssigned(tp);
        resolvePositions(timeout.toMillis());
        Long p = positions.get(tp);
        if (p == null) {
            throw new PartitaClientException("position of " + tp + " not resolved within " + timeout, null, true, null);
        }
        return p;
    }

    /**
     * For each partition, the first offset whose record timestamp is at or after the given time,
     * or null when there is none.
     */
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> times, Duration timeout) {
        Map<TopicPartition, ListOffsetsResponse.ListOffsetsPartitionResponse> answers = listOffsets(times, timeout.toMillis());
        Map<TopicPartition, OffsetAndTimestamp> out = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Long> e : times.entrySet()) {
            ListOffsetsResponse.ListOffsetsPartitionResponse r = answers.get(e.getKey());
            out.put(e.getKey(), r == null || r.offset() < 0 ? null : new OffsetAndTimestamp(r.offset(), r.timestamp()));
        }
        return out;
    }

    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return offsetsAt(partitions, ListOffsetsRequest.EARLIEST_TIMESTAMP, timeout);
    }

    /** The log end (high watermark) of each partition: the offset the next record will get. */
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return offsetsAt(partitions, ListOffsetsRequest.LATEST_TIMESTAMP, timeout);
    }

    private Map<TopicPartition, Long> offsetsAt(Collection<TopicPartition> partitions, long timestamp, Duration timeout) {
        Map<TopicPartition, Long> query = new LinkedHashMap<>();
        partitions.forEach(tp -> query.put(tp, timestamp));
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        listOffsets(query, timeout.toMillis()).forEach((tp, r) -> out.put(tp, r.offset()));
        return out;
    }

    /** Asks each partition's leader; retries retriable errors until the deadline. */
    private Map<TopicPartition, ListOffsetsResponse.ListOffsetsPartitionResponse> listOffsets(
            Map<TopicPartition, Long> query, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        Map<TopicPartition, ListOffsetsResponse.ListOffsetsPartitionResponse> out = new HashMap<>();
        Map<TopicPartition, Long> left = new LinkedHashMap<>(query);
        String lastError = "no answer";
        while (!left.isEmpty()) {
            Map<HostPort, Map<String, List<ListOffsetsRequest.ListOffsetsPartition>>> byLeader = new LinkedHashMap<>();
            for (Map.Entry<TopicPartition, Long> e : left.entrySet()) {
                HostPort leader = leaderOf(e.getKey(), deadline);
                byLeader.computeIfAbsent(leader, k -> new LinkedHashMap<>())
                        .computeIfAbsent(e.getKey().topic(), k -> new ArrayList<>())
                        .add(new ListOffsetsRequest.ListOffsetsPartition(e.getKey().partition(), -1, e.getValue()));
            }
            for (Map.Entry<HostPort, Map<String, List<ListOffsetsRequest.ListOffsetsPartition>>> e : byLeader.entrySet()) {
                List<ListOffsetsRequest.ListOffsetsTopic> topics = new ArrayList<>();
                e.getValue().forEach((t, ps) -> topics.add(new ListOffsetsRequest.ListOffsetsTopic(t, ps)));
                try {
                    ListOffsetsResponse r = (ListOffsetsResponse) network.send(e.getKey().host(), e.getKey().port(),
                            ApiKey.LIST_OFFSETS, new ListOffsetsRequest(-1, config.isolationLevel(), topics), true)
                            .get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                    for (ListOffsetsResponse.ListOffsetsTopicResponse t : r.topics()) {
                        for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                            TopicPartition tp = new TopicPartition(t.name(), p.partition());
                            if (p.error() == Errors.NONE) {
                                out.put(tp, p);
                                left.remove(tp);
                            } else if (!p.error().retriable() && p.error() != Errors.NOT_LEADER_OR_FOLLOWER) {
                                throw new PartitaClientException(p.error(), "listing offsets of " + tp);
                            } else {
                                lastError = tp + ": " + p.error();
                            }
                        }
                    }
                } catch (ExecutionException | TimeoutException ex) {
                    AuthenticationException refused = AuthenticationException.find(ex);
                    if (refused != null) {
                        throw refused;
                    }
                    lastError = ex.toString();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new PartitaClientException("interrupted", null, false, ex);
                }
            }
            if (!left.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new PartitaClientException("offsets of " + left.keySet() + " not listed in time (last: "
                            + lastError + ")", null, true, null);
                }
                metadata.refresh(topicsOf(left.keySet()), false);
                pause(config.retryBackoffMs());
            }
        }
        return out;
    }

    private HostPort leaderOf(TopicPartition tp, long deadline) {
        HostPort leader = metadata.leader(tp);
        if (leader == null) {
            List<PartitionInfo> parts = metadata.awaitPartitions(tp.topic(), false, remainingMs(deadline),
                    config.retryBackoffMs());
            if (tp.partition() >= parts.size()) {
                throw new PartitaClientException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "partition " + tp
                        + " does not exist; the topic has " + parts.size());
            }
            leader = metadata.leader(tp);
        }
        if (leader == null) {
            throw new PartitaClientException("no leader for " + tp, null, true, null);
        }
        return leader;
    }

    /**
     * Returns records from the assigned partitions: at once when some are buffered, else after
     * the first fetch that brings any, or empty after {@code timeout}. A subscribed consumer
     * first runs any rebalance the group needs, the listener's callbacks and completed
     * {@link #commitAsync} callbacks included; a rebalance may keep poll longer than
     * {@code timeout} (at most {@code max.poll.interval.ms} plus two request timeouts).
     *
     * @throws IllegalStateException when nothing is assigned and nothing subscribed
     * @throws PartitaClientException when the group refuses the member for good (for example a
     *         session timeout outside the broker's bounds) or a rebalance does not finish in time
     */
    public List<ConsumerRecord> poll(Duration timeout) {
        ensureOpen();
        if (positions.isEmpty() && subscription == null) {
            throw new IllegalStateException("no partitions assigned; call assign or subscribe first");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (subscription != null) {
                coordinator.onPoll();
                if (coordinator.rejoinNeeded()) {
                    rebalance();
                }
                maybeAutoCommit();
            }
            resolvePositions(Math.max(config.requestTimeoutMs(), timeout.toMillis()));
            runCompleted();
            List<ConsumerRecord> out = drainBuffered();
            if (!out.isEmpty()) {
                sendFetches();
                return out;
            }
            sendFetches();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            synchronized (signal) {
                if (completed.isEmpty() && (subscription == null || !coordinator.rejoinNeeded())) {
                    try {
                        signal.wait(Math.max(1, left / 1_000_000L));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new PartitaClientException("interrupted in poll", null, false, e);
                    }
                }
            }
        }
    }

    /** Revokes the current partitions, joins the group and takes the new assignment from its committed offsets. */
    private void rebalance() {
        List<TopicPartition> owned = new ArrayList<>(positions.keySet());
        revokeAll();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos((long) config.maxPollIntervalMs()
                + 2L * config.requestTimeoutMs());
        List<TopicPartition> assigned = coordinator.joinGroup(subscription, owned, deadline);
        clearAssignment();
        for (TopicPartition tp : assigned) {
            positions.put(tp, null);
        }
        if (!assigned.isEmpty()) {
            coordinator.fetchCommitted(assigned, config.requestTimeoutMs()).forEach((tp, o) -> {
                if (positions.containsKey(tp)) {
                    positions.put(tp, o.offset());
                }
            });
        }
        nextAutoCommitNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.autoCommitIntervalMs());
        listener.onPartitionsAssigned(java.util.Collections.unmodifiableList(assigned));
    }

    /** Auto-commits (when enabled), tells the listener, and forgets the assignment. */
    private void revokeAll() {
        if (positions.isEmpty()) {
            return;
        }
        if (config.enableAutoCommit()) {
            try {
                coordinator.commitSync(consumedOffsets(), config.requestTimeoutMs());
            } catch (PartitaClientException e) {
                LOG.warn("auto-commit before giving up {} failed: {}", positions.keySet(), e.getMessage());
            }
        }
        List<TopicPartition> revoked = List.copyOf(positions.keySet());
        try {
            listener.onPartitionsRevoked(revoked);
        } finally {
            clearAssignment();
        }
    }

    private void maybeAutoCommit() {
        if (config.enableAutoCommit() && System.nanoTime() - nextAutoCommitNanos >= 0) {
            nextAutoCommitNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.autoCommitIntervalMs());
            Map<TopicPartition, OffsetAndMetadata> offsets = consumedOffsets();
            coordinator.commitAsync(offsets).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.debug("auto-commit of {} failed: {}", offsets, e.toString());
                }
            });
        }
    }

    /** The position of every assigned partition that has one: what poll has returned so far. */
    private Map<TopicPartition, OffsetAndMetadata> consumedOffsets() {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        positions.forEach((tp, p) -> {
            if (p != null) {
                out.put(tp, new OffsetAndMetadata(p));
            }
        });
        return out;
    }

    /**
     * Commits the positions of every assigned partition (the offsets after the records poll
     * returned) and waits until they are durable.
     *
     * @throws CommitFailedException when the group has moved on without this member
     */
    public void commitSync() {
        commitSync(consumedOffsets());
    }

    /**
     * Commits {@code offsets} (each the next offset to read) and waits until they are durable.
     *
     * @throws CommitFailedException when the group has moved on without this member
     */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        ensureOpen();
        groupCoordinator().commitSync(offsets, config.requestTimeoutMs());
    }

    /** Commits the positions without waiting; failures are only logged. */
    public void commitAsync() {
        commitAsync(consumedOffsets(), null);
    }

    /** Commits the positions without waiting; {@code callback} hears the outcome in a later poll. */
    public void commitAsync(OffsetCommitCallback callback) {
        commitAsync(consumedOffsets(), callback);
    }

    /** Commits {@code offsets} without waiting; {@code callback} (may be null) hears the outcome in a later poll. */
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        ensureOpen();
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        groupCoordinator().commitAsync(copy).whenComplete((v, e) -> {
            if (callback != null) {
                Exception error = e == null ? null : e instanceof java.util.concurrent.CompletionException
                        && e.getCause() instanceof Exception c ? c : e instanceof Exception x ? x
                        : new PartitaClientException(e.toString(), null, false, e);
                completed.add(() -> callback.onComplete(copy, error));
                wake();
            } else if (e != null) {
                LOG.warn("commit of {} failed: {}", copy, e.toString());
            }
        });
    }

    /** The group's committed offsets of {@code partitions}, waiting up to {@code request.timeout.ms}. */
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return committed(partitions, Duration.ofMillis(config.requestTimeoutMs()));
    }

    /** The group's committed offsets of {@code partitions}; partitions without one map to null. */
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        ensureOpen();
        Map<TopicPartition, OffsetAndMetadata> found = groupCoordinator().fetchCommitted(partitions, timeout.toMillis());
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            out.put(tp, found.get(tp));
        }
        return out;
    }

    private ConsumerCoordinator groupCoordinator() {
        if (coordinator == null) {
            if (config.groupId() == null) {
                throw new IllegalStateException("committing and reading committed offsets need consumer setting 'group.id'");
            }
            coordinator = new ConsumerCoordinator(config, network, metadata, this::wake);
        }
        return coordinator;
    }

    private void runCompleted() {
        Runnable r;
        while ((r = completed.poll()) != null) {
            r.run();
        }
    }

    private List<ConsumerRecord> drainBuffered() {
        List<ConsumerRecord> out = new ArrayList<>();
        while (out.size() < config.maxPollRecords() && !buffered.isEmpty()) {
            Buffered b = buffered.peekFirst();
            Long position = positions.get(b.tp);
            if (position == null || position != b.fetchOffset && !b.records.hasNext()) {
                buffered.pollFirst();
                continue;
            }
            while (out.size() < config.maxPollRecords() && b.records.hasNext()) {
                ConsumerRecord r = b.records.next();
                out.add(r);
                positions.put(b.tp, r.offset() + 1);
            }
            if (!b.records.hasNext()) {
                buffered.pollFirst();
                Long p = positions.get(b.tp);
                if (p != null && p < b.nextPosition) {
                    positions.put(b.tp, b.nextPosition);
                }
            }
        }
        return out;
    }

    private void resolvePositions(long timeoutMs) {
        Map<TopicPartition, Long> query = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
            if (e.getValue() == null) {
                Long pending = pendingResets.get(e.getKey());
                if (pending == null) {
                    if (config.autoOffsetReset().equals("none")) {
                        throw new NoOffsetForPartitionException(e.getKey(), "never positioned");
                    }
                    pending = config.autoOffsetReset().equals("earliest") ? ListOffsetsRequest.EARLIEST_TIMESTAMP
                            : ListOffsetsRequest.LATEST_TIMESTAMP;
                }
                query.put(e.getKey(), pending);
            }
        }
        if (!query.isEmpty()) {
            listOffsets(query, timeoutMs).forEach((tp, r) -> {
                positions.put(tp, r.offset());
                pendingResets.remove(tp);
            });
        }
    }

    private void sendFetches() {
        Map<HostPort, Map<String, List<FetchRequest.FetchPartition>>> byLeader = new LinkedHashMap<>();
        Set<TopicPartition> busy = new java.util.HashSet<>();
        for (Buffered b : buffered) {
            busy.add(b.tp);
        }
        Set<String> unknown = new java.util.HashSet<>();
        for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
            TopicPartition tp = e.getKey();
            if (e.getValue() == null || busy.contains(tp)) {
                continue;
            }
            HostPort leader = metadata.leader(tp);
            if (leader == null) {
                unknown.add(tp.topic());
                continue;
            }
            if (fetchesInFlight.contains(leader)) {
                continue;
            }
            byLeader.computeIfAbsent(leader, k -> new LinkedHashMap<>()).computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                    .add(new FetchRequest.FetchPartition(tp.partition(), -1, e.getValue(), -1L,
                            config.maxPartitionFetchBytes()));
        }
        if (!unknown.isEmpty()) {
            metadata.refresh(unknown, false).whenComplete((s, ex) -> wake());
        }
        for (Map.Entry<HostPort, Map<String, List<FetchRequest.FetchPartition>>> e : byLeader.entrySet()) {
            HostPort leader = e.getKey();
            List<FetchRequest.FetchTopic> topics = new ArrayList<>();
            Map<TopicPartition, Long> offsets = new HashMap<>();
            e.getValue().forEach((t, ps) -> {
                topics.add(new FetchRequest.FetchTopic(t, ps));
                ps.forEach(p -> offsets.put(new TopicPartition(t, p.partition()), p.fetchOffset()));
            });
            FetchRequest request = new FetchRequest(-1, config.fetchMaxWaitMs(), config.fetchMinBytes(),
                    config.fetchMaxBytes(), config.isolationLevel(), topics);
            fetchesInFlight.add(leader);
            CompletableFuture<ApiResponse> f = network.send(leader.host(), leader.port(), ApiKey.FETCH, request, true);
            f.whenComplete((response, error) -> {
                completed.add(() -> onFetch(leader, offsets, (FetchResponse) response, error));
                wake();
            });
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void onFetch(HostPort leader, Map<TopicPartition, Long> offsets, FetchResponse response, Throwable error) {
        fetchesInFlight.remove(leader);
        AuthenticationException refused = AuthenticationException.find(error);
        if (refused != null) {
            throw refused;
        }
        if (error != null) {
            metadata.refresh(topicsOf(offsets.keySet()), false);
            return;
        }
        if (response.error() != Errors.NONE) {
            throw new PartitaClientException(response.error(), "fetch from " + leader);
        }
        Set<String> stale = new java.util.HashSet<>();
        for (FetchResponse.FetchableTopic t : response.topics()) {
            for (FetchResponse.PartitionData p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                Long fetchOffset = offsets.get(tp);
                if (fetchOffset == null || !fetchOffset.equals(positions.get(tp))) {
                    continue; // the application moved the position meanwhile
                }
                switch (p.error()) {
                    case NONE -> buffer(tp, fetchOffset, p.recordsBuffer(), p.abortedTransactions());
                    case OFFSET_OUT_OF_RANGE -> {
                        if (config.autoOffsetReset().equals("none")) {
                            throw new NoOffsetForPartitionException(tp, "offset " + fetchOffset + " is out of range");
                        }
                        positions.put(tp, null);
                    }
                    default -> {
                        if (p.error().retriable() || p.error() == Errors.NOT_LEADER_OR_FOLLOWER
                                || p.error() == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                            stale.add(tp.topic());
                        } else {
                            throw new PartitaClientException(p.error(), "fetch of " + tp + " at offset " + fetchOffset);
                        }
                    }
                }
            }
        }
        if (!stale.isEmpty()) {
            metadata.refresh(stale, false);
        }
    }

    /**
     * Turns fetched batches into records. Control batches (transaction markers) are never
     * returned. In read_committed mode the broker lists the aborted transactions overlapping the
     * range: from a transaction's first offset on, the transactional batches of its producer are
     * dropped, until that producer's abort marker.
     */
    private void buffer(TopicPartition tp, long fetchOffset, ByteBuffer bytes,
            List<FetchResponse.AbortedTransaction> abortedTransactions) {
        if (bytes == null || !bytes.hasRemaining()) {
            return;
        }
        List<FetchResponse.AbortedTransaction> aborted = abortedTransactions == null ? List.of()
                : abortedTransactions.stream()
                        .sorted(java.util.Comparator.comparingLong(FetchResponse.AbortedTransaction::firstOffset))
                        .toList();
        int nextAborted = 0;
        Set<Long> abortedProducers = new java.util.HashSet<>();
        List<ConsumerRecord> records = new ArrayList<>();
        long next = fetchOffset;
        for (RecordBatch batch : new RecordBatches(bytes)) {
            if (config.checkCrcs()) {
                batch.ensureValid(batch.start() + batch.sizeInBytes(), Integer.MAX_VALUE);
            }
            while (nextAborted < aborted.size() && aborted.get(nextAborted).firstOffset() <= batch.lastOffset()) {
                abortedProducers.add(aborted.get(nextAborted++).producerId());
            }
            boolean skip = batch.isTransactional() && abortedProducers.contains(batch.producerId());
            if (batch.isControlBatch() && skip
                    && EndTransactionMarker.controlType(batch) == EndTransactionMarker.ABORT) {
                abortedProducers.remove(batch.producerId());
            }
            if (!batch.isControlBatch() && !skip) {
                for (Record r : batch.records()) {
                    if (r.offset() >= fetchOffset) {
                        records.add(new ConsumerRecord(tp.topic(), tp.partition(), r.offset(), r.timestamp(),
                                r.keyBytes(), r.valueBytes(), copy(r.headers())));
                    }
                }
            }
            next = Math.max(next, batch.nextOffset());
        }
        buffered.addLast(new Buffered(tp, fetchOffset, records.iterator(), next));
    }

    private static List<Header> copy(List<Header> headers) {
        if (headers.isEmpty()) {
            return List.of();
        }
        List<Header> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            ByteBuffer v = null;
            if (h.value() != null) {
                byte[] b = new byte[h.value().remaining()];
                h.value().duplicate().get(b);
                v = ByteBuffer.wrap(b).asReadOnlyBuffer();
            }
            out.add(new Header(h.key(), v));
        }
        return List.copyOf(out);
    }

    private static Set<String> topicsOf(Collection<TopicPartition> tps) {
        Set<String> out = new java.util.HashSet<>();
        tps.forEach(tp -> out.add(tp.topic()));
        return out;
    }

    private void checkAssigned(TopicPartition tp) {
        ensureOpen();
        if (!positions.containsKey(tp)) {
            throw new IllegalStateException(tp + " is not assigned to this consumer");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("consumer is closed");
        }
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000L);
    }

    private static void pause(long ms) {
        if (ms > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(ms * 1_000_000L);
        }
    }

    /**
     * Closes the consumer: when subscribed, commits the positions (auto-commit), revokes the
     * partitions through the listener and leaves the group; then closes the connections.
     */
    @Override
    public void close() {
        if (!closed) {
            try {
                if (subscription != null) {
                    try {
                        revokeAll();
                    } finally {
                        coordinator.leaveGroup();
                    }
                }
            } finally {
                closed = true;
                if (coordinator != null) {
                    coordinator.close();
                }
                network.close();
            }
        }
    }
}
