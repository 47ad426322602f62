package io.partita.broker;

import io.partita.broker.config.BrokerConfig;
import io.partita.broker.group.share.DeadLetters;
import io.partita.client.PartitaClientException;
import io.partita.client.Settings;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.admin.ShareBrowseState;
import io.partita.protocol.TopicPartition;
import java.util.concurrent.ExecutionException;
import io.partita.client.admin.SubscriptionDescription;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerRecord;
import io.partita.client.share.AcknowledgeType;
import io.partita.client.share.PartitaShareConsumer;
import io.partita.client.share.ShareRecord;
import io.partita.client.share.ShareSubscription;
import io.partita.protocol.message.EnvelopeReader;
import io.partita.protocol.message.EnvelopeWriter;
import io.partita.protocol.message.MessageEnvelope;
import io.partita.protocol.record.Header;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ShareAcknowledgeRequest;
import io.partita.protocol.wire.api.ShareAcknowledgeResponse;
import io.partita.protocol.wire.api.ShareFetchRequest;
import io.partita.protocol.wire.api.ShareFetchResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Share groups (queues) and topic subscriptions against a real broker on 127.0.0.1, through the client. */
@Timeout(120)
class ShareGroupTest {
    private static final long DEADLINE_MS = 30_000;

    @TempDir
    Path dir;

    private PartitaServer server;
    private String bootstrap;
    private final List<AutoCloseable> open = new ArrayList<>();

    private void start(Map<String, String> extra) throws Exception {
        BrokerConfig config = BrokerTestSupport.config(dir);
        for (Map.Entry<String, String> e : extra.entrySet()) {
            config = config.with(e.getKey(), e.getValue());
        }
        server = PartitaServer.start(config);
        bootstrap = "127.0.0.1:" + server.port();
    }

    private void restart() throws Exception {
        BrokerConfig config = server.config();
        closeClients();
        server.close();
        server = PartitaServer.start(config.with(BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:" + server.port()));
        bootstrap = "127.0.0.1:" + server.port();
    }

    private void closeClients() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
    }

    @AfterEach
    void stop() throws Exception {
        closeClients();
        if (server != null) {
            server.close();
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

    private void createTopic(String name, int partitions) throws Exception {
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            admin.createTopics(List.of(new NewTopic(name, partitions))).get(30, TimeUnit.SECONDS);
        }
    }

    private PartitaShareConsumer consumer(ShareSubscription s, Object... settings) {
        PartitaShareConsumer c = new PartitaShareConsumer(props(settings));
        open.add(c);
        c.subscribe(s);
        return c;
    }

    /** A JMS-style record: the envelope header with the given properties (name, value pairs). */
    private static ProducerRecord message(String topic, String body, EnvelopeWriter envelope) {
        return new ProducerRecord(topic, 0, null, null, body.getBytes(StandardCharsets.UTF_8),
                List.of(Header.of(MessageEnvelope.HEADER_KEY, envelope.toByteArray())));
    }

    private void send(List<ProducerRecord> records) throws Exception {
        try (PartitaProducer producer = new PartitaProducer(props("acks", "all"))) {
            List<Future<?>> sent = new ArrayList<>();
            for (ProducerRecord r : records) {
                sent.add(producer.send(r));
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private void sendPlain(String topic, int from, int count) throws Exception {
        List<ProducerRecord> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(new ProducerRecord(topic, 0, null, null, ("m" + i).getBytes(StandardCharsets.UTF_8), List.of()));
        }
        send(records);
    }

    private static String body(ShareRecord r) {
        return new String(r.value(), StandardCharsets.UTF_8);
    }

    /** Polls, accepting everything, until {@code count} records came; then checks nothing more comes. */
    private static List<ShareRecord> acceptAll(PartitaShareConsumer c, int count) {
        List<ShareRecord> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (got.size() < count && System.nanoTime() < deadline) {
            for (ShareRecord r : c.poll(Duration.ofMillis(200))) {
                got.add(r);
                c.acknowledge(r, AcknowledgeType.ACCEPT);
            }
            c.commitSync();
        }
        assertEquals(count, got.size(), "records received: " + got);
        List<ShareRecord> more = c.poll(Duration.ofMillis(300));
        assertTrue(more.isEmpty(), "nothing beyond the expected records: " + more);
        return got;
    }

    private static Set<String> bodies(List<ShareRecord> records) {
        Set<String> out = new HashSet<>();
        for (ShareRecord r : records) {
            assertTrue(out.add(body(r)), "delivered twice: " + body(r));
        }
        return out;
    }

    private static Set<String> expected(int from, int count) {
        Set<String> out = new HashSet<>();
        for (int i = from; i < from + count; i++) {
            out.add("m" + i);
        }
        return out;
    }

    // ------------------------------------------------------------------ queues

    @Test
    void shareBrowseTellsTheStartAndTheFinishedOffsetsAndSurvivesARestart() throws Exception {
        start(Map.of());
        createTopic("browsed", 1);
        sendPlain("browsed", 0, 10);
        TopicPartition tp = new TopicPartition("browsed", 0);
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            ShareBrowseState none = admin.browseShareGroup("queue:browsed", tp, 0, 10).get(30, TimeUnit.SECONDS);
            assertEquals(-1, none.shareStartOffset());
            assertTrue(none.finishedOffsets().isEmpty());
            assertFalse(none.isFinished(0));
        }
        PartitaShareConsumer c = consumer(ShareSubscription.queue("browsed", null), "max.poll.records", 10);
        List<ShareRecord> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (got.size() < 10 && System.nanoTime() < deadline) {
            got.addAll(c.poll(Duration.ofMillis(200)));
        }
        assertEquals(10, got.size());
        for (ShareRecord r : got) {
            long o = r.offset();
            c.acknowledge(r, o <= 2 || o == 5 ? AcknowledgeType.ACCEPT
                    : o == 7 ? AcknowledgeType.REJECT : AcknowledgeType.RELEASE);
        }
        c.commitSync();
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            ShareBrowseState state = admin.browseShareGroup("queue:browsed", tp, 0, 10).get(30, TimeUnit.SECONDS);
            assertEquals(3, state.shareStartOffset());
            assertEquals(Set.of(5L, 7L), state.finishedOffsets());
            assertTrue(state.isFinished(0) && state.isFinished(2) && state.isFinished(7));
            assertFalse(state.isFinished(3) || state.isFinished(6) || state.isFinished(9));
            assertEquals(Set.of(7L), admin.browseShareGroup("queue:browsed", tp, 6, 10).get(30, TimeUnit.SECONDS)
                    .finishedOffsets());
            ExecutionException unknown = assertThrows(ExecutionException.class, () -> admin.browseShareGroup(
                    "queue:browsed", new TopicPartition("browsed", 4), 0, 10).get(30, TimeUnit.SECONDS));
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, ((PartitaClientException) unknown.getCause()).error());
        }
        restart();
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            ShareBrowseState state = admin.browseShareGroup("queue:browsed", tp, 0, 10).get(30, TimeUnit.SECONDS);
            assertEquals(3, state.shareStartOffset());
            assertEquals(Set.of(5L, 7L), state.finishedOffsets());
        }
    }

