package io.partita.broker;

import io.partita.broker.config.BrokerConfig;
import io.partita.client.Settings;
import io.partita.client.admin.GroupDescription;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.OffsetAndMetadata;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.client.consumer.assignor.PartitionAssignor;
import io.partita.client.consumer.internals.ConsumerProtocol;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerRecord;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.FindCoordinatorRequest;
import io.partita.protocol.wire.api.FindCoordinatorResponse;
import io.partita.protocol.wire.api.JoinGroupRequest;
import io.partita.protocol.wire.api.JoinGroupResponse;
import io.partita.protocol.wire.api.SyncGroupRequest;
import io.partita.protocol.wire.api.SyncGroupResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.partita.broker.BrokerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Consumer groups end to end: a real broker on 127.0.0.1, real consumers, over TCP. */
@Timeout(180)
class ConsumerGroupTest {
    private static final long WAIT_MS = 60_000;

    @TempDir
    Path dir;

    private PartitaServer server;
    private String bootstrap;
    private final List<GroupMember> members = new ArrayList<>();

    static BrokerConfig groupConfig(Path dir) {
        return BrokerTestSupport.config(dir)
                .with(BrokerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, 4)
                .with(BrokerConfig.GROUP_MIN_SESSION_TIMEOUT_MS, 100)
                .with(BrokerConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, 0);
    }

    @BeforeEach
    void start() throws Exception {
        startBroker();
    }

