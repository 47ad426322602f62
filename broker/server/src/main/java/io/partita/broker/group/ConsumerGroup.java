package io.partita.broker.group;

import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.JoinGroupRequest;
import io.partita.protocol.wire.api.JoinGroupResponse;
import io.partita.protocol.wire.api.SyncGroupRequest;
import io.partita.protocol.wire.api.SyncGroupResponse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The membership state machine of one consumer group (see {@link GroupState}) and its committed
 * offsets, without any I/O: the {@link GroupCoordinator} persists what changes and drives time
 * by passing the current time to every call.
 *
 * <p>Rebalance: a join moves the group to PreparingRebalance; it stays there until every known
 * member has sent a JoinGroup or the largest rebalance timeout of the members has passed
 * (members that did not rejoin are removed). An empty group's first rebalance also waits
 * {@code group.initial.rebalance.delay.ms} for more members. Then the generation is bumped,
 * the protocol is chosen by the members' votes among the protocols all of them support, every
 * join is answered (the leader with every member's metadata), and the group waits in
 * CompletingRebalance for the leader's SyncGroup, whose assignments answer every SyncGroup.
 *
 * <p>Not thread-safe: callers hold the group's monitor ({@code synchronized (group)}).
 */
public final class ConsumerGroup {
    private final String groupId;
    private final LinkedHashMap<String, MemberMetadata> members = new LinkedHashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private GroupState state = GroupState.EMPTY;
    private int generation;
    private String protocolType = "";
    private String protocol;
    private String leaderId;
    private long rebalanceDeadlineMs;
    private long joinNotBeforeMs;

    public ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    public String groupId() {
        return groupId;
    }

    public GroupState state() {
        return state;
    }

    public int generation() {
        return generation;
    }

    public String protocolType() {
        return protocolType;
    }

    /** The protocol (assignor) of the current generation, or null. */
    public String protocol() {
        return protocol;
    }

    public String leaderId() {
        return leaderId;
    }

    public Map<TopicPartition, OffsetAndMetadata> offsets() {
        return offsets;
    }

    Map<String, MemberMetadata> members() {
        return members;
    }

    public boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    /** Restores what a group record of {@code __consumer_offsets} says (members rejoin afresh). */
    void restore(int generation, String protocolType) {
        this.generation = generation;
        this.protocolType = protocolType;
    }

    /**
     * Handles a JoinGroup. The returned future completes when the rebalance's join phase ends
     * (maybe at once, maybe at a later call or {@link #tick}).
     */
    CompletableFuture<JoinGroupResponse> join(JoinGroupRequest request, String clientId, String clientHost,
            int initialRebalanceDelayMs, long nowMs) {
        List<JoinGroupRequest.Protocol> protocols = new ArrayList<>();
        for (JoinGroupRequest.Protocol p : request.protocols()) {
            protocols.add(new JoinGroupRequest.Protocol(p.name(), copy(p.metadata())));
        }
        if (request.protocols().isEmpty() || request.protocolType().isEmpty()) {
            return done(JoinGroupResponse.failed(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
        }
        if (!members.isEmpty() && (!protocolType.equals(request.protocolType()) || !sharesAProtocol(request))) {
            return done(JoinGroupResponse.failed(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
        }
        MemberMetadata member;
        if (request.memberId().isEmpty()) {
            String id = (clientId == null || clientId.isEmpty() ? "member" : clientId) + "-" + UUID.randomUUID();
            member = new MemberMetadata(id, clientId == null ? "" : clientId, clientHost, request.sessionTimeoutMs(),
                    request.rebalanceTimeoutMs(), protocols);
            members.put(id, member);
        } else {
            member = members.get(request.memberId());
            if (member == null) {
                return done(JoinGroupResponse.failed(Errors.UNKNOWN_MEMBER_ID, request.memberId()));
            }
            member.sessionTimeoutMs = request.sessionTimeoutMs();
            member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
            member.protocols = protocols;
            member.clientHost = clientHost;
        }
        protocolType = request.protocolType();
        member.lastHeardMs = nowMs;
        if (member.awaitingJoin != null) {
            member.awaitingJoin.complete(JoinGroupResponse.failed(Errors.REBALANCE_IN_PROGRESS, member.memberId));
        }
        CompletableFuture<JoinGroupResponse> result = new CompletableFuture<>();
        member.awaitingJoin = result;
        if (state == GroupState.EMPTY) {
            prepareRebalance(nowMs);
            joinNotBeforeMs = Math.min(nowMs + initialRebalanceDelayMs, rebalanceDeadlineMs);
        } else if (state != GroupState.PREPARING_REBALANCE) {
            prepareRebalance(nowMs);
        } else {
            if (joinNotBeforeMs > nowMs) {
                joinNotBeforeMs = Math.min(nowMs + initialRebalanceDelayMs, rebalanceDeadlineMs);
            }
        }
        maybeCompleteJoin(nowMs);
        return result;
    }

    private boolean sharesAProtocol(JoinGroupRequest request) {
        for (JoinGroupRequest.Protocol p : request.protocols()) {
            boolean all = true;
            for (MemberMetadata m : members.values()) {
                if (!m.memberId.equals(request.memberId()) && !m.supports(p.name())) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /**
     * Handles a SyncGroup. The leader's call stores every assignment and makes the group Stable;
     * the caller persists the group ({@link #isStable()}) and then completes the returned futures
     * with {@link #completeSyncs}.
     */
    CompletableFuture<SyncGroupResponse> sync(SyncGroupRequest request, long nowMs) {
        MemberMetadata member = members.get(request.memberId());
        if (member == null) {
            return done(SyncGroupResponse.failed(Errors.UNKNOWN_MEMBER_ID));
        }
        member.lastHeardMs = nowMs;
        if (request.generationId() != generation) {
            return done(SyncGroupResponse.failed(Errors.ILLEGAL_GENERATION));
        }
        switch (state) {
            case STABLE:
                return done(new SyncGroupResponse(Errors.NONE, member.assignment.duplicate()));
            case COMPLETING_REBALANCE:
                break;
            default:
                return done(SyncGroupResponse.failed(Errors.REBALANCE_IN_PROGRESS));
        }
        CompletableFuture<SyncGroupResponse> result = new CompletableFuture<>();
        if (member.awaitingSync != null) {
            member.awaitingSync.complete(SyncGroupResponse.failed(Errors.REBALANCE_IN_PROGRESS));
        }
        member.awaitingSync = result;
        if (member.memberId.equals(leaderId)) {
            Map<String, ByteBuffer> given = new HashMap<>();
            for (SyncGroupRequest.Assignment a : request.assignments()) {
                given.put(a.memberId(), a.assignment());
            }
            for (MemberMetadata m : members.values()) {
                ByteBuffer a = given.get(m.memberId);
                m.assignment = a == null ? ByteBuffer.allocate(0) : copy(a);
            }
            state = GroupState.STABLE;
        }
        return result;
    }

    boolean isStable() {
        return state == GroupState.STABLE;
    }

    /** Answers every waiting SyncGroup with its member's assignment, or with {@code error}. */
    void completeSyncs(Errors error) {
        for (MemberMetadata m : members.values()) {
            if (m.awaitingSync != null) {
                CompletableFuture<SyncGroupResponse> f = m.awaitingSync;
                m.awaitingSync = null;
                f.complete(error == Errors.NONE ? new SyncGroupResponse(Errors.NONE, m.assignment.duplicate())
                        : SyncGroupResponse.failed(error));
            }
        }
    }

    /** Handles a Heartbeat. */
    Errors heartbeat(String memberId, int generationId, long nowMs) {
        MemberMetadata member = members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        member.lastHeardMs = nowMs;
        if (generationId != generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        return state == GroupState.PREPARING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    /** Handles a LeaveGroup. */
    Errors leave(String memberId, long nowMs) {
        MemberMetadata member = members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        remove(member, nowMs);
        return Errors.NONE;
    }

    /**
     * Checks whether a member may commit offsets now.
     *
     * @return NONE, or the error every partition of the commit gets
     */
    Errors checkCommit(String memberId, int generationId, long nowMs) {
        if (generationId < 0 && memberId.isEmpty()) {
            return state == GroupState.EMPTY ? Errors.NONE : Errors.ILLEGAL_GENERATION;
        }
        MemberMetadata member = members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        member.lastHeardMs = nowMs;
        if (generationId != generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        return state == GroupState.COMPLETING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    /**
     * Advances time: removes members whose session expired, and ends a join phase whose members
     * have all joined, whose initial delay passed, or whose rebalance timeout passed.
     *
     * @return whether the membership changed (so the caller may persist the group)
     */
    boolean tick(long nowMs) {
        boolean changed = false;
        for (MemberMetadata m : new ArrayList<>(members.values())) {
            if (m.sessionExpired(nowMs)) {
                remove(m, nowMs);
                changed = true;
            }
        }
        if (state == GroupState.PREPARING_REBALANCE) {
            if (nowMs >= rebalanceDeadlineMs) {
                for (MemberMetadata m : new ArrayList<>(members.values())) {
                    if (m.awaitingJoin == null) {
                        members.remove(m.memberId);
                    }
                }
                completeJoin(nowMs);
                changed = true;
            } else {
                changed |= maybeCompleteJoin(nowMs);
            }
        }
        return changed;
    }

    /** Answers every waiting join and sync with {@code error}, for when the coordinator stops. */
    void failWaiting(Errors error) {
        for (MemberMetadata m : members.values()) {
            if (m.awaitingJoin != null) {
                m.awaitingJoin.complete(JoinGroupResponse.failed(error, m.memberId));
                m.awaitingJoin = null;
            }
        }
        completeSyncs(error);
    }

    private void remove(MemberMetadata member, long nowMs) {
        members.remove(member.memberId);
        if (member.awaitingJoin != null) {
            member.awaitingJoin.complete(JoinGroupResponse.failed(Errors.UNKNOWN_MEMBER_ID, member.memberId));
            member.awaitingJoin = null;
        }
        if (member.awaitingSync != null) {
            member.awaitingSync.complete(SyncGroupResponse.failed(Errors.UNKNOWN_MEMBER_ID));
            member.awaitingSync = null;
        }
        if (state == GroupState.STABLE || state == GroupState.COMPLETING_REBALANCE) {
            prepareRebalance(nowMs);
        }
        if (state == GroupState.PREPARING_REBALANCE) {
            joinNotBeforeMs = Math.min(joinNotBeforeMs, nowMs);
            maybeCompleteJoin(nowMs);
        }
    }

    private void prepareRebalance(long nowMs) {
        completeSyncs(Errors.REBALANCE_IN_PROGRESS);
        state = GroupState.PREPARING_REBALANCE;
        int timeout = 0;
        for (MemberMetadata m : members.values()) {
            timeout = Math.max(timeout, m.rebalanceTimeoutMs);
        }
        rebalanceDeadlineMs = nowMs + timeout;
        joinNotBeforeMs = nowMs;
    }

    private boolean maybeCompleteJoin(long nowMs) {
        if (state != GroupState.PREPARING_REBALANCE || nowMs < joinNotBeforeMs) {
            return false;
        }
        for (MemberMetadata m : members.values()) {
            if (m.awaitingJoin == null) {
                return false;
            }
        }
        completeJoin(nowMs);
        return true;
    }

    private void completeJoin(long nowMs) {
        generation++;
        if (members.isEmpty()) {
            state = GroupState.EMPTY;
            protocol = null;
            leaderId = null;
            return;
        }
        protocol = chooseProtocol();
        if (leaderId == null || !members.containsKey(leaderId)) {
            leaderId = members.keySet().iterator().next();
        }
        state = GroupState.COMPLETING_REBALANCE;
        List<JoinGroupResponse.Member> all = new ArrayList<>();
        for (MemberMetadata m : members.values()) {
            all.add(new JoinGroupResponse.Member(m.memberId, m.metadata(protocol)));
        }
        for (MemberMetadata m : members.values()) {
            m.assignment = ByteBuffer.allocate(0);
            m.lastHeardMs = nowMs;
            CompletableFuture<JoinGroupResponse> f = m.awaitingJoin;
            m.awaitingJoin = null;
            List<JoinGroupResponse.Member> view = m.memberId.equals(leaderId) ? all : List.of();
            f.complete(new JoinGroupResponse(Errors.NONE, generation, protocol, leaderId, m.memberId,
                    view.stream().map(x -> new JoinGroupResponse.Member(x.memberId(), x.metadata().duplicate()))
                            .toList()));
        }
    }

    /** Each member votes for its most preferred protocol that every member supports; ties go to the leader's order. */
    private String chooseProtocol() {
        MemberMetadata first = members.values().iterator().next();
        List<String> candidates = new ArrayList<>();
        for (JoinGroupRequest.Protocol p : first.protocols) {
            if (members.values().stream().allMatch(m -> m.supports(p.name()))) {
                candidates.add(p.name());
            }
        }
        Map<String, Integer> votes = new HashMap<>();
        for (MemberMetadata m : members.values()) {
            for (JoinGroupRequest.Protocol p : m.protocols) {
                if (candidates.contains(p.name())) {
                    votes.merge(p.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        if (candidates.isEmpty()) {
            return first.protocols.get(0).name();
        }
        String best = candidates.get(0);
        for (String c : candidates) {
            if (votes.getOrDefault(c, 0) > votes.getOrDefault(best, 0)) {
                best = c;
            }
        }
        return best;
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
