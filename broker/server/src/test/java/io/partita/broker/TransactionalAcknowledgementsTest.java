package io.partita.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.broker.config.BrokerConfig;
import io.partita.client.PartitaClientException;
import io.partita.client.Settings;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerRecord;
import io.partita.client.share.AcknowledgeType;
import io.partita.client.share.PartitaShareConsumer;
import io.partita.client.share.ShareRecord;
import io.partita.client.share.ShareSubscription;
import io.partita.client.txn.PartitaXaResource;
import io.partita.client.txn.XaCodes;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.txn.Xid;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Share-group acknowledgements inside transactions (TxnShareAcknowledge) against real brokers: a
 * transaction writes to three partitions of two topics and accepts records of a queue, and is
 * visible whole or not at all: committed (the records are never delivered again), aborted (they
 * come back with their delivery count raised), and an XA branch prepared, the broker killed with
 * SIGKILL and restarted (twice, so the second restart replays a snapshot), then committed: the
 * accepted records stay held by the branch across the restarts and are never redelivered.
 */
@Timeout(180)
class TransactionalAcknowledgementsTest {
    private static final List<TopicPartition> OUT = List.of(new TopicPartition("orders", 0),
            new TopicPartition("orders", 1), new TopicPartition("audit", 0));
    private static final int JOBS = 4;

    @TempDir
    Path dir;

    @TempDir
    Path output;

    private static Properties props(String bootstrap, Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put(Settings.BOOTSTRAP_SERVERS, bootstrap);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Settings.of(m);
    }