    @Test
    void eightCompetingConsumersAllGetWorkAndEveryRecordIsAcceptedOnce() throws Exception {
        start(Map.of());
        createTopic("work", 1);
        int n = 400;
        sendPlain("work", 0, n);
        int members = 8;
        CountDownLatch everyoneHasOne = new CountDownLatch(members);
        Map<String, Integer> acceptedBy = new ConcurrentHashMap<>();
        Map<Integer, Integer> perMember = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(members);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                int member = m;
                running.add(pool.submit(() -> {
                    try (PartitaShareConsumer c = new PartitaShareConsumer(props("max.poll.records", 3))) {
                        c.subscribe(ShareSubscription.queue("work", null));
                        boolean first = true;
                        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS * 2);
                        while (total.get() < n && System.nanoTime() < deadline) {
                            List<ShareRecord> records = c.poll(Duration.ofMillis(100));
                            if (records.isEmpty()) {
                                continue;
                            }
                            if (first) {
                                // Hold the first records until every member has some: all of them get work.
                                first = false;
                                everyoneHasOne.countDown();
                                assertTrue(everyoneHasOne.await(DEADLINE_MS, TimeUnit.MILLISECONDS),
                                        "every member received records");
                            }
                            for (ShareRecord r : records) {
                                assertEquals(1, r.deliveryCount(), "first delivery of " + r);
                                c.acknowledge(r, AcknowledgeType.ACCEPT);
                            }
                            c.commitSync();
                            for (ShareRecord r : records) {
                                Integer before = acceptedBy.putIfAbsent(body(r), member);
                                assertEquals(null, before, body(r) + " accepted twice");
                            }
                            perMember.merge(member, records.size(), Integer::sum);
                            total.addAndGet(records.size());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(DEADLINE_MS * 3, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(expected(0, n), acceptedBy.keySet());
        assertEquals(members, perMember.size(), "members that received work: " + perMember);
        try (PartitaShareConsumer c = new PartitaShareConsumer(props())) {
            c.subscribe(ShareSubscription.queue("work", null));
            assertTrue(c.poll(Duration.ofMillis(300)).isEmpty(), "nothing is left or delivered again");
        }
    }

    private ShareFetchResponse rawFetch(TestWireClient wire, String group, String member, String topic, int max)
            throws Exception {
        return wire.call(new ShareFetchRequest(group, member, 0, max, null,
                List.of(new ShareFetchRequest.ShareFetchTopic(topic, List.of(0)))));
    }

    private static List<ShareFetchResponse.AcquiredRecord> records(ShareFetchResponse r) {
        assertEquals(Errors.NONE, r.error(), r.errorMessage());
        return r.topics().get(0).partitions().get(0).records();
    }

    @Test
    void recordsOfAMemberWhoseConnectionDropsGoToAnotherWithDeliveryCountTwo() throws Exception {
        start(Map.of());
        createTopic("drop", 1);
        sendPlain("drop", 0, 5);
        List<ShareFetchResponse.AcquiredRecord> held;
        try (TestWireClient dying = new TestWireClient(server.port())) {
            held = records(rawFetch(dying, "queue:drop", "dying-member", "drop", 3));
            assertEquals(3, held.size());
            for (ShareFetchResponse.AcquiredRecord r : held) {
                assertEquals(1, r.deliveryCount());
            }
        } // the connection drops without acknowledging or leaving
        PartitaShareConsumer other = consumer(ShareSubscription.queue("drop", null));
        List<ShareRecord> got = acceptAll(other, 5);
        Map<Long, Integer> counts = new HashMap<>();
        for (ShareRecord r : got) {
            counts.put(r.offset(), r.deliveryCount());
        }
        for (ShareFetchResponse.AcquiredRecord r : held) {
            assertEquals(2, counts.get(r.offset()), "redelivered offset " + r.offset());
        }
        assertEquals(1, counts.get(3L));
        assertEquals(1, counts.get(4L));
    }

    @Test
    void recordsWhoseLockTimesOutGoToAnotherMemberWithDeliveryCountTwo() throws Exception {
        start(Map.of(BrokerConfig.SHARE_RECORD_LOCK_DURATION_MS, "300"));
        createTopic("slow", 1);
        sendPlain("slow", 0, 2);
        try (TestWireClient stuck = new TestWireClient(server.port())) {
            List<ShareFetchResponse.AcquiredRecord> held = records(rawFetch(stuck, "queue:slow", "stuck", "slow", 10));
            assertEquals(2, held.size());
            PartitaShareConsumer other = consumer(ShareSubscription.queue("slow", null));
            List<ShareRecord> got = acceptAll(other, 2);
            for (ShareRecord r : got) {
                assertEquals(2, r.deliveryCount(), r.toString());
                assertTrue(r.redelivered());
            }
            // The stuck member's late acknowledgement is refused: the record is no longer its.
            ShareAcknowledgeResponse late = stuck.call(new ShareAcknowledgeRequest("queue:slow", "stuck", false, List.of(
                    new ShareAcknowledgeRequest.AckTopic("slow", List.of(new ShareAcknowledgeRequest.AckPartition(0,
                            List.of(new ShareAcknowledgeRequest.Ack(0, ShareAcknowledgeRequest.ACCEPT))))))));
            assertEquals(Errors.INVALID_RECORD_STATE, late.topics().get(0).partitions().get(0).error());
        }
    }

    @Test
    void closingAConsumerReleasesWhatItHoldsAtOnce() throws Exception {
        start(Map.of());
        createTopic("closing", 1);
        sendPlain("closing", 0, 3);
        try (PartitaShareConsumer first = new PartitaShareConsumer(props())) {
            first.subscribe(ShareSubscription.queue("closing", null));
            List<ShareRecord> got = first.poll(Duration.ofSeconds(10));
            assertEquals(3, got.size());
            first.acknowledge(got.get(0));
        }
        PartitaShareConsumer second = consumer(ShareSubscription.queue("closing", null));
        List<ShareRecord> rest = acceptAll(second, 2);
        assertEquals(Set.of("m1", "m2"), bodies(rest));
        for (ShareRecord r : rest) {
            assertEquals(2, r.deliveryCount());
        }
    }

    @Test
    void aReturnedRecordComesBackWithItsEarlierCountAcrossARestart()
            throws Exception {
        start(Map.of());
        createTopic("returned", 1);
        sendPlain("returned", 0, 2);
        try (PartitaShareConsumer first = new PartitaShareConsumer(props())) {
            first.subscribe(ShareSubscription.queue("returned", null));
            List<ShareRecord> got = first.poll(Duration.ofSeconds(10));
            assertEquals(2, got.size());
            first.acknowledge(got.get(0), AcknowledgeType.RELEASE);
            first.acknowledge(got.get(1), AcknowledgeType.RETURN);
            first.commitSync();
        }
        restart();
        PartitaShareConsumer second = consumer(ShareSubscription.queue("returned", null));
        Map<String, Integer> counts = new HashMap<>();
        for (ShareRecord r : acceptAll(second, 2)) {
            counts.put(body(r), r.deliveryCount());
        }
        assertEquals(Map.of("m0", 2, "m1", 1), counts, "a release counts its delivery, a return does not");
    }

    @Test
    void recordsFetchedAheadArePolledNextAndReturnedUncountedWhenTheConsumerClosesFirst() throws Exception {
        start(Map.of());
        createTopic("ahead", 1);
        sendPlain("ahead", 0, 6);
        try (PartitaShareConsumer first = new PartitaShareConsumer(props("max.poll.records", 2))) {
            first.subscribe(ShareSubscription.queue("ahead", null));
            List<ShareRecord> got = first.poll(Duration.ofSeconds(10));
            assertEquals(List.of("m0", "m1"), List.of(body(got.get(0)), body(got.get(1))));
            assertTrue(first.fetchAhead(2));
            assertFalse(first.fetchAhead(2), "one fetch ahead at a time");
            List<ShareRecord> next = first.poll(Duration.ZERO);
            assertEquals(List.of("m2", "m3"), List.of(body(next.get(0)), body(next.get(1))));
            for (ShareRecord r : got) {
                first.acknowledge(r);
            }
            for (ShareRecord r : next) {
                first.acknowledge(r);
            }
            first.commitSync();
            assertTrue(first.fetchAhead(2));
        }
        PartitaShareConsumer second = consumer(ShareSubscription.queue("ahead", null));
        List<ShareRecord> rest = acceptAll(second, 2);
        assertEquals(Set.of("m4", "m5"), bodies(rest));
        for (ShareRecord r : rest) {
            assertEquals(1, r.deliveryCount(), "fetched ahead and never polled: not a delivery");
        }
    }

    @Test
    void anAsynchronousCommitAfterEveryRecordAcceptsEachOnceThoughCommitsQueueBehindTheOneInFlight()
            throws Exception {
        start(Map.of());
        createTopic("auto", 1);
        int n = 300;
        sendPlain("auto", 0, n);
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        List<ShareRecord> got = new ArrayList<>();
        try (PartitaShareConsumer c = new PartitaShareConsumer(props("max.poll.records", n))) {
            c.subscribe(ShareSubscription.queue("auto", null));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
            while (got.size() < n && System.nanoTime() < deadline) {
                for (ShareRecord r : c.poll(Duration.ofMillis(200))) {
                    got.add(r);
                    c.acknowledge(r, AcknowledgeType.ACCEPT);
                    commits.add(c.commitAsync()); // as a JMS AUTO_ACKNOWLEDGE session does
                }
            }
            CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        assertEquals(expected(0, n), bodies(got));
        PartitaShareConsumer after = consumer(ShareSubscription.queue("auto", null));
        assertTrue(after.poll(Duration.ofMillis(500)).isEmpty(), "an accepted record came again");
    }

    @Test
    void disjointSelectorsEachGetExactlyTheirRecordsAndUnmatchedRecordsWait() throws Exception {
        start(Map.of());
        createTopic("colors", 1);
        List<ProducerRecord> records = new ArrayList<>();
        String[] colors = {"red", "blue", "green"};
        for (int i = 0; i < 30; i++) {
            String color = colors[i % 3];
            records.add(message("colors", color + i, new EnvelopeWriter().stringProperty("color", color)));
        }
        send(records);
        PartitaShareConsumer red = consumer(ShareSubscription.queue("colors", "color = 'red'"));
        PartitaShareConsumer blue = consumer(ShareSubscription.queue("colors", "color = 'blue'"));
        for (ShareRecord r : acceptAll(red, 10)) {
            assertTrue(body(r).startsWith("red"), body(r));
        }
        for (ShareRecord r : acceptAll(blue, 10)) {
            assertTrue(body(r).startsWith("blue"), body(r));
        }
        PartitaShareConsumer green = consumer(ShareSubscription.queue("colors", "color = 'green'"));
        List<ShareRecord> greens = acceptAll(green, 10);
        for (ShareRecord r : greens) {
            assertTrue(body(r).startsWith("green"), body(r));
            assertEquals(1, r.deliveryCount(), "waiting is not a delivery");
        }
        assertThrows(IllegalArgumentException.class, () -> consumer(ShareSubscription.queue("colors", "color = ")));
    }

    private List<ShareRecord> readDeadLetters(int count) {
        PartitaShareConsumer dlq = consumer(ShareSubscription.group("dlq-reader", "DLQ", null));
        return acceptAll(dlq, count);
    }

    @Test
    void deadLettersGoToTheDeadLetterPartitionNumberedAsTheirOriginModuloItsCount() throws Exception {
        start(Map.of());
        createTopic("DLQ", 2);
        createTopic("spread", 3);
        send(List.of(new ProducerRecord("spread", 1, null, null, "from-1".getBytes(StandardCharsets.UTF_8), List.of()),
                new ProducerRecord("spread", 2, null, null, "from-2".getBytes(StandardCharsets.UTF_8), List.of())));
        PartitaShareConsumer c = consumer(ShareSubscription.queue("spread", null));
        List<ShareRecord> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (got.size() < 2 && System.nanoTime() < deadline) {
            for (ShareRecord r : c.poll(Duration.ofMillis(200))) {
                got.add(r);
                c.acknowledge(r, AcknowledgeType.REJECT);
            }
            c.commitSync();
        }
        assertEquals(2, got.size());
        Map<String, Integer> partitionOf = new HashMap<>();
        for (ShareRecord d : readDeadLetters(2)) {
            partitionOf.put(body(d), d.partition());
        }
        assertEquals(Map.of("from-1", 1, "from-2", 0), partitionOf, "origin partition modulo 2");
    }

    @Test
    void aPoisonMessageReleasedTenTimesGoesToTheDeadLetterTopicAndTheQueueMovesOn() throws Exception {
        start(Map.of());
        createTopic("poison", 1);
        send(List.of(message("poison", "poison", new EnvelopeWriter().stringProperty("kind", "bad")),
                message("poison", "fine-1", new EnvelopeWriter()), message("poison", "fine-2", new EnvelopeWriter())));
        PartitaShareConsumer c = consumer(ShareSubscription.queue("poison", null));
        int poisonDeliveries = 0;
        Set<String> accepted = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while ((accepted.size() < 2 || poisonDeliveries < 10) && System.nanoTime() < deadline) {
            for (ShareRecord r : c.poll(Duration.ofMillis(200))) {
                if (body(r).equals("poison")) {
                    poisonDeliveries++;
                    assertEquals(poisonDeliveries, r.deliveryCount());
                    c.acknowledge(r, AcknowledgeType.RELEASE);
                } else {
                    accepted.add(body(r));
                    c.acknowledge(r, AcknowledgeType.ACCEPT);
                }
            }
            c.commitSync();
        }
        assertEquals(10, poisonDeliveries);
        assertEquals(Set.of("fine-1", "fine-2"), accepted);
        assertTrue(c.poll(Duration.ofMillis(300)).isEmpty(), "the poison message is not delivered an 11th time");

        List<ShareRecord> dead = readDeadLetters(1);
        ShareRecord d = dead.get(0);
        assertEquals("poison", body(d));
        String reason = new String(d.header(DeadLetters.REASON_HEADER), StandardCharsets.UTF_8);
        assertTrue(reason.contains("10"), reason);
        byte[] env = d.header(MessageEnvelope.HEADER_KEY);
        assertNotNull(env, "the original headers are kept");
        assertEquals("bad", new EnvelopeReader().wrap(ByteBuffer.wrap(env)).property("kind"));
    }

    @Test
    void aRejectedRecordGoesToThePerTopicDeadLetterTopicAtOnce() throws Exception {
        start(Map.of());
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1, Map.of("dead.letter.topic", "orders.dead"))))
                    .get(30, TimeUnit.SECONDS);
        }
        sendPlain("orders", 0, 2);
        PartitaShareConsumer c = consumer(ShareSubscription.queue("orders", null));
        List<ShareRecord> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (got.size() < 2 && System.nanoTime() < deadline) {
            got.addAll(c.poll(Duration.ofMillis(200)));
        }
        assertEquals(2, got.size());
        c.acknowledge(got.get(0), AcknowledgeType.REJECT);
        c.acknowledge(got.get(1), AcknowledgeType.ACCEPT);
        c.commitSync();
        assertTrue(c.poll(Duration.ofMillis(300)).isEmpty());
        PartitaShareConsumer dlq = consumer(ShareSubscription.group("reader", "orders.dead", null));
        List<ShareRecord> dead = acceptAll(dlq, 1);
        assertEquals("m0", body(dead.get(0)));
        assertTrue(new String(dead.get(0).header(DeadLetters.REASON_HEADER), StandardCharsets.UTF_8).contains("rejected"));
    }

    @Test
    void aDelayedRecordIsNotDeliveredEarlyAndAnExpiredOneNever() throws Exception {
        start(Map.of());
        createTopic("timed", 1);
        long now = System.currentTimeMillis();
        long deliveryTime = now + 1500;
        send(List.of(message("timed", "delayed", new EnvelopeWriter().deliveryTime(deliveryTime)),
                message("timed", "expired", new EnvelopeWriter().expiration(now - 1)),
                message("timed", "now", new EnvelopeWriter())));
        PartitaShareConsumer c = consumer(ShareSubscription.queue("timed", null));
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (!got.contains("delayed") && System.nanoTime() < deadline) {
            for (ShareRecord r : c.poll(Duration.ofMillis(200))) {
                long receivedAt = System.currentTimeMillis();
                if (body(r).equals("delayed")) {
                    assertTrue(receivedAt >= deliveryTime, "delivered " + (deliveryTime - receivedAt) + " ms early");
                }
                got.add(body(r));
                c.acknowledge(r);
            }
            c.commitSync();
        }
        assertEquals(List.of("now", "delayed"), got);
        assertTrue(c.poll(Duration.ofMillis(300)).isEmpty(), "the expired record is never delivered");
    }

    @Test
    void higherPriorityIsDeliveredFirstAndOrderIsKeptWithinAPriority() throws Exception {
        start(Map.of());
        createTopic("prio", 1);
        send(List.of(message("prio", "low-1", new EnvelopeWriter().priority(1)),
                message("prio", "high-1", new EnvelopeWriter().priority(9)),
                message("prio", "low-2", new EnvelopeWriter().priority(1)),
                message("prio", "high-2", new EnvelopeWriter().priority(9))));
        PartitaShareConsumer c = consumer(ShareSubscription.queue("prio", null), "max.poll.records", 10);
        List<String> order = new ArrayList<>();
        for (ShareRecord r : acceptAll(c, 4)) {
            order.add(body(r));
        }
        assertEquals(List.of("high-1", "high-2", "low-1", "low-2"), order);
    }

    @Test
    void aHigherPriorityOvertakesAtMostTheLockBoundOfOffsetsSoAFetchNeverReadsTheWholeQueue() throws Exception {
        start(Map.of(BrokerConfig.SHARE_PARTITION_MAX_RECORD_LOCKS, "10"));
        createTopic("deep", 1);
        List<ProducerRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(message("deep", i == 95 ? "high" : "low" + i, new EnvelopeWriter().priority(i == 95 ? 9 : 4)));
        }
        send(records);
        PartitaShareConsumer c = consumer(ShareSubscription.queue("deep", null), "max.poll.records", 5);
        List<String> order = new ArrayList<>();
        for (ShareRecord r : acceptAll(c, 100)) {
            order.add(body(r));
        }
        // Each fetch looks 10 offsets past its first candidate: offset 95 is first seen by the
        // fetch starting at offset 90, and then goes before it.
        assertEquals(90, order.indexOf("high"), "position of the priority-9 record in " + order);
        for (int i = 0; i < 90; i++) {
            assertEquals("low" + i, order.get(i));
        }
        assertEquals(List.of("low90", "low91", "low92", "low93", "low94", "low96"), order.subList(91, 97));
    }

    // A consumer fetching one record at a time keeps a window of what its earlier fetches looked at
    // (10 offsets here); these three check that what changes behind that window is seen.

    /** Polls once with max.poll.records=1, accepting what came; returns its body or null. */
    private static String pollOne(PartitaShareConsumer c) {
        List<ShareRecord> got = c.poll(Duration.ofMillis(200));
        assertTrue(got.size() <= 1, "one record at most: " + got);
        if (got.isEmpty()) {
            return null;
        }
        c.acknowledge(got.get(0), AcknowledgeType.ACCEPT);
        c.commitSync();
        return body(got.get(0));
    }

    /**
     * Returns once the wall clock, which delivery times and expirations are measured against, is
     * past {@code epochMillis}, or at {@code deadlineNanos} ({@link System#nanoTime}).
     */
    private static void awaitClockPast(long epochMillis, long deadlineNanos) throws InterruptedException {
        long left;
        while ((left = epochMillis + 1 - System.currentTimeMillis()) > 0 && System.nanoTime() < deadlineNanos) {
            Thread.sleep(left);
        }
    }

    @Test
    void aDelayedRecordBehindWhatEarlierFetchesLookedAtIsDeliveredAtTheFirstFetchAfterItIsDue() throws Exception {
        start(Map.of(BrokerConfig.SHARE_PARTITION_MAX_RECORD_LOCKS, "10"));
        createTopic("later", 1);
        long deliveryTime = System.currentTimeMillis() + 4000;
        List<ProducerRecord> records = new ArrayList<>();
        records.add(message("later", "delayed", new EnvelopeWriter().deliveryTime(deliveryTime)));
        for (int i = 0; i < 30; i++) {
            records.add(message("later", "m" + i, new EnvelopeWriter()));
        }
        send(records);
        PartitaShareConsumer c = consumer(ShareSubscription.queue("later", null), "max.poll.records", 1);
        List<String> before = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (before.size() < 3 && System.nanoTime() < deadline) {
            String got = pollOne(c);
            if (got != null) {
                before.add(got);
            }
        }
        assertTrue(System.currentTimeMillis() < deliveryTime, "three fetches took over 4 s: " + before);
        assertEquals(List.of("m0", "m1", "m2"), before);
        awaitClockPast(deliveryTime, deadline);
        assertEquals("delayed", pollOne(c), "the first fetch after the delivery time");
    }

    @Test
    void aReleasedRecordBehindWhatEarlierFetchesLookedAtIsDeliveredNext() throws Exception {
        start(Map.of(BrokerConfig.SHARE_PARTITION_MAX_RECORD_LOCKS, "10"));
        createTopic("back", 1);
        sendPlain("back", 0, 30);
        PartitaShareConsumer c = consumer(ShareSubscription.queue("back", null), "max.poll.records", 1);
        List<ShareRecord> first = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (first.isEmpty() && System.nanoTime() < deadline) {
            first.addAll(c.poll(Duration.ofMillis(200)));
        }
        assertEquals("m0", body(first.get(0)));
        assertEquals("m1", pollOne(c));
        c.acknowledge(first.get(0), AcknowledgeType.RELEASE);
        c.commitSync();
        List<ShareRecord> again = c.poll(Duration.ofMillis(DEADLINE_MS));
        assertEquals(List.of("m0"), again.stream().map(ShareGroupTest::body).toList());
        assertEquals(2, again.get(0).deliveryCount());
    }

    @Test
    void aRecordThatExpiresBehindWhatEarlierFetchesLookedAtIsNeverDelivered() throws Exception {
        start(Map.of(BrokerConfig.SHARE_PARTITION_MAX_RECORD_LOCKS, "10"));
        createTopic("stale", 1);
        long expiration = System.currentTimeMillis() + 2000;
        List<ProducerRecord> records = new ArrayList<>();
        records.add(message("stale", "m0", new EnvelopeWriter()));
        records.add(message("stale", "short-lived", new EnvelopeWriter().expiration(expiration)));
        for (int i = 2; i < 30; i++) {
            records.add(message("stale", "m" + i, new EnvelopeWriter()));
        }
        send(records);
        PartitaShareConsumer c = consumer(ShareSubscription.queue("stale", null), "max.poll.records", 1);
        String got = null;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (got == null && System.nanoTime() < deadline) {
            got = pollOne(c);
        }
        assertEquals("m0", got, "fetched before the expiration");
        awaitClockPast(expiration, deadline);
        assertEquals("m2", pollOne(c));
    }

    @Test
    void aQueueDeliversMessagesSentBeforeAnyConsumerAndAcceptedOnesSurviveRestart() throws Exception {
        start(Map.of());
        createTopic("early", 1);
        sendPlain("early", 0, 4);
        PartitaShareConsumer c = consumer(ShareSubscription.queue("early", null), "max.poll.records", 10);
        List<ShareRecord> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (got.size() < 4 && System.nanoTime() < deadline) {
            got.addAll(c.poll(Duration.ofMillis(200)));
        }
        assertEquals(expected(0, 4), bodies(got));
        c.acknowledge(got.get(0));
        c.acknowledge(got.get(1));
        c.commitSync();
        restart();
        PartitaShareConsumer after = consumer(ShareSubscription.queue("early", null), "max.poll.records", 10);
        List<ShareRecord> again = acceptAll(after, 2);
        assertEquals(Set.of(body(got.get(2)), body(got.get(3))), bodies(again));
        for (ShareRecord r : again) {
            assertEquals(2, r.deliveryCount(), "delivered once before the restart");
        }
    }

    // ------------------------------------------------------------------ subscriptions

    @Test
    void aDurableSubscriptionSurvivesRestartAndKeepsItsPosition() throws Exception {
        start(Map.of());
        createTopic("prices", 1);
        sendPlain("prices", 0, 2); // before the subscription: never delivered to it
        ShareSubscription sub = ShareSubscription.durable("client-1", "watch", "prices", null);
        PartitaShareConsumer c = consumer(sub);
        sendPlain("prices", 2, 3);
        assertEquals(expected(2, 3), bodies(acceptAll(c, 3)));
        c.close();
        sendPlain("prices", 5, 2); // while it has no consumer
        restart();
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            List<SubscriptionDescription> subs = admin.listSubscriptions().get(30, TimeUnit.SECONDS);
            assertEquals(1, subs.size());
            assertEquals("sub:client-1:watch", subs.get(0).name());
            assertTrue(subs.get(0).durable());
        }
        PartitaShareConsumer again = consumer(sub);
        assertEquals(expected(5, 2), bodies(acceptAll(again, 2)));
    }

