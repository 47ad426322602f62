package io.partita.broker.group;

import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.JoinGroupRequest;
import io.partita.protocol.wire.api.JoinGroupResponse;
import io.partita.protocol.wire.api.SyncGroupRequest;
import io.partita.protocol.wire.api.SyncGroupResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The group state machine driven directly, with time passed in by the test. */
@Timeout(30)
class GroupStateMachineTest {
    private static final int SESSION_MS = 1000;
    private static final int REBALANCE_MS = 5000;

    private final ConsumerGroup group = new ConsumerGroup("g");

    /** The answer of a request that must have been answered by now (never blocks). */
    private static <T> T done(CompletableFuture<T> f) {
        assertTrue(f.isDone(), "not answered yet");
        return f.getNow(null);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    private static JoinGroupRequest joinRequest(String memberId, String... protocols) {
        List<JoinGroupRequest.Protocol> ps = new ArrayList<>();
        for (String p : protocols) {
            ps.add(new JoinGroupRequest.Protocol(p, bytes("meta-" + p)));
        }
        return new JoinGroupRequest("g", SESSION_MS, REBALANCE_MS, memberId, "consumer", ps);
    }

    private CompletableFuture<JoinGroupResponse> join(String memberId, long now, int initialDelayMs, String... protocols) {
        return group.join(joinRequest(memberId, protocols.length == 0 ? new String[] {"range"} : protocols), "client",
                "/127.0.0.1:1", initialDelayMs, now);
    }

    private CompletableFuture<JoinGroupResponse> join(String memberId, long now) {
        return join(memberId, now, 0);
    }

    private SyncGroupResponse leaderSync(JoinGroupResponse leader, long now) {
        List<SyncGroupRequest.Assignment> assignments = new ArrayList<>();
        for (JoinGroupResponse.Member m : leader.members()) {
            assignments.add(new SyncGroupRequest.Assignment(m.memberId(), bytes("for-" + m.memberId())));
        }
        CompletableFuture<SyncGroupResponse> f = group.sync(new SyncGroupRequest("g", leader.generationId(),
                leader.memberId(), assignments), now);
        assertTrue(group.isStable());
        group.completeSyncs(Errors.NONE);
        return done(f);
    }

    /** Two members in a Stable generation; returns {leader, follower} join responses. */
    private JoinGroupResponse[] stablePair(long now) {
        JoinGroupResponse a = done(join("", now));
        CompletableFuture<JoinGroupResponse> b = join("", now);
        assertFalse(b.isDone(), "the second member waits for the first to rejoin");
        assertEquals(Errors.REBALANCE_IN_PROGRESS, group.heartbeat(a.memberId(), a.generationId(), now));
        JoinGroupResponse a2 = done(join(a.memberId(), now));
        JoinGroupResponse b2 = done(b);
        CompletableFuture<SyncGroupResponse> followerSync = group.sync(new SyncGroupRequest("g", b2.generationId(),
                b2.memberId(), List.of()), now);
        assertFalse(followerSync.isDone(), "a follower's sync waits for the leader's");
        leaderSync(a2, now);
        assertEquals("for-" + b2.memberId(), text(done(followerSync).assignment()));
        return new JoinGroupResponse[] {a2, b2};
    }

    @Test
    void joinsFormAGenerationWithOneLeaderAndTheLeadersSyncAnswersEveryone() {
        JoinGroupResponse[] pair = stablePair(0);
        JoinGroupResponse leader = pair[0];
        JoinGroupResponse follower = pair[1];
        assertEquals(Errors.NONE, leader.error());
        assertEquals(2, leader.generationId());
        assertEquals(leader.memberId(), leader.leader());
        assertEquals(leader.memberId(), follower.leader());
        assertEquals("range", follower.protocolName());
        assertEquals(2, leader.members().size(), "the leader sees every member's metadata");
        assertEquals("meta-range", text(leader.members().get(0).metadata()));
        assertTrue(follower.members().isEmpty(), "followers see no members");
        assertEquals(GroupState.STABLE, group.state());
        assertEquals(Errors.NONE, group.heartbeat(follower.memberId(), 2, 10));
        assertTrue(follower.memberId().startsWith("client-"), follower.memberId());
    }

    @Test
    void theFirstRebalanceOfAnEmptyGroupWaitsTheInitialDelayForMoreMembers() {
        CompletableFuture<JoinGroupResponse> a = join("", 0, 3000);
        group.tick(1000);
        assertFalse(a.isDone());
        CompletableFuture<JoinGroupResponse> b = join("", 1000, 3000);
        group.tick(3999);
        assertFalse(a.isDone(), "a new member extends the delay");
        group.tick(4000);
        assertEquals(1, done(a).generationId());
        assertEquals(1, done(b).generationId());
        assertEquals(GroupState.COMPLETING_REBALANCE, group.state());
    }

    @Test
    void membersThatDoNotRejoinWithinTheRebalanceTimeoutAreRemoved() {
        JoinGroupResponse[] pair = stablePair(0);
        CompletableFuture<JoinGroupResponse> c = join("", 100);
        CompletableFuture<JoinGroupResponse> a = join(pair[0].memberId(), 200);
        // the follower keeps heartbeating but never rejoins
        for (long t = 500; t < REBALANCE_MS + 100; t += 500) {
            assertEquals(Errors.REBALANCE_IN_PROGRESS, group.heartbeat(pair[1].memberId(), 2, t));
            group.tick(t);
            assertFalse(c.isDone(), "at " + t);
        }
        group.tick(REBALANCE_MS + 100);
        assertEquals(3, done(a).generationId());
        JoinGroupResponse joined = done(c);
        assertEquals(3, joined.generationId());
        assertFalse(group.hasMember(pair[1].memberId()));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, group.heartbeat(pair[1].memberId(), 2, REBALANCE_MS + 200));
    }

