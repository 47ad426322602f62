package io.partita.broker.group;

import io.partita.broker.cluster.TopicManager;
import io.partita.broker.cluster.TopicMetadata;
import io.partita.broker.log.FileRecords;
import io.partita.broker.log.LogConfig;
import io.partita.broker.log.LogReadResult;
import io.partita.broker.replication.Partition;
import io.partita.broker.replication.ReplicaManager;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.partition.Murmur2;
import io.partita.protocol.record.Header;
import io.partita.protocol.record.Record;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatchBuilder;
import io.partita.protocol.record.RecordBatches;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.DescribeGroupsResponse;
import io.partita.protocol.wire.api.JoinGroupRequest;
import io.partita.protocol.wire.api.JoinGroupResponse;
import io.partita.protocol.wire.api.ListGroupsResponse;
import io.partita.protocol.wire.api.OffsetCommitRequest;
import io.partita.protocol.wire.api.OffsetCommitResponse;
import io.partita.protocol.wire.api.OffsetFetchRequest;
import io.partita.protocol.wire.api.OffsetFetchResponse;
import io.partita.protocol.wire.api.ProduceRequest;
import io.partita.protocol.wire.api.SyncGroupRequest;
import io.partita.protocol.wire.api.SyncGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The consumer group coordinator of this broker: it runs the groups whose partition of
 * {@code __consumer_offsets} this broker leads, and keeps their committed offsets.
 *
 * <p><b>Placement.</b> A group belongs to partition
 * {@code toPositive(murmur2(utf8(groupId))) % partitions} of {@code __consumer_offsets}, the same
 * hash as the default partitioner's. The topic is created on first use with
 * {@code offsets.topic.num.partitions} partitions, {@code flush.mode=group-commit} and 100 MiB
 * segments; if it already exists its partition count is used.
 *
 * <p><b>Durability.</b> Offset commits and the group record written when a generation becomes
 * Stable are appended to the group's partition as the leader with acks=all, and a commit is
 * answered only after its append is durable. In-memory state changes only after the append
 * succeeded. At start, every hosted partition of the topic is replayed (last value per key wins,
 * a null value deletes) before the broker listens. Record layout: {@link OffsetsTopicFormat}.
 *
 * <p><b>Time.</b> Session and rebalance timeouts are checked by {@link #tick()} every
 * {@value #TICK_MS} ms on the broker timer, with the injected {@link Clock}.
 *
 * <p>Thread-safe: each group's state is guarded by the group's monitor; the group map is
 * concurrent.
 */
public final class GroupCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);

    /** The internal topic of committed offsets and group records. */
    public static final String OFFSETS_TOPIC = "__consumer_offsets";
    /** How often timeouts are checked. */
    public static final long TICK_MS = 50;
    private static final int OFFSETS_SEGMENT_BYTES = 100 << 20;

    private final GroupConfig config;
    private final Clock clock;
    private final TopicManager topics;
    private final ReplicaManager replicas;
    private final Map<String, ConsumerGroup> groups = new ConcurrentHashMap<>();
    private ScheduledFuture<?> ticker;

    private GroupCoordinator(GroupConfig config, Clock clock, TopicManager topics, ReplicaManager replicas) {
        this.config = config;
        this.clock = clock;
        this.topics = topics;
        this.replicas = replicas;
    }

    /**
     * Loads the state of every hosted partition of {@code __consumer_offsets} and starts checking timeouts.
     *
     * @param timer runs {@link #tick()}; null to leave ticking to the caller (tests)
     */
    public static GroupCoordinator start(GroupConfig config, Clock clock, TopicManager topics, ReplicaManager replicas,
            ScheduledExecutorService timer) throws IOException {
        GroupCoordinator c = new GroupCoordinator(config, clock, topics, replicas);
        c.load();
        if (timer != null) {
            c.ticker = timer.scheduleWithFixedDelay(c::tickQuietly, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        }
        return c;
    }

    private void load() throws IOException {
        Optional<TopicMetadata> topic = topics.topic(OFFSETS_TOPIC);
        if (topic.isEmpty()) {
            return;
        }
        int records = 0;
        for (int p = 0; p < topic.get().partitions(); p++) {
            Optional<Partition> partition = replicas.partition(new TopicPartition(OFFSETS_TOPIC, p));
            if (partition.isPresent()) {
                records += replay(partition.get());
            }
        }
        LOG.info("loaded {} groups from {} records of {}", groups.size(), records, OFFSETS_TOPIC);
    }

    private int replay(Partition partition) throws IOException {
        long offset = partition.logStartOffset();
        long end = partition.highWatermark();
        int count = 0;
        while (offset < end) {
            ByteBuffer bytes;
            try (LogReadResult read = partition.read(offset, 1 << 20, end, true)) {
                FileRecords records = read.records();
                if (records.sizeInBytes() == 0) {
                    break;
                }
                bytes = records.readAll();
            }
            for (RecordBatch batch : new RecordBatches(bytes)) {
                if (!batch.isControlBatch()) {
                    for (Record r : batch.records()) {
                        if (r.offset() >= offset) {
                            apply(r);
                            count++;
                        }
                    }
                }
                offset = Math.max(offset, batch.nextOffset());
            }
        }
        return count;
    }

    private void apply(Record r) {
        if (r.key() == null) {
            LOG.warn("skipping a record without key in {}", OFFSETS_TOPIC);
            return;
        }
        OffsetsTopicFormat.Key key = OffsetsTopicFormat.readKey(r.key());
        if (key.tp() != null) {
            if (r.value() == null) {
                ConsumerGroup g = groups.get(key.group());
                if (g != null) {
                    g.offsets().remove(key.tp());
                }
            } else {
                group(key.group()).offsets().put(key.tp(), OffsetsTopicFormat.readOffsetValue(r.value()));
            }
        } else if (r.value() == null) {
            groups.remove(key.group());
        } else {
            OffsetsTopicFormat.GroupValue v = OffsetsTopicFormat.readGroupValue(r.value());
            group(key.group()).restore(v.generation(), v.protocolType());
        }
    }

    private ConsumerGroup group(String groupId) {
        return groups.computeIfAbsent(groupId, ConsumerGroup::new);
    }

    /** The partition of {@code __consumer_offsets} that owns {@code groupId}, for {@code partitions} partitions. */
    public static int partitionFor(String groupId, int partitions) {
        return Murmur2.toPositive(Murmur2.hash(groupId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * The partition of {@code __consumer_offsets} owning the group, creating the topic when it
     * does not exist yet.
     */
    public TopicPartition offsetsPartitionFor(String groupId) throws IOException {
        Optional<TopicMetadata> topic = topics.topic(OFFSETS_TOPIC);
        if (topic.isEmpty()) {
            createOffsetsTopic();
            topic = topics.topic(OFFSETS_TOPIC);
        }
        int count = topic.map(TopicMetadata::partitions).orElse(config.offsetsTopicPartitions());
        return new TopicPartition(OFFSETS_TOPIC, partitionFor(groupId, count));
    }

    private synchronized void createOffsetsTopic() throws IOException {
        if (topics.topic(OFFSETS_TOPIC).isPresent()) {
            return;
        }
        TopicManager.Result r = topics.create(OFFSETS_TOPIC, config.offsetsTopicPartitions(), 1, Map.of(
                LogConfig.FLUSH_MODE, "group-commit", LogConfig.SEGMENT_BYTES, Integer.toString(OFFSETS_SEGMENT_BYTES)),
                false);
        if (r.error() != Errors.NONE && r.error() != Errors.TOPIC_ALREADY_EXISTS) {
            throw new IOException("cannot create " + OFFSETS_TOPIC + ": " + r.message());
        }
        LOG.info("created {} with {} partitions", OFFSETS_TOPIC, config.offsetsTopicPartitions());
    }

    /**
     * The broker id leading the group's partition, which is the group's coordinator.
     *
     * @return the leader, or empty when no broker leads it now
     */
    public Optional<Integer> coordinatorOf(String groupId) throws IOException {
        return replicas.partition(offsetsPartitionFor(groupId)).map(Partition::leaderId);
    }

    /** NONE when this broker coordinates the group, else why not. */
    private Errors check(String groupId) {
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        try {
            Optional<Partition> p = replicas.partition(offsetsPartitionFor(groupId));
            return p.isPresent() && p.get().leaderId() == replicas.brokerId() ? Errors.NONE : Errors.NOT_COORDINATOR;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot find the {} partition of group {}", OFFSETS_TOPIC, groupId, e);
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
    }

    /** JoinGroup; the future completes when the join phase of the rebalance ends. */
    public CompletableFuture<JoinGroupResponse> join(JoinGroupRequest request, String clientId, String clientHost) {
        Errors error = check(request.groupId());
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(JoinGroupResponse.failed(error, request.memberId()));
        }
        if (request.protocolType().isEmpty() || request.protocols().isEmpty()) {
            return CompletableFuture.completedFuture(JoinGroupResponse.failed(Errors.INCONSISTENT_GROUP_PROTOCOL,
                    request.memberId()));
        }
        if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return CompletableFuture.completedFuture(JoinGroupResponse.failed(Errors.INVALID_SESSION_TIMEOUT,
                    request.memberId()));
        }
        ConsumerGroup group = request.memberId().isEmpty() ? group(request.groupId()) : groups.get(request.groupId());
        if (group == null) {
            return CompletableFuture.completedFuture(JoinGroupResponse.failed(Errors.UNKNOWN_MEMBER_ID,
                    request.memberId()));
        }
        synchronized (group) {
            return group.join(request, clientId, clientHost, config.initialRebalanceDelayMs(), clock.millis());
        }
    }

    /** SyncGroup; the leader's call persists the generation before anyone is answered. */
    public CompletableFuture<SyncGroupResponse> sync(SyncGroupRequest request) {
        Errors error = check(request.groupId());
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(SyncGroupResponse.failed(error));
        }
        ConsumerGroup group = groups.get(request.groupId());
        if (group == null) {
            return CompletableFuture.completedFuture(SyncGroupResponse.failed(Errors.UNKNOWN_MEMBER_ID));
        }
        synchronized (group) {
            boolean wasStable = group.isStable();
            CompletableFuture<SyncGroupResponse> result = group.sync(request, clock.millis());
            if (!wasStable && group.isStable()) {
                Errors stored = persistGroup(group);
                group.completeSyncs(stored);
                if (stored != Errors.NONE) {
                    LOG.warn("group {} generation {} could not be stored ({}); members rejoin", group.groupId(),
                            group.generation(), stored);
                }
            }
            return result;
        }
    }

    /** Heartbeat. */
    public Errors heartbeat(String groupId, int generationId, String memberId) {
        Errors error = check(groupId);
        if (error != Errors.NONE) {
            return error;
        }
        ConsumerGroup group = groups.get(groupId);
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        synchronized (group) {
            return group.heartbeat(memberId, generationId, clock.millis());
        }
    }

    /** LeaveGroup. */
    public Errors leave(String groupId, String memberId) {
        Errors error = check(groupId);
        if (error != Errors.NONE) {
            return error;
        }
        ConsumerGroup group = groups.get(groupId);
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        synchronized (group) {
            return group.leave(memberId, clock.millis());
        }
    }

    /** OffsetCommit: answered after the offsets are durable in {@code __consumer_offsets}. */
    public OffsetCommitResponse commitOffsets(OffsetCommitRequest request) {
        Errors error = check(request.groupId());
        if (error != Errors.NONE) {
            return OffsetCommitResponse.allFailed(request, error);
        }
        boolean simple = request.generationId() < 0 && request.memberId().isEmpty();
        ConsumerGroup group = simple ? group(request.groupId()) : groups.get(request.groupId());
        if (group == null) {
            return OffsetCommitResponse.allFailed(request, Errors.UNKNOWN_MEMBER_ID);
        }
        synchronized (group) {
            long now = clock.millis();
            Errors allowed = group.checkCommit(request.memberId(), request.generationId(), now);
            if (allowed != Errors.NONE) {
                return OffsetCommitResponse.allFailed(request, allowed);
            }
            Map<TopicPartition, Errors> results = new TreeMap<>(Comparator.comparing(TopicPartition::topic)
                    .thenComparingInt(TopicPartition::partition));
            List<Map.Entry<TopicPartition, OffsetAndMetadata>> accepted = new ArrayList<>();
            for (OffsetCommitRequest.Topic t : request.topics()) {
                for (OffsetCommitRequest.Partition p : t.partitions()) {
                    TopicPartition tp = new TopicPartition(t.name(), p.partition());
                    if (p.metadata() != null && p.metadata().length() > config.offsetMetadataMaxBytes()) {
                        results.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
                    } else if (p.offset() < 0 || p.partition() < 0) {
                        results.put(tp, Errors.INVALID_REQUEST);
                    } else {
                        accepted.add(new AbstractMap.SimpleEntry<>(tp, new OffsetAndMetadata(p.offset(), p.metadata(), now)));
                    }
                }
            }
            if (!accepted.isEmpty()) {
                RecordBatchBuilder batch = new RecordBatchBuilder();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : accepted) {
                    batch.append(now, OffsetsTopicFormat.offsetKey(group.groupId(), e.getKey()),
                            OffsetsTopicFormat.offsetValue(e.getValue()), List.<Header>of());
                }
                Errors appended = append(group.groupId(), batch.build());
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : accepted) {
                    results.put(e.getKey(), appended);
                    if (appended == Errors.NONE) {
                        group.offsets().put(e.getKey(), e.getValue());
                    }
                }
            }
            Map<String, List<OffsetCommitResponse.Partition>> byTopic = new TreeMap<>();
            results.forEach((tp, e) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                    .add(new OffsetCommitResponse.Partition(tp.partition(), e)));
            List<OffsetCommitResponse.Topic> out = new ArrayList<>();
            byTopic.forEach((t, ps) -> out.add(new OffsetCommitResponse.Topic(t, ps)));
            return new OffsetCommitResponse(out);
        }
    }

    /** OffsetFetch: the committed offsets asked for, or all of the group's when {@code topics} is null. */
    public OffsetFetchResponse fetchOffsets(OffsetFetchRequest request) {
        Errors error = check(request.groupId());
        if (error != Errors.NONE) {
            return new OffsetFetchResponse(error, List.of());
        }
        ConsumerGroup group = groups.get(request.groupId());
        Map<TopicPartition, OffsetAndMetadata> snapshot = new TreeMap<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        if (group != null) {
            synchronized (group) {
                snapshot.putAll(group.offsets());
            }
        }
        List<OffsetFetchResponse.Topic> out = new ArrayList<>();
        if (request.topics() == null) {
            Map<String, List<OffsetFetchResponse.Partition>> byTopic = new TreeMap<>();
            snapshot.forEach((tp, o) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                    .add(new OffsetFetchResponse.Partition(tp.partition(), o.offset(), o.metadata(), Errors.NONE)));
            byTopic.forEach((t, ps) -> out.add(new OffsetFetchResponse.Topic(t, ps)));
        } else {
            for (OffsetFetchRequest.Topic t : request.topics()) {
                List<OffsetFetchResponse.Partition> ps = new ArrayList<>();
                for (int p : t.partitions()) {
                    OffsetAndMetadata o = p < 0 ? null : snapshot.get(new TopicPartition(t.name(), p));
                    ps.add(o == null ? new OffsetFetchResponse.Partition(p, OffsetFetchResponse.NO_OFFSET, null, Errors.NONE)
                            : new OffsetFetchResponse.Partition(p, o.offset(), o.metadata(), Errors.NONE));
                }
                out.add(new OffsetFetchResponse.Topic(t.name(), ps));
            }
        }
        return new OffsetFetchResponse(Errors.NONE, out);
    }

    /** Every group this broker coordinates. */
    public List<ListGroupsResponse.Group> listGroups() {
        List<ListGroupsResponse.Group> out = new ArrayList<>();
        for (ConsumerGroup g : new TreeMap<>(groups).values()) {
            synchronized (g) {
                out.add(new ListGroupsResponse.Group(g.groupId(), g.protocolType(), g.state().displayName()));
            }
        }
        return out;
    }

    /** One group's state, protocol and members. */
    public DescribeGroupsResponse.Group describe(String groupId) {
        Errors error = check(groupId);
        if (error != Errors.NONE) {
            return new DescribeGroupsResponse.Group(error, groupId == null ? "" : groupId,
                    GroupState.DEAD.displayName(), "", "", List.of());
        }
        ConsumerGroup g = groups.get(groupId);
        if (g == null) {
            return new DescribeGroupsResponse.Group(Errors.GROUP_ID_NOT_FOUND, groupId, GroupState.DEAD.displayName(),
                    "", "", List.of());
        }
        synchronized (g) {
            List<DescribeGroupsResponse.Member> members = new ArrayList<>();
            for (MemberMetadata m : g.members().values()) {
                ByteBuffer metadata = g.protocol() == null ? null : m.metadata(g.protocol());
                members.add(new DescribeGroupsResponse.Member(m.memberId, m.clientId, m.clientHost,
                        metadata == null ? ByteBuffer.allocate(0) : metadata.duplicate(), m.assignment.duplicate()));
            }
            return new DescribeGroupsResponse.Group(Errors.NONE, groupId, g.state().displayName(), g.protocolType(),
                    g.protocol() == null ? "" : g.protocol(), members);
        }
    }

    /** Checks session and rebalance timeouts of every group at the clock's current time. */
    public void tick() {
        long now = clock.millis();
        for (ConsumerGroup g : groups.values()) {
            synchronized (g) {
                g.tick(now);
            }
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("checking group timeouts failed", e);
        }
    }

    private Errors persistGroup(ConsumerGroup g) {
        List<OffsetsTopicFormat.StoredMember> members = new ArrayList<>();
        for (MemberMetadata m : g.members().values()) {
            ByteBuffer sub = m.metadata(g.protocol());
            members.add(new OffsetsTopicFormat.StoredMember(m.memberId, m.clientId, m.clientHost, m.sessionTimeoutMs,
                    m.rebalanceTimeoutMs, sub == null ? ByteBuffer.allocate(0) : sub, m.assignment));
        }
        long now = clock.millis();
        ByteBuffer value = OffsetsTopicFormat.groupValue(new OffsetsTopicFormat.GroupValue(g.protocolType(),
                g.generation(), g.protocol(), g.leaderId(), now, members));
        return append(g.groupId(), new RecordBatchBuilder()
                .append(now, OffsetsTopicFormat.groupKey(g.groupId()), value, List.of()).build());
    }

    /** Appends to the group's partition with acks=all; NONE once durable. */
    private Errors append(String groupId, ByteBuffer batch) {
        try {
            Optional<Partition> p = replicas.partition(offsetsPartitionFor(groupId));
            if (p.isEmpty()) {
                return Errors.NOT_COORDINATOR;
            }
            p.get().appendAsLeader(new RecordBatches(batch), ProduceRequest.ACKS_ALL);
            return Errors.NONE;
        } catch (IOException | RuntimeException e) {
            LOG.warn("appending to {} for group {} failed", OFFSETS_TOPIC, groupId, e);
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
    }

    /** Stops checking timeouts and answers waiting joins and syncs with NOT_COORDINATOR. */
    @Override
    public void close() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        for (ConsumerGroup g : groups.values()) {
            synchronized (g) {
                g.failWaiting(Errors.NOT_COORDINATOR);
            }
        }
    }
}
