package io.partita.broker.group;

import io.partita.broker.cluster.TopicManager;
import io.partita.broker.cluster.TopicStore;
import io.partita.broker.config.BrokerConfig;
import io.partita.broker.log.LogManager;
import io.partita.broker.replication.ReplicaManager;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.JoinGroupRequest;
import io.partita.protocol.wire.api.JoinGroupResponse;
import io.partita.protocol.wire.api.OffsetCommitRequest;
import io.partita.protocol.wire.api.OffsetCommitResponse;
import io.partita.protocol.wire.api.OffsetFetchRequest;
import io.partita.protocol.wire.api.OffsetFetchResponse;
import io.partita.protocol.wire.api.SyncGroupRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator over real storage (log manager, partitions, topic metadata in a temp dir),
 * with a clock the test moves and {@link GroupCoordinator#tick()} called by the test.
 */
@Timeout(60)
class GroupCoordinatorTest {

    /** A clock that moves only when told. */
    static final class ManualClock extends Clock {
        private volatile long millis = 1_700_000_000_000L;

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private LogManager logs;
    private ScheduledThreadPoolExecutor timer;
    private ReplicaManager replicas;
    private GroupCoordinator coordinator;

    private GroupCoordinator open() throws IOException {
        BrokerConfig config = BrokerConfig.of(Map.of(BrokerConfig.LOG_DIRS, dir.toString(),
                BrokerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, "3", BrokerConfig.GROUP_MIN_SESSION_TIMEOUT_MS, "100",
                BrokerConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, "0"));
        logs = LogManager.start(List.of(dir), config.logConfig(), Clock.systemUTC(), config.retentionCheckIntervalMs(),
                config.checkpointIntervalMs());
        timer = new ScheduledThreadPoolExecutor(1);
        replicas = new ReplicaManager(0, logs, timer, config.checkpointIntervalMs());
        TopicManager topics = TopicManager.start(config, TopicStore.load(List.of(dir)), replicas, logs);
        coordinator = GroupCoordinator.start(config.groupConfig(), clock, topics, replicas, null);
        return coordinator;
    }

    @AfterEach
    void close() throws IOException {
        if (coordinator != null) {
            coordinator.close();
            replicas.close();
            timer.shutdownNow();
            logs.close();
            coordinator = null;
        }
    }

    private static JoinGroupRequest join(String memberId) {
        return new JoinGroupRequest("g", 1000, 5000, memberId, "consumer",
                List.of(new JoinGroupRequest.Protocol("range", ByteBuffer.wrap(new byte[] {1, 2}))));
    }

    private static <T> T done(CompletableFuture<T> f) {
        assertTrue(f.isDone(), "not answered yet");
        return f.getNow(null);
    }

    /** One member, joined and synced: the group is Stable and its record is written. */
    private JoinGroupResponse stableMember(GroupCoordinator c) {
        JoinGroupResponse joined = done(c.join(join(""), "client", "/127.0.0.1:1"));
        assertEquals(Errors.NONE, joined.error());
        assertEquals(Errors.NONE, done(c.sync(new SyncGroupRequest("g", joined.generationId(), joined.memberId(),
                List.of(new SyncGroupRequest.Assignment(joined.memberId(), ByteBuffer.wrap(new byte[] {9}))))))
                .error());
        assertEquals("Stable", c.describe("g").state());
        return joined;
    }

    @Test
    void sessionsExpireWhenTheClockPassesTheirTimeout() throws IOException {
        GroupCoordinator c = open();
        JoinGroupResponse member = stableMember(c);
        clock.advance(900);
        assertEquals(Errors.NONE, c.heartbeat("g", member.generationId(), member.memberId()));
        clock.advance(900);
        c.tick();
        assertEquals("Stable", c.describe("g").state(), "the heartbeat renewed the session");
        clock.advance(1001);
        c.tick();
        assertEquals("Empty", c.describe("g").state());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, c.heartbeat("g", member.generationId(), member.memberId()));
    }

    @Test
    void offsetsAndTheGenerationAreReplayedFromTheLogAtStart() throws IOException {
        GroupCoordinator c = open();
        JoinGroupResponse member = stableMember(c);
        OffsetCommitResponse committed = c.commitOffsets(new OffsetCommitRequest("g", member.generationId(),
                member.memberId(), List.of(new OffsetCommitRequest.Topic("orders", List.of(
                        new OffsetCommitRequest.Partition(0, 17, "meta"), new OffsetCommitRequest.Partition(1, 5, null))))));
        committed.topics().get(0).partitions().forEach(p -> assertEquals(Errors.NONE, p.error()));
        assertEquals(Errors.ILLEGAL_GENERATION, c.commitOffsets(new OffsetCommitRequest("g", member.generationId() + 1,
                member.memberId(), List.of(new OffsetCommitRequest.Topic("orders", List.of(
                        new OffsetCommitRequest.Partition(0, 99, null)))))).topics().get(0).partitions().get(0).error());
        close();

        GroupCoordinator reopened = open();
        assertEquals("Empty", reopened.describe("g").state(), "members rejoin after a restart");
        OffsetFetchResponse fetched = reopened.fetchOffsets(new OffsetFetchRequest("g", null));
        assertEquals(List.of(new OffsetFetchResponse.Topic("orders", List.of(
                new OffsetFetchResponse.Partition(0, 17, "meta", Errors.NONE),
                new OffsetFetchResponse.Partition(1, 5, null, Errors.NONE)))), fetched.topics());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, reopened.heartbeat("g", member.generationId(), member.memberId()));
        JoinGroupResponse again = done(reopened.join(join(""), "client", "/127.0.0.1:2"));
        assertEquals(member.generationId() + 1, again.generationId(), "generations continue after a restart");
        assertEquals(List.of("g"), reopened.listGroups().stream().map(g -> g.groupId()).toList());
    }

    @Test
    void badRequestsAreRefusedBeforeAnyGroupIsCreated() throws IOException {
        GroupCoordinator c = open();
        assertEquals(Errors.INVALID_GROUP_ID, done(c.join(new JoinGroupRequest("", 1000, 5000, "", "consumer",
                List.of()), "c", "h")).error());
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, done(c.join(new JoinGroupRequest("g", 1000, 5000, "",
                "consumer", List.of()), "c", "h")).error());
        assertEquals(Errors.INVALID_SESSION_TIMEOUT, done(c.join(new JoinGroupRequest("g", 99, 5000, "", "consumer",
                List.of(new JoinGroupRequest.Protocol("range", ByteBuffer.allocate(0)))), "c", "h")).error());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, done(c.join(join("ghost"), "c", "h")).error());
        assertTrue(c.listGroups().isEmpty(), "no group was created: " + c.listGroups());
        assertEquals(Errors.GROUP_ID_NOT_FOUND, c.describe("g").error());
    }
}
