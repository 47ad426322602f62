package io.partita.broker;

import io.partita.broker.cli.PartitaCommand;
import io.partita.client.PartitaClientException;
import io.partita.client.Settings;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.OffsetAndTimestamp;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerRecord;
import io.partita.client.producer.RecordMetadata;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.partition.Murmur2;
import io.partita.protocol.record.Header;
import io.partita.protocol.wire.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The producer, consumer, admin client and command line against a real broker on 127.0.0.1. */
@Timeout(120)
class ClientEndToEndTest {
    @TempDir
    Path dir;

    private PartitaServer server;
    private String bootstrap;

    @BeforeEach
    void start() throws Exception {
        server = PartitaServer.start(BrokerTestSupport.config(dir));
        bootstrap = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() throws Exception {
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

    /** Reads every partition from the beginning until {@code count} records came, or fails after 30 s. */
    private List<ConsumerRecord> consumeAll(String topic, int partitions, int count) {
        try (PartitaConsumer consumer = new PartitaConsumer(props("auto.offset.reset", "earliest"))) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            List<ConsumerRecord> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.size() < count && System.nanoTime() < deadline) {
                out.addAll(consumer.poll(Duration.ofMillis(500)));
            }
            assertEquals(count, out.size(), "records consumed from " + topic);
            assertTrue(consumer.poll(Duration.ofMillis(100)).isEmpty(), "nothing beyond what was sent");
            return out;
        }
    }

    @ParameterizedTest(name = "acks={0}")
    @ValueSource(strings = {"0", "1", "all"})
    void producedRecordsComeBackByteExactInPerPartitionOrder(String acks) throws Exception {
        String topic = "acks-" + acks;
        createTopic(topic, 3);
        int n = 300;
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (PartitaProducer producer = new PartitaProducer(props("acks", acks, "linger.ms", 2))) {
            for (int i = 0; i < n; i++) {
                byte[] key = i % 4 == 0 ? null : ("key-" + (i % 17)).getBytes(StandardCharsets.UTF_8);
                byte[] value = ("value-" + i + "-é").repeat(1 + i % 5).getBytes(StandardCharsets.UTF_8);
                List<Header> headers = List.of(Header.of("i", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
                sent.add(producer.send(new ProducerRecord(topic, null, 1_000_000L + i, key, value, headers), null));
            }
            producer.flush();
        }
        List<ConsumerRecord> got = consumeAll(topic, 3, n);
        Map<Integer, List<Integer>> orderByPartition = new HashMap<>();
        for (ConsumerRecord r : got) {
            int i = Integer.parseInt(StandardCharsets.UTF_8.decode(r.headers().get(0).value().duplicate()).toString());
            assertArrayEquals(("value-" + i + "-é").repeat(1 + i % 5).getBytes(StandardCharsets.UTF_8), r.value());
            assertArrayEquals(i % 4 == 0 ? null : ("key-" + (i % 17)).getBytes(StandardCharsets.UTF_8), r.key());
            assertEquals(1_000_000L + i, r.timestamp());
            RecordMetadata m = sent.get(i).get();
            assertEquals(r.partition(), m.partition());
            assertEquals(acks.equals("0") ? -1 : r.offset(), m.offset());
            orderByPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(i);
        }
        for (List<Integer> order : orderByPartition.values()) {
            List<Integer> sorted = new ArrayList<>(order);
            sorted.sort(null);
            assertEquals(sorted, order, "a partition's records come back in send order");
        }
    }

    @Test
    void keyedRecordsLandOnTheirMurmur2PartitionAndUnkeyedOnesStickPerBatch() throws Exception {
        createTopic("keyed", 5);
        try (PartitaProducer producer = new PartitaProducer(props("linger.ms", 50))) {
            for (int i = 0; i < 100; i++) {
                byte[] key = ("order-" + i).getBytes(StandardCharsets.UTF_8);
                RecordMetadata m = producer.send(new ProducerRecord("keyed", key, new byte[] {1})).get(30, TimeUnit.SECONDS);
                assertEquals(Murmur2.partitionFor(key, 5), m.partition(), "key order-" + i);
            }
            List<CompletableFuture<RecordMetadata>> unkeyed = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                unkeyed.add(producer.send(new ProducerRecord("keyed", new byte[] {2}), null));
            }
            producer.flush();
            Set<Integer> partitions = new HashSet<>();
            for (CompletableFuture<RecordMetadata> f : unkeyed) {
                partitions.add(f.get().partition());
            }
            assertEquals(1, partitions.size(), "ten small unkeyed records fill one batch on one partition");
        }
        try (PartitaProducer producer = new PartitaProducer(props("batch.size", 200, "linger.ms", 1000))) {
            Set<Integer> partitions = new HashSet<>();
            List<CompletableFuture<RecordMetadata>> unkeyed = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                unkeyed.add(producer.send(new ProducerRecord("keyed", new byte[50]), null));
            }
            producer.flush();
            for (CompletableFuture<RecordMetadata> f : unkeyed) {
                partitions.add(f.get().partition());
            }
            assertTrue(partitions.size() > 1, "a new batch may go to another partition: " + partitions);
        }
    }

