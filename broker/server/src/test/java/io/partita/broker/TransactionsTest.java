package io.partita.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.broker.config.BrokerConfig;
import io.partita.client.PartitaClientException;
import io.partita.client.Settings;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.consumer.ConsumerRecord;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerFencedException;
import io.partita.client.producer.ProducerRecord;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.Errors;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions through the client against a real broker: atomic visibility across partitions
 * and topics for read_committed readers, isolation levels, aborts, fencing of zombie producers,
 * abort by timeout, and the last stable offset.
 */
@Timeout(120)
class TransactionsTest {
    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("orders", 0),
            new TopicPartition("orders", 1), new TopicPartition("audit", 0));

    @TempDir
    Path dir;

    private PartitaServer server;
    private String bootstrap;

    @BeforeEach
    void start() throws Exception {
        BrokerConfig config = BrokerTestSupport.config(dir)
                .with(BrokerConfig.TRANSACTION_STATE_LOG_NUM_PARTITIONS, "2")
                .with(BrokerConfig.TRANSACTION_ABORT_CHECK_INTERVAL_MS, "50")
                .with(BrokerConfig.TRANSACTION_MAX_TIMEOUT_MS, "60000");
        server = PartitaServer.start(config);
        bootstrap = "127.0.0.1:" + server.port();
        try (PartitaAdmin admin = new PartitaAdmin(props())) {
            admin.createTopics(List.of(new NewTopic("orders", 2), new NewTopic("audit", 1))).get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stop() {
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

    private PartitaProducer transactional(String id, Object... more) {
        List<Object> kv = new ArrayList<>(List.of("transactional.id", id, "linger.ms", "0"));
        kv.addAll(List.of(more));
        return new PartitaProducer(props(kv.toArray()));
    }

    private PartitaConsumer consumer(String isolation) {
        PartitaConsumer c = new PartitaConsumer(props("isolation.level", isolation, "auto.offset.reset", "earliest",
                "fetch.max.wait.ms", "50"));
        c.assign(PARTITIONS);
        return c;
    }

    /** Sends one record per partition (values "prefix-n") and returns their futures' values. */
    private static void sendToAll(PartitaProducer p, String prefix) throws Exception {
        int n = 0;
        for (TopicPartition tp : PARTITIONS) {
            p.send(new ProducerRecord(tp.topic(), tp.partition(), null, null,
                    (prefix + "-" + n++).getBytes(StandardCharsets.UTF_8), List.of())).get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Polls until the consumer's position reaches the end its isolation level allows (the last
     * stable offset or the high watermark, as it is now) in every partition; returns the values
     * read. Deterministic: no waiting for records that should not come.
     */
    static Set<String> readToEnd(PartitaConsumer c, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
        Set<String> values = new TreeSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!partitions.stream().allMatch(tp -> c.position(tp, Duration.ofSeconds(30)) >= end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("did not read up to " + end + " within 30 s");
            }
            for (ConsumerRecord r : c.poll(Duration.ofMillis(100))) {
                values.add(new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static Map<TopicPartition, Long> endOffsets(PartitaConsumer c) {
        return c.endOffsets(PARTITIONS, Duration.ofSeconds(30));
    }

    private static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void aCommittedTransactionBecomesVisibleInEveryPartitionAtOnceAndUncommittedReadersSeeItEarly() throws Exception {
        try (PartitaProducer p = transactional("tx-commit");
             PartitaConsumer committed = consumer("read_committed");
             PartitaConsumer uncommitted = consumer("read_uncommitted")) {
            p.initTransactions();
            p.beginTransaction();
            sendToAll(p, "t1");

            assertEquals(Set.of("t1-0", "t1-1", "t1-2"), readToEnd(uncommitted, PARTITIONS),
                    "read_uncommitted sees records before the commit");
            Map<TopicPartition, Long> lso = endOffsets(committed);
            for (TopicPartition tp : PARTITIONS) {
                assertEquals(0L, lso.get(tp), "the last stable offset of " + tp + " stays before the open transaction");
            }
            assertEquals(Set.of(), readToEnd(committed, PARTITIONS), "read_committed sees nothing of an open transaction");

            p.commitTransaction();
            assertEquals(Set.of("t1-0", "t1-1", "t1-2"), readToEnd(committed, PARTITIONS));
            Map<TopicPartition, Long> after = endOffsets(committed);
            for (TopicPartition tp : PARTITIONS) {
                assertEquals(2L, after.get(tp), "one record and one commit marker in " + tp);
            }
        }
    }

    @Test
    void anAbortedTransactionIsNeverSeenByReadCommittedReadersAndMarkersNeverReachTheApplication() throws Exception {
        try (PartitaProducer p = transactional("tx-abort");
             PartitaConsumer committed = consumer("read_committed");
             PartitaConsumer uncommitted = consumer("read_uncommitted")) {
            p.initTransactions();
            p.beginTransaction();
            sendToAll(p, "aborted");
            p.abortTransaction();
            p.beginTransaction();
            sendToAll(p, "kept");
            p.commitTransaction();

            assertEquals(Set.of("kept-0", "kept-1", "kept-2"), readToEnd(committed, PARTITIONS),
                    "only the committed transaction, and no control records");
            assertEquals(Set.of("aborted-0", "aborted-1", "aborted-2", "kept-0", "kept-1", "kept-2"),
                    readToEnd(uncommitted, PARTITIONS), "read_uncommitted sees both, but no control records");
        }
    }

    @Test
    void aNewInstanceFencesTheOldOneAndAbortsItsOpenTransaction() throws Exception {
        try (PartitaProducer zombie = transactional("tx-fence");
             PartitaConsumer committed = consumer("read_committed")) {
            zombie.initTransactions();
            zombie.beginTransaction();
            sendToAll(zombie, "zombie");
            try (PartitaProducer fresh = transactional("tx-fence")) {
                fresh.initTransactions();

                assertThrows(ProducerFencedException.class, zombie::commitTransaction);
                assertThrows(ProducerFencedException.class, () -> zombie.send(
                        new ProducerRecord("orders", 0, null, null, "late".getBytes(StandardCharsets.UTF_8), List.of())));

                fresh.beginTransaction();
                sendToAll(fresh, "fresh");
                fresh.commitTransaction();
            }
            assertEquals(Set.of("fresh-0", "fresh-1", "fresh-2"), readToEnd(committed, PARTITIONS),
                    "the zombie's transaction was aborted when the new instance initialised");
        }
    }

    @Test
    void aTransactionOpenPastItsTimeoutIsAbortedByTheBroker() throws Exception {
        try (PartitaConsumer committed = consumer("read_committed")) {
            PartitaProducer abandoned = transactional("tx-timeout", "transaction.timeout.ms", "300");
            abandoned.initTransactions();
            abandoned.beginTransaction();
            sendToAll(abandoned, "abandoned");
            // The producer goes away mid-transaction, as a killed process would: no commit, no abort.
            abandoned.close(Duration.ZERO);

            awaitCondition("the coordinator aborted the transaction", () -> {
                Map<TopicPartition, Long> lso = endOffsets(committed);
                return PARTITIONS.stream().allMatch(tp -> lso.get(tp) == 2L);
            });
            assertEquals(Set.of(), readToEnd(committed, PARTITIONS));

            try (PartitaProducer next = transactional("tx-timeout")) {
                next.initTransactions();
                next.beginTransaction();
                sendToAll(next, "next");
                next.commitTransaction();
            }
            assertEquals(Set.of("next-0", "next-1", "next-2"), readToEnd(committed, PARTITIONS));
        }
    }

    @Test
    void commitAfterTheTimeoutFailsWithTransactionTimedOut() throws Exception {
        try (PartitaProducer p = transactional("tx-late", "transaction.timeout.ms", "200");
             PartitaConsumer committed = consumer("read_committed")) {
            p.initTransactions();
            p.beginTransaction();
            sendToAll(p, "late");
            awaitCondition("the coordinator aborted the transaction", () -> {
                Map<TopicPartition, Long> lso = endOffsets(committed);
                return PARTITIONS.stream().allMatch(tp -> lso.get(tp) == 2L);
            });
            PartitaClientException e = assertThrows(PartitaClientException.class, p::commitTransaction);
            assertEquals(Errors.TRANSACTION_TIMED_OUT, e.error(), e.getMessage());
            p.initTransactions();
            p.beginTransaction();
            sendToAll(p, "again");
            p.commitTransaction();
            assertEquals(Set.of("again-0", "again-1", "again-2"), readToEnd(committed, PARTITIONS));

            p.beginTransaction();
            sendToAll(p, "abandoned");
            awaitCondition("the coordinator aborted the second transaction", () -> {
                Map<TopicPartition, Long> lso = endOffsets(committed);
                return PARTITIONS.stream().allMatch(tp -> lso.get(tp) == 6L);
            });
            p.abortTransaction(); // already aborted by the broker: succeeds, with a new epoch
            p.beginTransaction();
            sendToAll(p, "last");
            p.commitTransaction();
            assertEquals(Set.of("last-0", "last-1", "last-2"), readToEnd(committed, PARTITIONS),
                    "nothing of the transaction the broker aborted");
        }
    }

    @Test
    void misuseFailsWithClearErrors() throws Exception {
        try (PartitaProducer p = transactional("tx-misuse")) {
            IllegalStateException notInit = assertThrows(IllegalStateException.class, p::beginTransaction);
            assertTrue(notInit.getMessage().contains("initTransactions"), notInit.getMessage());
            p.initTransactions();
            IllegalStateException outside = assertThrows(IllegalStateException.class, () -> p.send(
                    new ProducerRecord("orders", 0, null, null, new byte[1], List.of())));
            assertTrue(outside.getMessage().contains("beginTransaction"), outside.getMessage());
            assertThrows(IllegalStateException.class, p::commitTransaction);
        }
        try (PartitaProducer tooLong = transactional("tx-long", "transaction.timeout.ms", "600000")) {
            PartitaClientException e = assertThrows(PartitaClientException.class, tooLong::initTransactions);
            assertEquals(Errors.INVALID_TRANSACTION_TIMEOUT, e.error());
        }
        IllegalArgumentException noIdempotence = assertThrows(IllegalArgumentException.class,
                () -> transactional("tx-x", "enable.idempotence", "false"));
        assertTrue(noIdempotence.getMessage().contains("transactional.id"), noIdempotence.getMessage());
    }

    @Test
    void aProducerKilledMidTransactionIsAbortedByTimeoutAndNothingOfItBecomesVisible() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), TransactionalProducerProcess.class.getName(),
                bootstrap, "tx-killed", "500"));
        for (TopicPartition tp : PARTITIONS) {
            cmd.add(tp.topic() + ":" + tp.partition());
        }
        Process producer = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (PartitaConsumer committed = consumer("read_committed");
             PartitaConsumer uncommitted = consumer("read_uncommitted");
             java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                     producer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals(TransactionalProducerProcess.SENT)) {
                // the producer's log output
            }
            assertEquals(TransactionalProducerProcess.SENT, line, "the producer process sent its records");
            assertEquals(Set.of("tx-killed-0", "tx-killed-1", "tx-killed-2"), readToEnd(uncommitted, PARTITIONS));
            producer.destroyForcibly();
            assertTrue(producer.waitFor(60, TimeUnit.SECONDS));

            awaitCondition("the coordinator aborted the killed producer's transaction", () -> {
                Map<TopicPartition, Long> lso = endOffsets(committed);
                return PARTITIONS.stream().allMatch(tp -> lso.get(tp) == 2L);
            });
            try (PartitaProducer next = transactional("tx-killed")) {
                next.initTransactions();
                next.beginTransaction();
                sendToAll(next, "after");
                next.commitTransaction();
            }
            assertEquals(Set.of("after-0", "after-1", "after-2"), readToEnd(committed, PARTITIONS),
                    "all of the committed transaction, none of the killed one");
        } finally {
            producer.destroyForcibly();
        }
    }
}
