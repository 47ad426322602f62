package io.partita.broker;

import io.partita.client.Settings;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerRecord;
import io.partita.client.share.AcknowledgeType;
import io.partita.client.share.PartitaShareConsumer;
import io.partita.client.share.ShareRecord;
import io.partita.client.share.ShareSubscription;
import io.partita.protocol.message.EnvelopeWriter;
import io.partita.protocol.message.MessageEnvelope;
import io.partita.protocol.record.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker in its own JVM serves a share group; the test kills it with SIGKILL in the middle of
 * the run (some records accepted, some held unacknowledged, some never delivered), starts it
 * again on the same data, and checks that no accepted record is delivered again, and that every
 * other record is, with its delivery count raised above every count it was delivered with before.
 * Snapshots are frequent so that restarts replay a snapshot and the changes after it.
 */
@Timeout(300)
class ShareGroupCrashTest {
    private static final int RECORDS = 300;
    private static final int ROUNDS = 2;

    @TempDir
    Path dir;

    @TempDir
    Path output;

    @Test
    void acceptedRecordsAreNeverRedeliveredAndTheOthersAreWithRaisedCountsAfterSigkill() throws Exception {
        Random random = new Random(0x5ba2e);
        int port = freePort();
        Process broker = startBroker(port);
        Set<Long> accepted = new HashSet<>();
        Map<Long, Integer> lastCount = new HashMap<>();
        try {
            awaitListening(broker, port);
            try (PartitaAdmin admin = new PartitaAdmin(props(port))) {
                admin.createTopics(List.of(new NewTopic("jobs", 1))).get(30, TimeUnit.SECONDS);
            }
            try (PartitaProducer producer = new PartitaProducer(props(port, "acks", "all"))) {
                List<Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    sent.add(producer.send(new ProducerRecord("jobs", 0, null, null,
                            ("job-" + i).getBytes(StandardCharsets.UTF_8), List.of())));
                }
                for (Future<?> f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
            for (int round = 0; round < ROUNDS; round++) {
                int acceptBeforeKill = 40 + random.nextInt(60);
                PartitaShareConsumer c = new PartitaShareConsumer(props(port, "max.poll.records", 7,
                        "request.timeout.ms", 5000, "fetch.max.wait.ms", 100));
                c.subscribe(ShareSubscription.queue("jobs", null));
                int acceptedNow = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (acceptedNow < acceptBeforeKill && System.nanoTime() < deadline) {
                    List<ShareRecord> records = c.poll(Duration.ofMillis(200));
                    List<Long> acceptedHere = new ArrayList<>();
                    for (ShareRecord r : records) {
                        assertFalse(accepted.contains(r.offset()), "round " + round + ": accepted offset "
                                + r.offset() + " delivered again");
                        Integer before = lastCount.put(r.offset(), r.deliveryCount());
                        if (before != null) {
                            assertTrue(r.deliveryCount() > before, "round " + round + ": offset " + r.offset()
                                    + " delivered with count " + r.deliveryCount() + " after " + before);
                        }
                        if (random.nextInt(4) != 0) { // a quarter stays held, unacknowledged
                            c.acknowledge(r, AcknowledgeType.ACCEPT);
                            acceptedHere.add(r.offset());
                        }
                    }
                    c.commitSync();
                    accepted.addAll(acceptedHere);
                    acceptedNow += acceptedHere.size();
                }
                // One more poll, never acknowledged: in flight when the broker dies.
                for (ShareRecord r : c.poll(Duration.ofMillis(200))) {
                    lastCount.put(r.offset(), r.deliveryCount());
                }
                broker.destroyForcibly();
                assertTrue(broker.waitFor(60, TimeUnit.SECONDS));
                c.close();
                broker = startBroker(port);
                awaitListening(broker, port);
            }
            // After the last restart: exactly the records never accepted, each counted right.
            try (PartitaShareConsumer c = new PartitaShareConsumer(props(port, "max.poll.records", 50))) {
                c.subscribe(ShareSubscription.queue("jobs", null));
                Set<Long> rest = new HashSet<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (accepted.size() + rest.size() < RECORDS && System.nanoTime() < deadline) {
                    for (ShareRecord r : c.poll(Duration.ofMillis(200))) {
                        assertFalse(accepted.contains(r.offset()), "accepted offset " + r.offset() + " delivered again");
                        assertTrue(rest.add(r.offset()), "offset " + r.offset() + " delivered twice after the restart");
                        Integer before = lastCount.get(r.offset());
                        assertEquals(before == null ? 1 : before + 1, r.deliveryCount(), "delivery count of offset "
                                + r.offset());
                        c.acknowledge(r);
                    }
                    c.commitSync();
                }
                assertEquals(RECORDS, accepted.size() + rest.size(), "every record accepted once");
                assertTrue(c.poll(Duration.ofMillis(300)).isEmpty());
            }
        } finally {
            broker.destroyForcibly();
            broker.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Records no current selector matches wait beyond the share start offset while a consumer
     * with a rare selector moves on; after SIGKILL, what that consumer accepted is never delivered
     * again, what it held comes back with its count raised, and the waiting records are all still
     * delivered, once each, in offset order, to a consumer that matches them.
     */
    @Test
    void recordsWaitingForAMatchingConsumerSurviveSigkillAndAcceptedOnesStayDone() throws Exception {
        int records = 3000;
        int port = ChildBroker.freePort();
        List<String> settings = List.of("share.state.snapshot.interval.ms=150");
        Set<Long> accepted = new HashSet<>();
        Map<Long, Integer> held = new HashMap<>();
        try (ChildBroker broker = ChildBroker.start(dir, output, port, List.of(), settings)) {
            try (PartitaAdmin admin = new PartitaAdmin(props(port))) {
                admin.createTopics(List.of(new NewTopic("mixed", 1))).get(30, TimeUnit.SECONDS);
            }
            try (PartitaProducer producer = new PartitaProducer(props(port, "acks", "all"))) {
                List<Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < records; i++) {
                    String kind = i % 10 == 0 ? "rare" : "common";
                    sent.add(producer.send(new ProducerRecord("mixed", 0, null, null,
                            (kind + i).getBytes(StandardCharsets.UTF_8), List.of(Header.of(MessageEnvelope.HEADER_KEY,
                            new EnvelopeWriter().stringProperty("kind", kind).toByteArray())))));
                }
                for (Future<?> f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
            PartitaShareConsumer rare = new PartitaShareConsumer(props(port, "max.poll.records", 40,
                    "request.timeout.ms", 5000, "fetch.max.wait.ms", 100));
            rare.subscribe(ShareSubscription.queue("mixed", "kind = 'rare'"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (accepted.size() < 250 && System.nanoTime() < deadline) {
                for (ShareRecord r : rare.poll(Duration.ofMillis(200))) {
                    assertEquals(0, r.offset() % 10, "offset " + r.offset());
                    if (accepted.size() < 250) {
                        rare.acknowledge(r, AcknowledgeType.ACCEPT);
                        accepted.add(r.offset());
                    } else {
                        held.put(r.offset(), r.deliveryCount());
                    }
                }
                rare.commitSync();
            }
            assertEquals(250, accepted.size(), "rare records accepted before the kill");
            broker.kill();
            rare.close();
        }
        try (ChildBroker broker = ChildBroker.start(dir, output, port, List.of(), settings)) {
            List<ShareRecord> rares = drain(port, "kind = 'rare'", records / 10 - accepted.size());
            for (ShareRecord r : rares) {
                assertFalse(accepted.contains(r.offset()), "accepted offset " + r.offset() + " delivered again");
                assertEquals(0, r.offset() % 10, "offset " + r.offset());
                assertEquals(held.getOrDefault(r.offset(), 0) + 1, r.deliveryCount(), "count of offset " + r.offset());
            }
            List<ShareRecord> commons = drain(port, "kind <> 'rare'", records - records / 10);
            for (ShareRecord r : commons) {
                assertTrue(r.offset() % 10 != 0, "offset " + r.offset());
                assertEquals(1, r.deliveryCount(), "offset " + r.offset() + " waited; it was never delivered");
            }
        }
    }

    /** Receives and accepts {@code count} records in offset order, once each; then checks nothing more comes. */
    private static List<ShareRecord> drain(int port, String selector, int count) {
        List<ShareRecord> got = new ArrayList<>();
        try (PartitaShareConsumer c = new PartitaShareConsumer(props(port, "max.poll.records", 500))) {
            c.subscribe(ShareSubscription.queue("mixed", selector));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            long last = -1;
            while (got.size() < count && System.nanoTime() < deadline) {
                for (ShareRecord r : c.poll(Duration.ofMillis(200))) {
                    assertTrue(r.offset() > last, selector + ": offset " + r.offset() + " after " + last);
                    last = r.offset();
                    got.add(r);
                    c.acknowledge(r, AcknowledgeType.ACCEPT);
                }
                c.commitSync();
            }
            assertEquals(count, got.size(), selector + ": records received");
            assertTrue(c.poll(Duration.ofMillis(300)).isEmpty(), selector + ": nothing more");
        }
        return got;
    }

    private static Properties props(int port, Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put(Settings.BOOTSTRAP_SERVERS, "127.0.0.1:" + port);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Settings.of(m);
    }

    private Process startBroker(int port) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "io.partita.broker.cli.PartitaCommand", "server",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dir,
                "--override", "num.io.threads=2",
                "--override", "num.network.threads=1",
                "--override", "share.state.snapshot.interval.ms=150"));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.resolve("broker.log").toFile()))
                .start();
    }

    private static void awaitListening(Process broker, int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!broker.isAlive()) {
                    throw new AssertionError("the broker exited with " + broker.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the broker did not listen on " + port);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