    private static void setUp(String bootstrap) throws Exception {
        try (PartitaAdmin admin = new PartitaAdmin(props(bootstrap))) {
            admin.createTopics(List.of(new NewTopic("orders", 2), new NewTopic("audit", 1), new NewTopic("jobs", 1)))
                    .get(30, TimeUnit.SECONDS);
        }
        try (PartitaProducer p = new PartitaProducer(props(bootstrap))) {
            for (int i = 0; i < JOBS; i++) {
                p.send(new ProducerRecord("jobs", 0, null, null, ("job-" + i).getBytes(StandardCharsets.UTF_8),
                        List.of())).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static PartitaShareConsumer jobsConsumer(String bootstrap) {
        PartitaShareConsumer c = new PartitaShareConsumer(props(bootstrap, "fetch.max.wait.ms", "100",
                "request.timeout.ms", "10000"));
        c.subscribe(ShareSubscription.queue("jobs", null));
        return c;
    }

    /** Polls until {@code n} records came (or 30 s passed), by offset. */
    private static Map<Long, ShareRecord> pollAtLeast(PartitaShareConsumer c, int n) {
        Map<Long, ShareRecord> out = new TreeMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.size() < n && System.nanoTime() < deadline) {
            for (ShareRecord r : c.poll(Duration.ofMillis(200))) {
                out.put(r.offset(), r);
            }
        }
        return out;
    }

    /** What a consumer gets of the queue within a bounded time: every record it can acquire. */
    private static Map<Long, ShareRecord> drain(PartitaShareConsumer c, Duration quiet) {
        Map<Long, ShareRecord> out = new TreeMap<>();
        while (true) {
            List<ShareRecord> got = c.poll(quiet);
            if (got.isEmpty()) {
                return out;
            }
            for (ShareRecord r : got) {
                out.put(r.offset(), r);
            }
        }
    }

    private static void sendToAll(PartitaProducer p, String prefix) throws Exception {
        int n = 0;
        for (TopicPartition tp : OUT) {
            p.send(new ProducerRecord(tp.topic(), tp.partition(), null, null,
                    (prefix + "-" + n++).getBytes(StandardCharsets.UTF_8), List.of())).get(30, TimeUnit.SECONDS);
        }
    }

    private static Set<String> committed(String bootstrap) {
        return XaTransactionsTest.committedValues(XaTransactionsTest.readCommitted(bootstrap), OUT);
    }

    @Test
    void committedTransactionMakesSendsAndAcceptsVisibleTogether() throws Exception {
        try (PartitaServer server = PartitaServer.start(BrokerTestSupport.config(dir))) {
            String bootstrap = "127.0.0.1:" + server.port();
            setUp(bootstrap);
            try (PartitaProducer producer = new PartitaProducer(props(bootstrap, "linger.ms", "0", "transactional.id", "tx-commit"));
                 PartitaShareConsumer c = jobsConsumer(bootstrap)) {
                producer.initTransactions();
                producer.beginTransaction();
                Map<Long, ShareRecord> got = pollAtLeast(c, JOBS);
                assertEquals(JOBS, got.size());
                sendToAll(producer, "commit");
                c.acknowledge(got.get(0L), AcknowledgeType.ACCEPT);
                c.acknowledge(got.get(1L), AcknowledgeType.ACCEPT);
                c.commitSync(producer.enlistInTransaction());
                c.acknowledge(got.get(2L), AcknowledgeType.RELEASE);
                c.acknowledge(got.get(3L), AcknowledgeType.RELEASE);
                c.commitSync();
                assertEquals(Set.of(), committed(bootstrap), "nothing is visible before the commit");
                try (PartitaShareConsumer other = jobsConsumer(bootstrap)) {
                    assertEquals(Set.of(2L, 3L), drain(other, Duration.ofMillis(500)).keySet(),
                            "the staged records stay held by the transaction");
                }
                producer.commitTransaction();
            }
            assertEquals(Set.of("commit-0", "commit-1", "commit-2"), committed(bootstrap));
            try (PartitaShareConsumer after = jobsConsumer(bootstrap)) {
                Map<Long, ShareRecord> rest = drain(after, Duration.ofMillis(500));
                assertEquals(Set.of(2L, 3L), rest.keySet(), "accepted in the committed transaction: never again");
            }
        }
    }

    @Test
    void abortedTransactionHidesSendsAndRedeliversTheRecordsWithRaisedCounts() throws Exception {
        try (PartitaServer server = PartitaServer.start(BrokerTestSupport.config(dir))) {
            String bootstrap = "127.0.0.1:" + server.port();
            setUp(bootstrap);
            try (PartitaProducer producer = new PartitaProducer(props(bootstrap, "linger.ms", "0", "transactional.id", "tx-abort"));
                 PartitaShareConsumer c = jobsConsumer(bootstrap)) {
                producer.initTransactions();
                producer.beginTransaction();
                Map<Long, ShareRecord> got = pollAtLeast(c, JOBS);
                sendToAll(producer, "abort");
                for (ShareRecord r : got.values()) {
                    c.acknowledge(r, AcknowledgeType.ACCEPT);
                }
                c.commitSync(producer.enlistInTransaction());
                producer.abortTransaction();
            }
            assertEquals(Set.of(), committed(bootstrap));
            try (PartitaShareConsumer after = jobsConsumer(bootstrap)) {
                Map<Long, ShareRecord> again = pollAtLeast(after, JOBS);
                assertEquals(Set.of(0L, 1L, 2L, 3L), again.keySet());
                for (ShareRecord r : again.values()) {
                    assertEquals(2, r.deliveryCount(), "redelivered after the abort: " + r);
                }
            }
        }
    }

    @Test
    void acknowledgingInATransactionThatIsNotOpenIsRefused() throws Exception {
        try (PartitaServer server = PartitaServer.start(BrokerTestSupport.config(dir))) {
            String bootstrap = "127.0.0.1:" + server.port();
            setUp(bootstrap);
            try (PartitaProducer old = new PartitaProducer(props(bootstrap, "linger.ms", "0", "transactional.id", "tx-fenced"));
                 PartitaProducer current = new PartitaProducer(props(bootstrap, "linger.ms", "0", "transactional.id", "tx-fenced"));
                 PartitaShareConsumer c = jobsConsumer(bootstrap)) {
                old.initTransactions();
                old.beginTransaction();
                var stale = old.enlistInTransaction();
                current.initTransactions();
                Map<Long, ShareRecord> got = pollAtLeast(c, 1);
                c.acknowledge(got.values().iterator().next(), AcknowledgeType.ACCEPT);
                PartitaClientException e = assertThrows(PartitaClientException.class, () -> c.commitSync(stale));
                assertEquals(Errors.PRODUCER_FENCED, e.error(), e.getMessage());
                assertThrows(IllegalStateException.class, current::enlistInTransaction, "no transaction is open");
            }
        }
    }

    @Test
    void aCommitInterruptedBetweenItsMarkersCompletesItsAcceptsAfterTheRestart() throws Exception {
        int port = ChildBroker.freePort();
        Path data = dir.resolve("data");
        String bootstrap = "127.0.0.1:" + port;
        List<String> overrides = List.of(BrokerConfig.TRANSACTION_STATE_LOG_NUM_PARTITIONS + "=2");
        try (ChildBroker broker = ChildBroker.start(data, output, port,
                List.of("-D" + io.partita.broker.txn.TransactionCoordinator.HALT_AFTER_MARKERS_PROPERTY + "=2"),
                overrides)) {
            setUp(bootstrap);
            try (PartitaProducer producer = new PartitaProducer(props(bootstrap, "linger.ms", "0",
                    "transactional.id", "tx-halt", "max.block.ms", "3000", "request.timeout.ms", "3000"));
                 PartitaShareConsumer c = jobsConsumer(bootstrap)) {
                producer.initTransactions();
                producer.beginTransaction();
                Map<Long, ShareRecord> got = pollAtLeast(c, JOBS);
                sendToAll(producer, "halt");
                c.acknowledge(got.get(0L), AcknowledgeType.ACCEPT);
                c.acknowledge(got.get(3L), AcknowledgeType.ACCEPT);
                c.commitSync(producer.enlistInTransaction());
                assertThrows(RuntimeException.class, producer::commitTransaction,
                        "the broker halts after the second of three commit markers");
            }
            assertEquals(99, broker.awaitExit());
        }
        try (ChildBroker broker = ChildBroker.start(data, output, port, List.of(), overrides)) {
            assertEquals(Set.of("halt-0", "halt-1", "halt-2"), committed(bootstrap),
                    "the decided commit was completed at start-up");
            try (PartitaShareConsumer c = jobsConsumer(bootstrap)) {
                assertEquals(Set.of(1L, 2L), drain(c, Duration.ofMillis(700)).keySet(),
                        "the commit's accepts were applied at start-up too");
            }
        }
    }

    @Test
    void preparedXaBranchKeepsItsAcceptsAcrossSigkillRestartsUntilCommitted() throws Exception {
        int port = ChildBroker.freePort();
        Path data = dir.resolve("data");
        List<String> overrides = List.of(BrokerConfig.TRANSACTION_STATE_LOG_NUM_PARTITIONS + "=2");
        String bootstrap = "127.0.0.1:" + port;
        Xid xid = XaTransactionsTest.newXid();
        Map<Long, ShareRecord> first;
        try (ChildBroker broker = ChildBroker.start(data, output, port, List.of(), overrides)) {
            setUp(bootstrap);
            try (PartitaXaResource xa = new PartitaXaResource(props(bootstrap, "request.timeout.ms", "5000",
                    "max.block.ms", "5000"));
                 PartitaShareConsumer c = jobsConsumer(bootstrap)) {
                first = pollAtLeast(c, JOBS);
                assertEquals(JOBS, first.size());
                xa.start(xid, XaCodes.TMNOFLAGS);
                sendToAll(xa.producer(), "xa");
                c.acknowledge(first.get(0L), AcknowledgeType.ACCEPT);
                c.acknowledge(first.get(1L), AcknowledgeType.ACCEPT);
                c.commitSync(xa.producer().enlistInTransaction());
                xa.end(xid, XaCodes.TMSUCCESS);
                assertEquals(XaCodes.XA_OK, xa.prepare(xid));
                broker.kill();
            }
        }
        for (int restart = 1; restart <= 2; restart++) {
            try (ChildBroker broker = ChildBroker.start(data, output, port, List.of(), overrides)) {
                try (PartitaXaResource xa = new PartitaXaResource(props(bootstrap))) {
                    assertEquals(List.of(xid), xa.recover(XaCodes.TMSTARTRSCAN | XaCodes.TMENDRSCAN),
                            "restart " + restart);
                }
                assertEquals(Set.of(), committed(bootstrap), "restart " + restart);
                try (PartitaShareConsumer c = jobsConsumer(bootstrap)) {
                    Map<Long, ShareRecord> again = drain(c, Duration.ofMillis(700));
                    assertEquals(Set.of(2L, 3L), again.keySet(), "restart " + restart
                            + ": the branch's records stay held, the others come again");
                    for (ShareRecord r : again.values()) {
                        assertEquals(restart + 1, r.deliveryCount(), "restart " + restart + ": " + r);
                    }
                } // closing releases 2 and 3 again
                broker.kill();
            }
        }
        try (ChildBroker broker = ChildBroker.start(data, output, port, List.of(), overrides)) {
            try (PartitaXaResource xa = new PartitaXaResource(props(bootstrap))) {
                xa.commit(xid, false);
                assertEquals(List.of(), xa.recover(XaCodes.TMSTARTRSCAN | XaCodes.TMENDRSCAN));
            }
            assertEquals(Set.of("xa-0", "xa-1", "xa-2"), committed(bootstrap));
            try (PartitaShareConsumer c = jobsConsumer(bootstrap)) {
                Map<Long, ShareRecord> rest = drain(c, Duration.ofMillis(700));
                assertEquals(Set.of(2L, 3L), rest.keySet(), "the accepted records are never delivered again");
                List<ShareRecord> list = new ArrayList<>(rest.values());
                for (ShareRecord r : list) {
                    c.acknowledge(r);
                }
                c.commitSync();
            }
        }
        // And still so after another restart: the commit's acknowledgements were stored.
        try (ChildBroker broker = ChildBroker.start(data, output, port, List.of(), overrides);
             PartitaShareConsumer c = jobsConsumer(bootstrap)) {
            assertEquals(Set.of(), drain(c, Duration.ofMillis(700)).keySet());
        }
    }
}