    private void startBroker() throws Exception {
        server = PartitaServer.start(groupConfig(dir));
        bootstrap = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (GroupMember m : members) {
                m.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private Properties props(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Settings.of(m);
    }

    /** Consumer settings for quick rebalances: short heartbeats and fetch waits, from the earliest offset. */
    private Properties consumerProps(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
        m.put("session.timeout.ms", 6000);
        m.put("heartbeat.interval.ms", 100);
        m.put("max.poll.interval.ms", 30_000);
        m.put("fetch.max.wait.ms", 100);
        m.put("auto.offset.reset", "earliest");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Settings.of(m);
    }

    private void createTopic(String name, int partitions) throws Exception {
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            admin.createTopics(List.of(new NewTopic(name, partitions))).get(30, TimeUnit.SECONDS);
        }
    }

    private GroupMember member(String name, String group, String topic, GroupMember.Ledger ledger,
            boolean commitOnRevoke, Object... extra) {
        List<Object> kv = new ArrayList<>(List.of("group.id", group, "client.id", name));
        kv.addAll(List.of(extra));
        GroupMember m = new GroupMember(name, consumerProps(kv.toArray()), topic, ledger, commitOnRevoke);
        members.add(m);
        return m;
    }

    /** Whether the members' assignments are disjoint and cover exactly {@code partitions} partitions. */
    private static boolean splitExactly(int partitions, List<GroupMember> group, int... sizes) {
        Set<TopicPartition> union = new HashSet<>();
        int total = 0;
        for (int i = 0; i < group.size(); i++) {
            Set<TopicPartition> a = group.get(i).assignment();
            if (sizes.length > 0 && a.size() != sizes[i]) {
                return false;
            }
            union.addAll(a);
            total += a.size();
        }
        return union.size() == partitions && total == partitions;
    }

    private void produce(String topic, int partition, int count) throws Exception {
        try (PartitaProducer producer = new PartitaProducer(props("acks", "all"))) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord(topic, partition, null, null,
                        ("v" + i).getBytes(StandardCharsets.UTF_8), List.of()), null));
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"range", "roundrobin", "sticky"})
    void membersSplitSixPartitionsAndSurvivorsTakeOverWhenOneLeaves(String assignor) throws Exception {
        createTopic("split", 6);
        GroupMember.Ledger ledger = new GroupMember.Ledger();
        GroupMember a = member("a", "g-" + assignor, "split", ledger, false, "partition.assignment.strategy", assignor);
        GroupMember b = member("b", "g-" + assignor, "split", ledger, false, "partition.assignment.strategy", assignor);
        GroupMember c = member("c", "g-" + assignor, "split", ledger, false, "partition.assignment.strategy", assignor);
        await("three members holding two partitions each", WAIT_MS, () -> splitExactly(6, List.of(a, b, c), 2, 2, 2));
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            GroupDescription d = admin.describeGroup("g-" + assignor).get(30, TimeUnit.SECONDS);
            assertEquals("Stable", d.state());
            assertEquals(assignor, d.protocol());
            assertEquals(3, d.members().size());
        }
        members.remove(c);
        c.close();
        await("the two survivors holding three partitions each", WAIT_MS, () -> splitExactly(6, List.of(a, b), 3, 3));
    }

    @Test
    void aMemberThatStopsHeartbeatingTimesOutAndTheOthersTakeItsPartitions() throws Exception {
        createTopic("expire", 6);
        GroupMember.Ledger ledger = new GroupMember.Ledger();
        GroupMember a = member("a", "expiring", "expire", ledger, false);
        GroupMember b = member("b", "expiring", "expire", ledger, false);
        await("two members holding three partitions each", WAIT_MS, () -> splitExactly(6, List.of(a, b), 3, 3));
        int before = a.rebalances();
        // A member speaking the wire protocol directly: it joins and syncs, then goes silent.
        try (TestWireClient silent = new TestWireClient(server.port(), 60_000)) {
            silent.send(new JoinGroupRequest("expiring", 1000, 30_000, "", ConsumerProtocol.PROTOCOL_TYPE, List.of(
                    new JoinGroupRequest.Protocol("range", ConsumerProtocol.encodeSubscription(
                            new PartitionAssignor.Subscription(List.of("expire"), List.of()))))));
            JoinGroupResponse joined = silent.receive();
            assertEquals(Errors.NONE, joined.error());
            silent.send(new SyncGroupRequest("expiring", joined.generationId(), joined.memberId(), List.of()));
            SyncGroupResponse synced = silent.receive();
            assertEquals(Errors.NONE, synced.error());
            assertEquals(2, ConsumerProtocol.decodeAssignment(synced.assignment()).size(),
                    "the silent member got its share of the six partitions");
            await("the silent member's session expiring and the others taking its partitions", WAIT_MS,
                    () -> a.rebalances() >= before + 2 && splitExactly(6, List.of(a, b), 3, 3));
            try (PartitaAdmin admin = new PartitaAdmin(props())) {
                GroupDescription d = admin.describeGroup("expiring").get(30, TimeUnit.SECONDS);
                assertFalse(d.members().stream().anyMatch(m -> m.memberId().equals(joined.memberId())),
                        "the silent member was removed: " + d.members());
            }
        }
    }

    @Test
    void committedOffsetsSurviveABrokerRestartAndANewConsumerResumesFromThem() throws Exception {
        createTopic("durable", 3);
        produce("durable", 0, 10);
        produce("durable", 1, 10);
        produce("durable", 2, 10);
        TopicPartition p0 = new TopicPartition("durable", 0);
        TopicPartition p1 = new TopicPartition("durable", 1);
        TopicPartition p2 = new TopicPartition("durable", 2);
        try (PartitaConsumer consumer = new PartitaConsumer(consumerProps("group.id", "resume", "enable.auto.commit", false))) {
            consumer.subscribe(List.of("durable"));
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (seen < 30 && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(100)).size();
            }
            assertEquals(30, seen);
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(4, "four"), p1, new OffsetAndMetadata(7),
                    p2, new OffsetAndMetadata(10)));
            assertEquals(new OffsetAndMetadata(4, "four"), consumer.committed(Set.of(p0)).get(p0));
        }
        server.close();
        startBroker();
        try (PartitaConsumer consumer = new PartitaConsumer(consumerProps("group.id", "resume", "enable.auto.commit", false))) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(p0, p1, p2),
                    Duration.ofSeconds(30));
            assertEquals(new OffsetAndMetadata(4, "four"), committed.get(p0));
            assertEquals(new OffsetAndMetadata(7), committed.get(p1));
            assertEquals(new OffsetAndMetadata(10), committed.get(p2));
            consumer.subscribe(List.of("durable"));
            Map<TopicPartition, List<Long>> offsets = new HashMap<>();
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (seen < 9 && System.nanoTime() < deadline) {
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(100))) {
                    offsets.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>())
                            .add(r.offset());
                    seen++;
                }
            }
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), offsets.get(p0));
            assertEquals(List.of(7L, 8L, 9L), offsets.get(p1));
            assertEquals(null, offsets.get(p2));
        }
    }

    @Test
    void rebalancesUnderChurnProcessEveryRecordAndNothingCommittedTwice() throws Exception {
        int partitions = 6;
        int total = 3000;
        createTopic("churn", partitions);
        GroupMember.Ledger ledger = new GroupMember.Ledger();
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Semaphore batchesAllowed = new Semaphore(0);
        int batches = total / 100;
        Thread producer = new Thread(() -> {
            try (PartitaProducer p = new PartitaProducer(props("acks", "all", "linger.ms", 1))) {
                for (int batch = 0; batch < batches; batch++) {
                    if (!batchesAllowed.tryAcquire(WAIT_MS, TimeUnit.MILLISECONDS)) {
                        throw new AssertionError("no permit for batch " + batch);
                    }
                    List<Future<?>> sent = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        int n = batch * 100 + i;
                        sent.add(p.send(new ProducerRecord("churn", n % partitions, null, null,
                                ("r" + n).getBytes(StandardCharsets.UTF_8), List.of()), null));
                    }
                    for (Future<?> f : sent) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                }
            } catch (Throwable t) {
                producerFailure.set(t);
            }
        }, "churn-producer");
        producer.start();
        Deque<GroupMember> live = new ArrayDeque<>();
        live.add(member("m0", "churners", "churn", ledger, true, "enable.auto.commit", false));
        live.add(member("m1", "churners", "churn", ledger, true, "enable.auto.commit", false));
        // Each round lets three batches be produced while one member joins and the oldest leaves.
        for (int round = 2; round < 10; round++) {
            batchesAllowed.release(3);
            GroupMember joining = member("m" + round, "churners", "churn", ledger, true, "enable.auto.commit", false);
            live.addLast(joining);
            await("m" + round + " receiving an assignment", WAIT_MS, () -> joining.rebalances() > 0);
            GroupMember leaving = live.pollFirst();
            members.remove(leaving);
            leaving.close();
        }
        batchesAllowed.release(batches);
        producer.join(WAIT_MS);
        assertFalse(producer.isAlive(), "the producer finished");
        if (producerFailure.get() != null) {
            throw new AssertionError("producing failed", producerFailure.get());
        }
        await("every record processed", WAIT_MS, () -> ledger.processed.size() == total);
        for (GroupMember m : live) {
            members.remove(m);
            m.close();
        }
        assertFalse(ledger.cleanCommits.isEmpty(), "some members committed in onPartitionsRevoked");
        List<String> twice = new ArrayList<>();
        ledger.cleanCommits.forEach((tp, committed) -> {
            for (long o = 0; o < committed; o++) {
                if (ledger.count(tp, o) != 1) {
                    twice.add(tp + "@" + o + " x" + ledger.count(tp, o));
                }
            }
        });
        assertTrue(twice.isEmpty(), "records below a clean commit processed other than once: " + twice);
        for (int p = 0; p < partitions; p++) {
            for (long o = 0; o < total / partitions; o++) {
                assertTrue(ledger.count(new TopicPartition("churn", p), o) >= 1, "churn-" + p + "@" + o + " processed");
            }
        }
    }

    @Test
    void assignAndSubscribeExcludeEachOther() {
        try (PartitaConsumer consumer = new PartitaConsumer(consumerProps("group.id", "x"))) {
            consumer.subscribe(List.of("t"));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> consumer.assign(List.of(new TopicPartition("t", 0))));
            assertTrue(e.getMessage().contains("mutually exclusive"), e.getMessage());
            consumer.unsubscribe();
            consumer.assign(List.of(new TopicPartition("t", 0)));
            IllegalStateException s = assertThrows(IllegalStateException.class, () -> consumer.subscribe(List.of("t")));
            assertTrue(s.getMessage().contains("mutually exclusive"), s.getMessage());
        }
        try (PartitaConsumer noGroup = new PartitaConsumer(consumerProps())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> noGroup.subscribe(List.of("t")));
            assertTrue(e.getMessage().contains("group.id"), e.getMessage());
        }
    }

    @Test
    void aConsumerThatStopsPollingLeavesItsCommitsFailAndItRejoinsAtTheNextPoll() throws Exception {
        createTopic("slow", 3);
        TopicPartition p0 = new TopicPartition("slow", 0);
        try (PartitaConsumer slow = new PartitaConsumer(consumerProps("group.id", "pollers", "client.id", "slow",
                "max.poll.interval.ms", 1000, "enable.auto.commit", false))) {
            slow.subscribe(List.of("slow"));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (slow.assignment().size() < 3 && System.nanoTime() < deadline) {
                slow.poll(Duration.ofMillis(50));
            }
            assertEquals(3, slow.assignment().size());
            GroupMember fast = member("fast", "pollers", "slow", new GroupMember.Ledger(), false);
            await("the silent poller leaving and the other member taking every partition", WAIT_MS,
                    () -> fast.assignment().size() == 3);
            assertThrows(io.partita.client.consumer.CommitFailedException.class,
                    () -> slow.commitSync(Map.of(p0, new OffsetAndMetadata(1))));
            deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (System.nanoTime() < deadline
                    && !(slow.assignment().size() + fast.assignment().size() == 3 && !slow.assignment().isEmpty())) {
                slow.poll(Duration.ofMillis(50));
            }
            assertFalse(slow.assignment().isEmpty(), "the poller rejoined and got partitions back");
            Set<TopicPartition> union = new HashSet<>(slow.assignment());
            union.addAll(fast.assignment());
            assertEquals(3, union.size());
        }
    }

    @Test
    void aTombstoneInTheOffsetsTopicDeletesTheCommittedOffsetWhenReplayed() throws Exception {
        createTopic("tomb", 2);
        TopicPartition p0 = new TopicPartition("tomb", 0);
        TopicPartition p1 = new TopicPartition("tomb", 1);
        try (PartitaConsumer consumer = new PartitaConsumer(consumerProps("group.id", "tombs"))) {
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(3), p1, new OffsetAndMetadata(4)));
        }
        int partition = io.partita.broker.group.GroupCoordinator.partitionFor("tombs", 4);
        java.nio.ByteBuffer key = io.partita.broker.group.OffsetsTopicFormat.offsetKey("tombs", p0);
        byte[] keyBytes = new byte[key.remaining()];
        key.get(keyBytes);
        try (PartitaProducer producer = new PartitaProducer(props("acks", "all"))) {
            producer.send(new ProducerRecord(io.partita.broker.group.GroupCoordinator.OFFSETS_TOPIC, partition, null,
                    keyBytes, null, List.of()), null).get(30, TimeUnit.SECONDS);
        }
        server.close();
        startBroker();
        try (PartitaConsumer consumer = new PartitaConsumer(consumerProps("group.id", "tombs"))) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(p0, p1), Duration.ofSeconds(30));
            assertEquals(null, committed.get(p0), "the tombstone deleted it");
            assertEquals(new OffsetAndMetadata(4), committed.get(p1));
        }
    }

    @Test
    void groupsCommandListsAndDescribesGroupsWithOffsetsAndLag() throws Exception {
        createTopic("cli", 3);
        produce("cli", 0, 5);
        try (PartitaConsumer consumer = new PartitaConsumer(consumerProps("group.id", "cli-group",
                "client.id", "cli-consumer", "enable.auto.commit", false))) {
            consumer.subscribe(List.of("cli"));
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while ((seen < 5 || consumer.assignment().size() < 3) && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(50)).size();
            }
            assertEquals(5, seen);
            consumer.commitSync();
            produce("cli", 0, 2);

            CliResult list = cli("groups", "--bootstrap-server", bootstrap, "list");
            assertEquals(0, list.code(), list.err());
            assertTrue(list.out().matches("(?s).*cli-group\\s+Stable\\s+consumer.*"), list.out());

            CliResult describe = cli("groups", "--bootstrap-server", bootstrap, "describe", "cli-group");
            assertEquals(0, describe.code(), describe.err());
            String out = describe.out();
            assertTrue(out.contains("Group: cli-group\tState: Stable\tProtocol: range"), out);
            assertTrue(out.matches("(?s).*cli-consumer-\\S+\\s+cli-consumer\\s+\\S*127\\.0\\.0\\.1\\S*\\s+\\[cli-0, cli-1, cli-2\\].*"),
                    out);
            assertTrue(out.matches("(?s).*\\ncli\\s+0\\s+5\\s+7\\s+2\\s+cli-consumer-.*"), "committed 5, end 7, lag 2: " + out);
            assertTrue(out.matches("(?s).*\\ncli\\s+1\\s+0\\s+0\\s+0\\s+cli-consumer-.*"), out);

            CliResult missing = cli("groups", "--bootstrap-server", bootstrap, "describe", "no-such-group");
            assertEquals(1, missing.code(), missing.out());
            assertTrue(missing.err().contains("GROUP_ID_NOT_FOUND") && missing.err().contains("no-such-group"),
                    missing.err());
        }
    }

    @Test
    void findCoordinatorAnswersThisBrokerAndRefusesBadKeys() throws Exception {
        try (TestWireClient wire = new TestWireClient(server.port())) {
            wire.send(new FindCoordinatorRequest("some-group", FindCoordinatorRequest.GROUP));
            FindCoordinatorResponse found = wire.receive();
            assertEquals(Errors.NONE, found.error());
            assertEquals(0, found.nodeId());
            assertEquals(server.port(), found.port());
            wire.send(new FindCoordinatorRequest("", FindCoordinatorRequest.GROUP));
            FindCoordinatorResponse empty = wire.receive();
            assertEquals(Errors.INVALID_GROUP_ID, empty.error());
            wire.send(new FindCoordinatorRequest("txn-1", FindCoordinatorRequest.TRANSACTION));
            assertEquals(Errors.COORDINATOR_NOT_AVAILABLE, ((FindCoordinatorResponse) wire.receive()).error());
            wire.send(new JoinGroupRequest("some-group", 50, 1000, "", "consumer",
                    List.of(new JoinGroupRequest.Protocol("range", java.nio.ByteBuffer.allocate(0)))));
            assertEquals(Errors.INVALID_SESSION_TIMEOUT, ((JoinGroupResponse) wire.receive()).error(),
                    "50 ms is below group.min.session.timeout.ms=100");
            wire.send(new io.partita.protocol.wire.api.HeartbeatRequest("some-group", 1, "nobody"));
            assertEquals(Errors.UNKNOWN_MEMBER_ID,
                    ((io.partita.protocol.wire.api.HeartbeatResponse) wire.receive()).error());
        }
        assertTrue(server.replicaManager().partition(new TopicPartition(
                io.partita.broker.group.GroupCoordinator.OFFSETS_TOPIC, 3)).isPresent(),
                "__consumer_offsets was created with offsets.topic.num.partitions=4");
    }

    @Test
    void badSessionTimeoutsAndTooLongMetadataAreReportedToTheConsumer() throws Exception {
        createTopic("limits", 1);
        try (PartitaConsumer consumer = new PartitaConsumer(consumerProps("group.id", "limits",
                "session.timeout.ms", 50, "heartbeat.interval.ms", 10))) {
            consumer.subscribe(List.of("limits"));
            io.partita.client.PartitaClientException e = assertThrows(io.partita.client.PartitaClientException.class,
                    () -> consumer.poll(Duration.ofMillis(100)));
            assertEquals(Errors.INVALID_SESSION_TIMEOUT, e.error());
            assertTrue(e.getMessage().contains("session.timeout.ms=50"), e.getMessage());
        }
        try (PartitaConsumer consumer = new PartitaConsumer(consumerProps("group.id", "limits"))) {
            TopicPartition tp = new TopicPartition("limits", 0);
            io.partita.client.PartitaClientException e = assertThrows(io.partita.client.PartitaClientException.class,
                    () -> consumer.commitSync(Map.of(tp, new OffsetAndMetadata(1, "x".repeat(4097)))));
            assertEquals(Errors.OFFSET_METADATA_TOO_LARGE, e.error());
            assertEquals(null, consumer.committed(Set.of(tp), Duration.ofSeconds(30)).get(tp));
        }
    }

    @Test
    void commitAsyncReportsToItsCallbackInALaterPoll() throws Exception {
        createTopic("async", 1);
        produce("async", 0, 3);
        TopicPartition tp = new TopicPartition("async", 0);
        try (PartitaConsumer consumer = new PartitaConsumer(consumerProps("group.id", "async",
                "enable.auto.commit", false))) {
            consumer.subscribe(List.of("async"));
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (seen < 3 && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(50)).size();
            }
            assertEquals(3, seen);
            AtomicReference<Map<TopicPartition, OffsetAndMetadata>> reported = new AtomicReference<>();
            AtomicReference<Thread> callbackThread = new AtomicReference<>();
            consumer.commitAsync((offsets, error) -> {
                assertEquals(null, error);
                callbackThread.set(Thread.currentThread());
                reported.set(offsets);
            });
            deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (reported.get() == null && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(50));
            }
            assertEquals(Map.of(tp, new OffsetAndMetadata(3)), reported.get());
            assertEquals(Thread.currentThread(), callbackThread.get(), "callbacks run on the polling thread");
            assertEquals(new OffsetAndMetadata(3), consumer.committed(Set.of(tp), Duration.ofSeconds(30)).get(tp));
        }
    }

    @Test
    void consumeWithAGroupResumesWhereTheGroupLeftOff() throws Exception {
        createTopic("resumed", 1);
        produce("resumed", 0, 5);
        CliResult first = cli("consume", "--topic", "resumed", "--group", "readers", "--from-beginning",
                "--max-messages", "3", "--bootstrap-server", bootstrap);
        assertEquals(0, first.code(), first.err());
        assertEquals(List.of("v0", "v1", "v2"), first.out().lines().toList());
        CliResult second = cli("consume", "--topic", "resumed", "--group", "readers", "--max-messages", "2",
                "--bootstrap-server", bootstrap);
        assertEquals(0, second.code(), second.err());
        assertEquals(List.of("v3", "v4"), second.out().lines().toList());
        CliResult bad = cli("consume", "--topic", "resumed", "--group", "readers", "--partition", "0",
                "--bootstrap-server", bootstrap);
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--group cannot be combined"), bad.err());
    }

    @Test
    void autoCommitCommitsThePositionsPeriodicallyInPollAndOnClose() throws Exception {
        createTopic("auto", 1);
        produce("auto", 0, 3);
        TopicPartition tp = new TopicPartition("auto", 0);
        try (PartitaConsumer consumer = new PartitaConsumer(consumerProps("group.id", "auto-periodic",
                "auto.commit.interval.ms", 100))) {
            consumer.subscribe(List.of("auto"));
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            OffsetAndMetadata committed = null;
            while ((seen < 3 || !new OffsetAndMetadata(3).equals(committed)) && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(50)).size();
                committed = consumer.committed(Set.of(tp), Duration.ofSeconds(30)).get(tp);
            }
            assertEquals(new OffsetAndMetadata(3), committed, "committed by a later poll");
        }
        try (PartitaConsumer consumer = new PartitaConsumer(consumerProps("group.id", "auto-close",
                "auto.commit.interval.ms", 600_000))) {
            consumer.subscribe(List.of("auto"));
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (seen < 3 && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(50)).size();
            }
            assertEquals(3, seen);
            assertEquals(null, consumer.committed(Set.of(tp), Duration.ofSeconds(30)).get(tp),
                    "nothing committed before the interval");
        }
        try (PartitaConsumer reader = new PartitaConsumer(consumerProps("group.id", "auto-close"))) {
            assertEquals(new OffsetAndMetadata(3), reader.committed(Set.of(tp), Duration.ofSeconds(30)).get(tp),
                    "close committed the positions");
        }
    }

    private record CliResult(int code, String out, String err) {
    }

    private static CliResult cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = io.partita.broker.cli.PartitaCommand.commandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliResult(code, out.toString(), err.toString());
    }
}