    @Test
    void changingTheSelectorReplacesADurableSubscription() throws Exception {
        start(Map.of());
        createTopic("quotes", 1);
        PartitaShareConsumer c = consumer(ShareSubscription.durable("c", "s", "quotes", "x = 1"));
        c.close();
        send(List.of(message("quotes", "one", new EnvelopeWriter().intProperty("x", 1)),
                message("quotes", "two", new EnvelopeWriter().intProperty("x", 2))));
        PartitaShareConsumer replaced = consumer(ShareSubscription.durable("c", "s", "quotes", "x = 2"));
        assertTrue(replaced.poll(Duration.ofMillis(500)).isEmpty(), "the new subscription starts at the log end");
        send(List.of(message("quotes", "two-again", new EnvelopeWriter().intProperty("x", 2))));
        assertEquals(Set.of("two-again"), bodies(acceptAll(replaced, 1)));
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            List<SubscriptionDescription> subs = admin.listSubscriptions().get(30, TimeUnit.SECONDS);
            assertEquals("x = 2", subs.get(0).selector());
            // It has a consumer: another definition, or deleting it, is refused.
            PartitaClientException e = assertThrows(PartitaClientException.class, () -> {
                try {
                    admin.deleteSubscription("sub:c:s").get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException ex) {
                    throw ex.getCause();
                }
            });
            assertEquals(Errors.SUBSCRIPTION_IN_USE, e.error());
            replaced.close();
            admin.deleteSubscription("sub:c:s").get(30, TimeUnit.SECONDS);
            assertTrue(admin.listSubscriptions().get(30, TimeUnit.SECONDS).isEmpty());
        }
    }

    @Test
    void aNonDurableSubscriptionIsGoneWhenItsConsumerCloses() throws Exception {
        start(Map.of());
        createTopic("news", 1);
        PartitaShareConsumer c = consumer(ShareSubscription.nonDurable("news", null));
        String name = c.subscription().group();
        sendPlain("news", 0, 2);
        assertEquals(expected(0, 2), bodies(acceptAll(c, 2)));
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            assertEquals(List.of(name), names(admin.listSubscriptions().get(30, TimeUnit.SECONDS)));
            c.close();
            BrokerTestSupport.await("the non-durable subscription to go", DEADLINE_MS, () -> {
                try {
                    return admin.listSubscriptions().get(30, TimeUnit.SECONDS).isEmpty();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    private static List<String> names(List<SubscriptionDescription> subs) {
        List<String> out = new ArrayList<>();
        for (SubscriptionDescription s : subs) {
            out.add(s.name());
        }
        return out;
    }

    @Test
    void aSharedSubscriptionDividesItsMessagesAndNeverDeliversUnmatchedOnes() throws Exception {
        start(Map.of());
        createTopic("ticks", 1);
        ShareSubscription sub = ShareSubscription.sharedDurable(null, "shared", "ticks", "keep = TRUE");
        PartitaShareConsumer a = consumer(sub, "max.poll.records", 2);
        PartitaShareConsumer b = consumer(sub, "max.poll.records", 2);
        List<ProducerRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(message("ticks", "m" + i, new EnvelopeWriter().booleanProperty("keep", i % 2 == 0)));
        }
        send(records);
        // Each holds its first records until the other has some, so both get a share.
        List<ShareRecord> heldA = pollSome(a);
        List<ShareRecord> heldB = pollSome(b);
        List<ShareRecord> all = new ArrayList<>(heldA);
        all.addAll(heldB);
        for (ShareRecord r : heldA) {
            a.acknowledge(r);
        }
        for (ShareRecord r : heldB) {
            b.acknowledge(r);
        }
        a.commitSync();
        b.commitSync();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (all.size() < 20 && System.nanoTime() < deadline) {
            for (PartitaShareConsumer c : List.of(a, b)) {
                for (ShareRecord r : c.poll(Duration.ofMillis(100))) {
                    all.add(r);
                    c.acknowledge(r);
                }
                c.commitSync();
            }
        }
        Set<String> evens = new HashSet<>();
        for (int i = 0; i < 40; i += 2) {
            evens.add("m" + i);
        }
        assertEquals(evens, bodies(all));
        assertTrue(a.poll(Duration.ofMillis(200)).isEmpty() && b.poll(Duration.ofMillis(200)).isEmpty(),
                "records the selector does not match are never delivered");
    }

    private static List<ShareRecord> pollSome(PartitaShareConsumer c) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (System.nanoTime() < deadline) {
            List<ShareRecord> got = c.poll(Duration.ofMillis(200));
            if (!got.isEmpty()) {
                return got;
            }
        }
        throw new AssertionError("no records came");
    }

    @Test
    void anUnsharedDurableSubscriptionTakesOneConsumerAtATime() throws Exception {
        start(Map.of());
        createTopic("solo", 1);
        ShareSubscription sub = ShareSubscription.durable("c", "solo", "solo", null);
        PartitaShareConsumer first = consumer(sub);
        sendPlain("solo", 0, 1);
        acceptAll(first, 1);
        PartitaShareConsumer second = consumer(sub);
        PartitaClientException e = assertThrows(PartitaClientException.class, () -> second.poll(Duration.ofMillis(100)));
        assertEquals(Errors.SUBSCRIPTION_IN_USE, e.error());
        assertFalse(e.retriable());
    }

    @Test
    void theSubscriptionsCommandListsAndDeletes() throws Exception {
        start(Map.of());
        createTopic("cli-topic", 1);
        PartitaShareConsumer c = consumer(ShareSubscription.durable("app", "audit", "cli-topic", "level > 2"));
        c.close();
        String list = cli("groups", "--bootstrap-server", bootstrap, "list-subscriptions");
        assertTrue(list.contains("sub:app:audit") && list.contains("topic=cli-topic") && list.contains("selector=level > 2")
                && list.contains("durable"), list);
        assertTrue(cli("groups", "--bootstrap-server", bootstrap, "delete-subscriptions", "sub:app:audit")
                .contains("Deleted subscription sub:app:audit"));
        assertFalse(cli("groups", "--bootstrap-server", bootstrap, "list-subscriptions").contains("sub:app:audit"));
    }

    private static String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cl = io.partita.broker.cli.PartitaCommand.commandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(out, true));
        assertEquals(0, cl.execute(args), out.toString());
        return out.toString();
    }

    /** Sends {@code count} records to partition 0 of {@code topic}, every tenth with kind 'rare', the others 'common'. */
    private void sendKinds(String topic, int count) throws Exception {
        List<ProducerRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String kind = i % 10 == 0 ? "rare" : "common";
            records.add(message(topic, kind + i, new EnvelopeWriter().stringProperty("kind", kind)));
        }
        send(records);
    }

    /**
     * Polls, accepting everything, until {@code count} records came, checking that they come once
     * each and in offset order; then that nothing more comes.
     */
    private static List<ShareRecord> acceptInOrder(PartitaShareConsumer c, int count) {
        List<ShareRecord> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long last = -1;
        while (got.size() < count && System.nanoTime() < deadline) {
            for (ShareRecord r : c.poll(Duration.ofMillis(200))) {
                assertTrue(r.offset() > last, "offset " + r.offset() + " after " + last);
                last = r.offset();
                got.add(r);
                c.acknowledge(r, AcknowledgeType.ACCEPT);
            }
            c.commitSync();
        }
        assertEquals(count, got.size(), "records received");
        List<ShareRecord> more = c.poll(Duration.ofMillis(300));
        assertTrue(more.isEmpty(), "nothing beyond the expected records: " + more);
        return got;
    }

    @Test
    void aLoneConsumerMatchingOneRecordInTenGetsAllOfThemAndALaterConsumerGetsTheRest() throws Exception {
        start(Map.of());
        createTopic("mixed", 1);
        sendKinds("mixed", 20_000);
        PartitaShareConsumer rare = consumer(ShareSubscription.queue("mixed", "kind = 'rare'"));
        List<ShareRecord> rares = acceptInOrder(rare, 2_000);
        for (ShareRecord r : rares) {
            assertEquals(0, r.offset() % 10, "offset " + r.offset());
            assertEquals("rare" + r.offset(), body(r));
            assertEquals(1, r.deliveryCount());
        }
        PartitaShareConsumer common = consumer(ShareSubscription.queue("mixed", "kind <> 'rare'"));
        List<ShareRecord> commons = acceptInOrder(common, 18_000);
        for (ShareRecord r : commons) {
            assertTrue(r.offset() % 10 != 0, "offset " + r.offset());
            assertEquals("common" + r.offset(), body(r));
            assertEquals(1, r.deliveryCount(), "waiting is not a delivery");
        }
        assertEquals(18_000, bodies(commons).size());
    }

    @Test
    void recordsNoSelectorMatchesWaitWithinTheirBoundAndHoldNewerRecordsBackUntilConsumed() throws Exception {
        start(Map.of(BrokerConfig.SHARE_PARTITION_MAX_PENDING_RECORDS, "50",
                BrokerConfig.SHARE_PARTITION_MAX_RECORD_LOCKS, "5"));
        createTopic("bounded", 1);
        List<ProducerRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(message("bounded", "green" + i, new EnvelopeWriter().stringProperty("color", "green")));
        }
        for (int i = 0; i < 20; i++) {
            records.add(message("bounded", "red" + i, new EnvelopeWriter().stringProperty("color", "red")));
        }
        send(records);
        PartitaShareConsumer red = consumer(ShareSubscription.queue("bounded", "color = 'red'"));
        for (int i = 0; i < 5; i++) {
            assertTrue(red.poll(Duration.ofMillis(200)).isEmpty(),
                    "50 unmatched records fill the pending bound, so no red one is looked at yet");
        }
        PartitaShareConsumer green = consumer(ShareSubscription.queue("bounded", "color = 'green'"));
        List<ShareRecord> greens = acceptInOrder(green, 50);
        assertEquals("green0", body(greens.get(0)));
        List<ShareRecord> reds = acceptInOrder(red, 20);
        assertEquals("red0", body(reds.get(0)));
        assertEquals("red19", body(reds.get(19)));
    }
    @Test
    void waitingRecordsThatExpireAtThePendingBoundAreArchivedAndDeliveryResumes() throws Exception {
        start(Map.of(BrokerConfig.SHARE_PARTITION_MAX_PENDING_RECORDS, "20"));
        createTopic("expiring", 1);
        long expiry = System.currentTimeMillis() + 2_000;
        List<ProducerRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(message("expiring", "green" + i, new EnvelopeWriter().stringProperty("color", "green")
                    .expiration(expiry)));
        }
        for (int i = 0; i < 5; i++) {
            records.add(message("expiring", "red" + i, new EnvelopeWriter().stringProperty("color", "red")));
        }
        send(records);
        PartitaShareConsumer red = consumer(ShareSubscription.queue("expiring", "color = 'red'"));
        List<ShareRecord> reds = acceptInOrder(red, 5);
        assertEquals("red0", body(reds.get(0)));
        assertTrue(System.currentTimeMillis() >= expiry, "the reds came only once the greens expired");
        PartitaShareConsumer green = consumer(ShareSubscription.queue("expiring", "color = 'green'"));
        assertTrue(green.poll(Duration.ofMillis(500)).isEmpty(), "expired records are never delivered");
    }
}