    @Test
    void aSilentMemberIsRemovedAfterItsSessionTimeoutAndTheOthersRebalance() {
        JoinGroupResponse[] pair = stablePair(0);
        String leader = pair[0].memberId();
        String silent = pair[1].memberId();
        for (long t = 400; t <= SESSION_MS; t += 400) {
            assertEquals(Errors.NONE, group.heartbeat(leader, 2, t));
            group.tick(t);
        }
        assertTrue(group.hasMember(silent), "not expired at exactly the session timeout");
        group.tick(SESSION_MS + 1);
        assertFalse(group.hasMember(silent));
        assertEquals(GroupState.PREPARING_REBALANCE, group.state());
        assertEquals(Errors.REBALANCE_IN_PROGRESS, group.heartbeat(leader, 2, SESSION_MS + 2));
        JoinGroupResponse alone = done(join(leader, SESSION_MS + 3));
        assertEquals(3, alone.generationId());
        assertEquals(1, alone.members().size());
    }

    @Test
    void leaveRemovesAtOnceAndFailsWaitingSyncs() {
        JoinGroupResponse a = done(join("", 0));
        CompletableFuture<JoinGroupResponse> b = join("", 0);
        JoinGroupResponse a2 = done(join(a.memberId(), 0));
        JoinGroupResponse b2 = done(b);
        CompletableFuture<SyncGroupResponse> waiting = group.sync(new SyncGroupRequest("g", b2.generationId(),
                b2.memberId(), List.of()), 1);
        assertEquals(Errors.NONE, group.leave(a2.memberId(), 2));
        assertEquals(Errors.REBALANCE_IN_PROGRESS, done(waiting).error());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, group.leave(a2.memberId(), 3));
        JoinGroupResponse alone = done(join(b2.memberId(), 4));
        assertEquals(b2.memberId(), alone.leader(), "a new leader is chosen when the old one left");
        int generation = group.generation();
        assertEquals(Errors.NONE, group.leave(b2.memberId(), 5));
        assertEquals(GroupState.EMPTY, group.state(), "the last member leaving empties the group");
        assertEquals(generation + 1, group.generation());
    }

    @Test
    void staleGenerationsUnknownMembersAndCommitRules() {
        JoinGroupResponse[] pair = stablePair(0);
        String m = pair[1].memberId();
        assertEquals(Errors.ILLEGAL_GENERATION, group.heartbeat(m, 1, 1));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, group.heartbeat("nobody", 2, 1));
        assertEquals(Errors.ILLEGAL_GENERATION, done(group.sync(new SyncGroupRequest("g", 1, m, List.of()), 1)).error());
        assertEquals(Errors.NONE, group.checkCommit(m, 2, 1));
        assertEquals(Errors.ILLEGAL_GENERATION, group.checkCommit(m, 1, 1));
        assertEquals(Errors.ILLEGAL_GENERATION, group.checkCommit("", -1, 1), "simple commits need an empty group");
        assertEquals(Errors.UNKNOWN_MEMBER_ID, group.checkCommit("nobody", 2, 1));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, done(join("nobody", 1)).error());
        // Preparing: members of the current generation may still commit (in onPartitionsRevoked).
        CompletableFuture<JoinGroupResponse> c = join("", 2);
        assertEquals(Errors.NONE, group.checkCommit(m, 2, 3));
        join(pair[0].memberId(), 3);
        join(m, 3);
        assertTrue(c.isDone());
        assertEquals(GroupState.COMPLETING_REBALANCE, group.state());
        assertEquals(Errors.REBALANCE_IN_PROGRESS, group.checkCommit(m, 3, 4));
        assertEquals(Errors.NONE, new ConsumerGroup("empty").checkCommit("", -1, 0));
    }

    @Test
    void protocolsMustMatchAndTheMostVotedCommonOneWins() {
        JoinGroupResponse a = done(join("", 0, 0, "range", "roundrobin"));
        assertEquals("range", a.protocolName());
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, done(join("", 1, 0, "sticky")).error());
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, done(group.join(new JoinGroupRequest("g", SESSION_MS,
                REBALANCE_MS, "", "other", List.of(new JoinGroupRequest.Protocol("range", bytes("x")))), "c", "h", 0, 1))
                .error());
        CompletableFuture<JoinGroupResponse> b = join("", 2, 0, "roundrobin", "range");
        CompletableFuture<JoinGroupResponse> c = join("", 2, 0, "roundrobin", "range");
        JoinGroupResponse a2 = done(join(a.memberId(), 3, 0, "range", "roundrobin"));
        assertEquals("roundrobin", a2.protocolName(), "two votes against one");
        assertEquals("roundrobin", done(b).protocolName());
        assertEquals("meta-roundrobin", text(a2.members().get(0).metadata()));
        assertEquals(2, done(c).generationId());
    }

    @Test
    void failWaitingAnswersPendingJoinsAndSyncs() {
        CompletableFuture<JoinGroupResponse> a = join("", 0, 3000);
        group.failWaiting(Errors.NOT_COORDINATOR);
        assertEquals(Errors.NOT_COORDINATOR, done(a).error());
    }
}