    @Test
    void consumerSeeksByTimeBeginningAndEnd() throws Exception {
        createTopic("times", 1);
        TopicPartition tp = new TopicPartition("times", 0);
        try (PartitaProducer producer = new PartitaProducer(props())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord("times", null, 5_000L + 10 * i, null, new byte[] {(byte) i}, List.of()), null);
            }
            producer.flush();
        }
        try (PartitaConsumer consumer = new PartitaConsumer(props());
             PartitaProducer producer = new PartitaProducer(props())) {
            consumer.assign(List.of(tp));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(tp, 5_495L), Duration.ofSeconds(10));
            assertEquals(new OffsetAndTimestamp(50, 5_500L), found.get(tp));
            assertEquals(null, consumer.offsetsForTimes(Map.of(tp, 99_999L), Duration.ofSeconds(10)).get(tp));
            assertEquals(100L, consumer.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp));
            assertEquals(0L, consumer.beginningOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp));

            consumer.seek(tp, found.get(tp).offset());
            List<ConsumerRecord> fromTime = new ArrayList<>();
            while (fromTime.size() < 50) {
                fromTime.addAll(consumer.poll(Duration.ofSeconds(5)));
            }
            assertEquals(50, fromTime.get(0).offset());
            assertEquals(99, fromTime.get(49).offset());

            consumer.seekToEnd(List.of(tp));
            assertEquals(100, consumer.position(tp, Duration.ofSeconds(10)));
            producer.send(new ProducerRecord("times", new byte[] {42})).get(30, TimeUnit.SECONDS);
            List<ConsumerRecord> fresh = consumer.poll(Duration.ofSeconds(10));
            assertEquals(1, fresh.size());
            assertEquals(100, fresh.get(0).offset());
            assertArrayEquals(new byte[] {42}, fresh.get(0).value());

            consumer.seekToBeginning(List.of(tp));
            assertEquals(0, consumer.poll(Duration.ofSeconds(10)).get(0).offset());
        }
    }

    @Test
    void adminCreatesListsDescribesAndDeletesTopicsAndNamesFailures() throws Exception {
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            admin.createTopics(List.of(new NewTopic("a", 2), new NewTopic("b", 4))).get(30, TimeUnit.SECONDS);
            assertTrue(admin.listTopics().get(30, TimeUnit.SECONDS).containsAll(Set.of("a", "b")));
            assertEquals(4, admin.describeTopics(List.of("b")).get(30, TimeUnit.SECONDS).get("b").partitions().size());
            ExecutionException dup = assertThrows(ExecutionException.class,
                    () -> admin.createTopics(List.of(new NewTopic("a", 1))).get(30, TimeUnit.SECONDS));
            PartitaClientException e = assertInstanceOf(PartitaClientException.class, dup.getCause());
            assertEquals(Errors.TOPIC_ALREADY_EXISTS, e.error());
            assertTrue(e.getMessage().contains("'a'"), e.getMessage());
            admin.deleteTopics(List.of("a")).get(30, TimeUnit.SECONDS);
            assertFalse(admin.listTopics().get(30, TimeUnit.SECONDS).contains("a"));
            ExecutionException missing = assertThrows(ExecutionException.class,
                    () -> admin.describeTopics(List.of("a")).get(30, TimeUnit.SECONDS));
            assertTrue(missing.getCause().getMessage().contains("'a'"), missing.getCause().getMessage());
        }
    }

    @Test
    void sendsFailLoudlyAfterDeliveryTimeoutWhenTheBrokerIsGone() throws Exception {
        createTopic("gone", 1);
        try (PartitaProducer producer = new PartitaProducer(props("delivery.timeout.ms", 1500,
                "request.timeout.ms", 500, "retry.backoff.ms", 50))) {
            producer.send(new ProducerRecord("gone", new byte[] {1})).get(30, TimeUnit.SECONDS);
            server.close();
            server = null;
            CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord("gone", new byte[] {2}), null);
            PartitaClientException flush = assertThrows(PartitaClientException.class, producer::flush);
            assertTrue(flush.getMessage().contains("1 of 1 records failed"), flush.getMessage());
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertTrue(e.getCause().getMessage().contains("delivery.timeout.ms=1500")
                    || e.getCause().getMessage().contains("failed"), e.getCause().getMessage());
        }
    }

    @Test
    void commandLineProducesAndConsumesWithKeys() throws Exception {
        assertEquals(0, run(null, "topics", "create", "cli", "--partitions", "2", "--bootstrap-server", bootstrap).code);
        assertTrue(run(null, "topics", "list", "--bootstrap-server", bootstrap).out.contains("cli"));
        assertTrue(run(null, "topics", "describe", "cli", "--bootstrap-server", bootstrap).out.contains("Partitions: 2"));
        Result produced = run("k1:hello\nk2:world\nno key here\n", "produce", "--topic", "cli", "--key-separator", ":",
                "--bootstrap-server", bootstrap);
        assertEquals(0, produced.code, produced.err);
        Result consumed = run(null, "consume", "--topic", "cli", "--from-beginning", "--max-messages", "3",
                "--print-key", "--timeout-ms", "20000", "--bootstrap-server", bootstrap);
        assertEquals(0, consumed.code, consumed.err);
        Set<String> lines = new HashSet<>(List.of(consumed.out.strip().split("\\R")));
        assertEquals(Set.of("k1\thello", "k2\tworld", "null\tno key here"), lines);
        Result bad = run("x\n", "produce", "--topic", "cli", "--acks", "2", "--bootstrap-server", bootstrap);
        assertTrue(bad.code != 0 && bad.err.contains("'2'"), bad.err);
    }

    @Test
    void perfToolProducesAndConsumesAndReportsRates() {
        Result produced = run(null, "perf", "produce", "--topic", "perf", "--num-records", "3000", "--record-size", "200",
                "--acks", "all", "--bootstrap-server", bootstrap);
        assertEquals(0, produced.code, produced.err);
        assertTrue(produced.out.matches("(?s)3000 records sent, [0-9.]+ records/sec \\([0-9.]+ MB/sec\\), .*99th.*"),
                produced.out);
        Result consumed = run(null, "perf", "consume", "--topic", "perf", "--num-records", "3000",
                "--bootstrap-server", bootstrap);
        assertEquals(0, consumed.code, consumed.err);
        assertTrue(consumed.out.startsWith("3000 records consumed"), consumed.out);
        Result tooMany = run(null, "perf", "consume", "--topic", "perf", "--num-records", "3001", "--timeout-ms", "500",
                "--bootstrap-server", bootstrap);
        assertEquals(1, tooMany.code, "fewer records than asked for is a failure: " + tooMany.out);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String stdin, String... args) {
        InputStream original = System.in;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            if (stdin != null) {
                System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            CommandLine cl = PartitaCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
