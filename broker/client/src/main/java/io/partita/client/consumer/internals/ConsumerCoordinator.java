package io.partita.client.consumer.internals;

import io.partita.client.ClusterMetadata;
import io.partita.client.HostPort;
import io.partita.client.PartitaClientException;
import io.partita.client.PartitionInfo;
import io.partita.client.consumer.CommitFailedException;
import io.partita.client.consumer.ConsumerConfig;
import io.partita.client.consumer.OffsetAndMetadata;
import io.partita.client.consumer.assignor.PartitionAssignor;
import io.partita.client.network.NetworkClient;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.FindCoordinatorRequest;
import io.partita.protocol.wire.api.FindCoordinatorResponse;
import io.partita.protocol.wire.api.HeartbeatRequest;
import io.partita.protocol.wire.api.HeartbeatResponse;
import io.partita.protocol.wire.api.JoinGroupRequest;
import io.partita.protocol.wire.api.JoinGroupResponse;
import io.partita.protocol.wire.api.LeaveGroupRequest;
import io.partita.protocol.wire.api.OffsetCommitRequest;
import io.partita.protocol.wire.api.OffsetCommitResponse;
import io.partita.protocol.wire.api.OffsetFetchRequest;
import io.partita.protocol.wire.api.OffsetFetchResponse;
import io.partita.protocol.wire.api.SyncGroupRequest;
import io.partita.protocol.wire.api.SyncGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A consumer's side of its group: finds the coordinator, joins and syncs (computing the
 * assignment when it is the leader), heartbeats on a background thread, commits and fetches
 * offsets, and leaves.
 *
 * <p>Threads: the consumer's polling thread calls everything except the heartbeat loop, which
 * runs on the daemon thread {@code partita-heartbeat-<group>}. The membership (member id,
 * generation, whether a rejoin is needed) is shared between them and guarded by this object's
 * monitor; the heartbeat thread acts on an answer only if the generation it heartbeated with is
 * still the current one. When the polling thread has not polled for {@code max.poll.interval.ms}
 * the heartbeat thread leaves the group, as Kafka's does, and the next poll rejoins.
 */
public final class ConsumerCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerCoordinator.class);

    private final ConsumerConfig config;
    private final String groupId;
    private final NetworkClient network;
    private final ClusterMetadata metadata;
    private final List<PartitionAssignor> assignors = new ArrayList<>();
    private final Runnable onRejoinNeeded;
    private volatile HostPort coordinator;
    private String memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
    private int generation = -1;
    private boolean rejoinNeeded = true;
    private boolean joining;
    private boolean groupManaged;
    private volatile long lastPollNanos = System.nanoTime();
    private Thread heartbeatThread;
    private boolean closed;

    /**
     * @param onRejoinNeeded called (on the heartbeat thread) when the group asks for a rejoin, to wake a waiting poll
     */
    public ConsumerCoordinator(ConsumerConfig config, NetworkClient network, ClusterMetadata metadata,
            Runnable onRejoinNeeded) {
        if (config.groupId() == null) {
            throw new IllegalStateException("consumer setting 'group.id' is required to use a consumer group");
        }
        this.config = config;
        this.groupId = config.groupId();
        this.network = network;
        this.metadata = metadata;
        this.onRejoinNeeded = onRejoinNeeded;
        for (String name : config.assignmentStrategies()) {
            assignors.add(PartitionAssignor.forName(name));
        }
    }

    /** Records that the application polled, for {@code max.poll.interval.ms}. */
    public void onPoll() {
        lastPollNanos = System.nanoTime();
    }

    /** Whether the consumer must (re)join before it reads on. */
    public synchronized boolean rejoinNeeded() {
        return rejoinNeeded;
    }

    /** Asks for a rejoin at the next poll (for example after the subscription changed). */
    public synchronized void requestRejoin() {
        rejoinNeeded = true;
    }

    public synchronized int generation() {
        return generation;
    }

    public synchronized String memberId() {
        return memberId;
    }

    /**
     * Joins the group and returns this member's assignment; blocks through the whole rebalance.
     *
     * @param topics the subscribed topics
     * @param owned the partitions held before (for the sticky assignor)
     * @throws PartitaClientException when the group refuses the member for good (bad session
     *         timeout, incompatible protocol) or the deadline passes
     */
    public List<TopicPartition> joinGroup(Set<String> topics, Collection<TopicPartition> owned, long deadlineNanos) {
        synchronized (this) {
            groupManaged = true;
        }
        ByteBuffer subscription = ConsumerProtocol.encodeSubscription(
                new PartitionAssignor.Subscription(List.copyOf(new TreeSet<>(topics)), List.copyOf(owned)));
        while (true) {
            checkDeadline(deadlineNanos, "joining group '" + groupId + "'");
            HostPort target = ensureCoordinator(deadlineNanos);
            String currentMember;
            synchronized (this) {
                currentMember = memberId;
                joining = true;
            }
            List<JoinGroupRequest.Protocol> protocols = new ArrayList<>();
            for (PartitionAssignor a : assignors) {
                protocols.add(new JoinGroupRequest.Protocol(a.name(), subscription.duplicate()));
            }
            JoinGroupRequest join = new JoinGroupRequest(groupId, config.sessionTimeoutMs(), config.maxPollIntervalMs(),
                    currentMember, ConsumerProtocol.PROTOCOL_TYPE, protocols);
            JoinGroupResponse joined;
            try {
                joined = (JoinGroupResponse) call(target, ApiKey.JOIN_GROUP, join,
                        (long) config.maxPollIntervalMs() + config.requestTimeoutMs());
            } catch (PartitaClientException e) {
                synchronized (this) {
                    joining = false;
                }
                markCoordinatorUnknown();
                pause();
                continue;
            }
            synchronized (this) {
                joining = false;
            }
            if (joined.error() != Errors.NONE) {
                handleJoinError(joined.error(), currentMember);
                continue;
            }
            synchronized (this) {
                memberId = joined.memberId();
                generation = joined.generationId();
            }
            List<SyncGroupRequest.Assignment> assignments = List.of();
            if (joined.leader().equals(joined.memberId())) {
                assignments = assign(joined.protocolName(), joined.members(), deadlineNanos);
            }
            SyncGroupResponse synced;
            try {
                synced = (SyncGroupResponse) call(target, ApiKey.SYNC_GROUP,
                        new SyncGroupRequest(groupId, joined.generationId(), joined.memberId(), assignments),
                        config.requestTimeoutMs());
            } catch (PartitaClientException e) {
                markCoordinatorUnknown();
                pause();
                continue;
            }
            if (synced.error() != Errors.NONE) {
                handleJoinError(synced.error(), joined.memberId());
                continue;
            }
            List<TopicPartition> mine = ConsumerProtocol.decodeAssignment(synced.assignment());
            synchronized (this) {
                if (generation == joined.generationId()) {
                    rejoinNeeded = false;
                }
            }
            startHeartbeats();
            LOG.info("joined group {} as {} in generation {} with {}", groupId, joined.memberId(),
                    joined.generationId(), mine);
            return mine;
        }
    }

    private void handleJoinError(Errors error, String sentMemberId) {
        switch (error) {
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> resetMembership(sentMemberId);
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS -> {
                markCoordinatorUnknown();
                pause();
            }
            case REBALANCE_IN_PROGRESS -> {
            }
            default -> throw new PartitaClientException(error, "group '" + groupId + "' refused member "
                    + (sentMemberId.isEmpty() ? "(new)" : sentMemberId) + (error == Errors.INVALID_SESSION_TIMEOUT
                    ? " with session.timeout.ms=" + config.sessionTimeoutMs() : ""));
        }
    }

    private synchronized void resetMembership(String sentMemberId) {
        if (memberId.equals(sentMemberId)) {
            memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
            generation = -1;
        }
        rejoinNeeded = true;
    }

    private List<SyncGroupRequest.Assignment> assign(String protocol, List<JoinGroupResponse.Member> members,
            long deadlineNanos) {
        PartitionAssignor assignor = assignors.stream().filter(a -> a.name().equals(protocol)).findFirst()
                .orElseThrow(() -> new PartitaClientException(Errors.INCONSISTENT_GROUP_PROTOCOL,
                        "the group chose assignor '" + protocol + "' which this consumer does not have"));
        Map<String, PartitionAssignor.Subscription> subscriptions = new TreeMap<>();
        Set<String> allTopics = new TreeSet<>();
        for (JoinGroupResponse.Member m : members) {
            PartitionAssignor.Subscription s = ConsumerProtocol.decodeSubscription(m.metadata());
            subscriptions.put(m.memberId(), s);
            allTopics.addAll(s.topics());
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String topic : allTopics) {
            try {
                List<PartitionInfo> parts = metadata.awaitPartitions(topic, false,
                        Math.min(config.requestTimeoutMs(), remainingMs(deadlineNanos)), config.retryBackoffMs());
                if (!parts.isEmpty()) {
                    counts.put(topic, parts.size());
                }
            } catch (PartitaClientException e) {
                LOG.warn("group {}: topic {} is not assigned: {}", groupId, topic, e.getMessage());
            }
        }
        Map<String, List<TopicPartition>> result = assignor.assign(counts, subscriptions);
        List<SyncGroupRequest.Assignment> out = new ArrayList<>();
        for (String member : subscriptions.keySet()) {
            out.add(new SyncGroupRequest.Assignment(member,
                    ConsumerProtocol.encodeAssignment(result.getOrDefault(member, List.of()))));
        }
        LOG.info("group {}: {} assigned {}", groupId, protocol, result);
        return out;
    }

    /**
     * Commits offsets and waits for the answer, retrying while the coordinator moves.
     *
     * @throws CommitFailedException when the member is no longer in the current generation
     */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, long timeoutMs) {
        if (offsets.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            checkDeadline(deadline, "committing offsets of group '" + groupId + "'");
            HostPort target = ensureCoordinator(deadline);
            OffsetCommitRequest request = commitRequest(offsets);
            OffsetCommitResponse r;
            try {
                r = (OffsetCommitResponse) call(target, ApiKey.OFFSET_COMMIT, request, config.requestTimeoutMs());
            } catch (PartitaClientException e) {
                markCoordinatorUnknown();
                pause();
                continue;
            }
            Errors error = firstError(r);
            if (error == Errors.NONE) {
                return;
            }
            if (error == Errors.NOT_COORDINATOR || error == Errors.COORDINATOR_NOT_AVAILABLE
                    || error == Errors.COORDINATOR_LOAD_IN_PROGRESS) {
                markCoordinatorUnknown();
                pause();
                continue;
            }
            throw commitError(error);
        }
    }

    /** Commits offsets without waiting; the future fails like {@link #commitSync}. */
    public CompletableFuture<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        HostPort target = coordinator;
        if (target == null) {
            return CompletableFuture.supplyAsync(() -> {
                commitSync(offsets, config.requestTimeoutMs());
                return null;
            });
        }
        OffsetCommitRequest request;
        try {
            request = commitRequest(offsets);
        } catch (CommitFailedException e) {
            return CompletableFuture.failedFuture(e);
        }
        return network.send(target.host(), target.port(), ApiKey.OFFSET_COMMIT, request, true).thenApply(resp -> {
            Errors error = firstError((OffsetCommitResponse) resp);
            if (error == Errors.NOT_COORDINATOR || error == Errors.COORDINATOR_NOT_AVAILABLE) {
                markCoordinatorUnknown();
                throw new PartitaClientException(error, "committing offsets of group '" + groupId + "'");
            }
            if (error != Errors.NONE) {
                throw commitError(error);
            }
            return null;
        });
    }

    private OffsetCommitRequest commitRequest(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, List<OffsetCommitRequest.Partition>> byTopic = new TreeMap<>();
        offsets.forEach((tp, o) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                .add(new OffsetCommitRequest.Partition(tp.partition(), o.offset(), o.metadata())));
        List<OffsetCommitRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((t, ps) -> topics.add(new OffsetCommitRequest.Topic(t, ps)));
        String member;
        int gen;
        synchronized (this) {
            if (groupManaged && generation < 0) {
                rejoinNeeded = true;
                throw new CommitFailedException(Errors.ILLEGAL_GENERATION, "commit of group '" + groupId
                        + "' refused: this member is not part of a generation (it left or was removed from the group);"
                        + " poll rejoins the group");
            }
            member = generation < 0 ? "" : memberId;
            gen = generation;
        }
        return new OffsetCommitRequest(groupId, gen, member, topics);
    }

    private static Errors firstError(OffsetCommitResponse r) {
        for (OffsetCommitResponse.Topic t : r.topics()) {
            for (OffsetCommitResponse.Partition p : t.partitions()) {
                if (p.error() != Errors.NONE) {
                    return p.error();
                }
            }
        }
        return Errors.NONE;
    }

    private PartitaClientException commitError(Errors error) {
        switch (error) {
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS -> {
                synchronized (this) {
                    rejoinNeeded = true;
                    if (error == Errors.UNKNOWN_MEMBER_ID) {
                        memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
                        generation = -1;
                    }
                }
                return new CommitFailedException(error, "commit of group '" + groupId + "' refused (" + error.name()
                        + "): the member is no longer part of the current generation, its partitions may have been"
                        + " given to another member; poll rejoins the group");
            }
            default -> {
                return new PartitaClientException(error, "committing offsets of group '" + groupId + "'");
            }
        }
    }

    /** The committed offsets of {@code partitions}; partitions without one are left out. */
    public Map<TopicPartition, OffsetAndMetadata> fetchCommitted(Collection<TopicPartition> partitions, long timeoutMs) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition()));
        List<OffsetFetchRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((t, ps) -> topics.add(new OffsetFetchRequest.Topic(t, ps)));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            checkDeadline(deadline, "fetching committed offsets of group '" + groupId + "'");
            HostPort target = ensureCoordinator(deadline);
            OffsetFetchResponse r;
            try {
                r = (OffsetFetchResponse) call(target, ApiKey.OFFSET_FETCH, new OffsetFetchRequest(groupId, topics),
                        config.requestTimeoutMs());
            } catch (PartitaClientException e) {
                markCoordinatorUnknown();
                pause();
                continue;
            }
            if (r.error().retriable() || r.error() == Errors.NOT_COORDINATOR) {
                markCoordinatorUnknown();
                pause();
                continue;
            }
            if (r.error() != Errors.NONE) {
                throw new PartitaClientException(r.error(), "fetching committed offsets of group '" + groupId + "'");
            }
            Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
            for (OffsetFetchResponse.Topic t : r.topics()) {
                for (OffsetFetchResponse.Partition p : t.partitions()) {
                    if (p.error() == Errors.NONE && p.offset() >= 0) {
                        out.put(new TopicPartition(t.name(), p.partition()), new OffsetAndMetadata(p.offset(),
                                p.metadata()));
                    }
                }
            }
            return out;
        }
    }

    /**
     * Stops using the group's membership (after unsubscribe): later commits are simple commits
     * with generation -1, accepted only while the group is empty.
     */
    public synchronized void resetGroupManagement() {
        groupManaged = false;
    }

    /** Leaves the group (when a member), so the others rebalance at once. */
    public void leaveGroup() {
        String member;
        synchronized (this) {
            member = memberId;
            memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
            generation = -1;
            rejoinNeeded = true;
        }
        HostPort target = coordinator;
        if (member.isEmpty() || target == null) {
            return;
        }
        try {
            call(target, ApiKey.LEAVE_GROUP, new LeaveGroupRequest(groupId, member), config.requestTimeoutMs());
            LOG.info("member {} left group {}", member, groupId);
        } catch (PartitaClientException e) {
            LOG.info("leaving group {} failed ({}); the coordinator removes member {} after its session timeout",
                    groupId, e.getMessage(), member);
        }
    }

    private HostPort ensureCoordinator(long deadlineNanos) {
        while (true) {
            HostPort known = coordinator;
            if (known != null) {
                return known;
            }
            checkDeadline(deadlineNanos, "finding the coordinator of group '" + groupId + "'");
            HostPort broker = metadata.anyBroker();
            try {
                FindCoordinatorResponse r = (FindCoordinatorResponse) call(broker, ApiKey.FIND_COORDINATOR,
                        new FindCoordinatorRequest(groupId, FindCoordinatorRequest.GROUP), config.requestTimeoutMs());
                if (r.error() == Errors.NONE) {
                    coordinator = new HostPort(r.host(), r.port());
                    continue;
                }
                if (!r.error().retriable()) {
                    throw new PartitaClientException(r.error(), "finding the coordinator of group '" + groupId + "'"
                            + (r.errorMessage() == null ? "" : ": " + r.errorMessage()));
                }
            } catch (PartitaClientException e) {
                if (e.error() != null && !e.retriable()) {
                    throw e;
                }
            }
            pause();
        }
    }

    private void markCoordinatorUnknown() {
        coordinator = null;
    }

    private ApiResponse call(HostPort target, ApiKey key, ApiRequest request, long timeoutMs) {
        try {
            return network.send(target.host(), target.port(), key, request, true, timeoutMs)
                    .get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new PartitaClientException(key + " to " + target + " failed: " + e.getCause(), null, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartitaClientException("interrupted during " + key, null, false, e);
        }
    }

    private synchronized void startHeartbeats() {
        if (heartbeatThread == null && !closed) {
            heartbeatThread = new Thread(this::heartbeatLoop, "partita-heartbeat-" + groupId);
            heartbeatThread.setDaemon(true);
            heartbeatThread.start();
        }
    }

    private void heartbeatLoop() {
        while (true) {
            String member;
            int gen;
            synchronized (this) {
                try {
                    wait(config.heartbeatIntervalMs());
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                if (joining || memberId.isEmpty() || generation < 0) {
                    continue;
                }
                member = memberId;
                gen = generation;
            }
            if (System.nanoTime() - lastPollNanos > TimeUnit.MILLISECONDS.toNanos(config.maxPollIntervalMs())) {
                LOG.warn("group {}: no poll for more than max.poll.interval.ms={}; member {} leaves the group",
                        groupId, config.maxPollIntervalMs(), member);
                leaveGroup();
                onRejoinNeeded.run();
                continue;
            }
            HostPort target = coordinator;
            if (target == null) {
                try {
                    ensureCoordinator(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.heartbeatIntervalMs()));
                } catch (PartitaClientException e) {
                    LOG.debug("group {}: coordinator not found yet: {}", groupId, e.getMessage());
                }
                continue;
            }
            Errors error;
            try {
                error = ((HeartbeatResponse) call(target, ApiKey.HEARTBEAT, new HeartbeatRequest(groupId, gen, member),
                        config.requestTimeoutMs())).error();
            } catch (PartitaClientException e) {
                markCoordinatorUnknown();
                continue;
            }
            synchronized (this) {
                if (generation != gen || !memberId.equals(member)) {
                    continue;
                }
                switch (error) {
                    case NONE -> {
                        continue;
                    }
                    case REBALANCE_IN_PROGRESS -> rejoinNeeded = true;
                    case ILLEGAL_GENERATION -> {
                        generation = -1;
                        rejoinNeeded = true;
                    }
                    case UNKNOWN_MEMBER_ID -> {
                        memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
                        generation = -1;
                        rejoinNeeded = true;
                    }
                    case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                        markCoordinatorUnknown();
                        continue;
                    }
                    default -> {
                        LOG.warn("group {}: heartbeat failed with {}", groupId, error);
                        continue;
                    }
                }
            }
            onRejoinNeeded.run();
        }
    }

    private void checkDeadline(long deadlineNanos, String what) {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new PartitaClientException("timed out " + what, Errors.REQUEST_TIMED_OUT, true, null);
        }
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000L);
    }

    private void pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1,
                config.retryBackoffMs())));
    }

    /** Stops the heartbeat thread; call {@link #leaveGroup()} first to leave. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            notifyAll();
            t = heartbeatThread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(config.requestTimeoutMs() + 2_000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
