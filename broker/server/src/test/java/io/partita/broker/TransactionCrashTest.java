package io.partita.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.broker.txn.TransactionCoordinator;
import io.partita.client.PartitaClientException;
import io.partita.client.Settings;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerRecord;
import io.partita.client.txn.PartitaXaResource;
import io.partita.client.txn.XaCodes;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.txn.Xid;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions across broker crashes, with the broker in a JVM of its own: a prepared XA branch
 * survives SIGKILL and is then committed or rolled back; a commit interrupted between its
 * markers is completed when the broker starts again.
 */
@Timeout(300)
class TransactionCrashTest {
    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("orders", 0),
            new TopicPartition("orders", 1), new TopicPartition("audit", 0));
    private static final List<String> SETTINGS = List.of("transaction.state.log.num.partitions=2",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms=100");

    @TempDir
    Path dir;

    @TempDir
    Path output;

    private static Properties props(int port, Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put(Settings.BOOTSTRAP_SERVERS, "127.0.0.1:" + port);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Settings.of(m);
    }

    private static void createTopics(int port) throws Exception {
        try (PartitaAdmin admin = new PartitaAdmin(props(port))) {
            admin.createTopics(List.of(new NewTopic("orders", 2), new NewTopic("audit", 1))).get(30, TimeUnit.SECONDS);
        }
    }

    private ChildBroker start(int port, List<String> jvmArgs) throws Exception {
        return ChildBroker.start(dir, output, port, jvmArgs, SETTINGS);
    }

    private Xid prepareAndKill(int port) throws Exception {
        Xid xid = XaTransactionsTest.newXid();
        try (ChildBroker broker = start(port, List.of())) {
            createTopics(port);
            try (PartitaXaResource xa = new PartitaXaResource(props(port, "linger.ms", "0"))) {
                xa.start(xid, XaCodes.TMNOFLAGS);
                XaTransactionsTest.sendToAll(xa, PARTITIONS, "prepared");
                xa.end(xid, XaCodes.TMSUCCESS);
                assertEquals(XaCodes.XA_OK, xa.prepare(xid));
                broker.kill();
            }
        }
        return xid;
    }

    @Test
    void aPreparedBranchSurvivesSigkillAndIsCommittedAfterRestart() throws Exception {
        int port = ChildBroker.freePort();
        Xid xid = prepareAndKill(port);
        try (ChildBroker broker = start(port, List.of());
             PartitaXaResource xa = new PartitaXaResource(props(port))) {
            String bootstrap = "127.0.0.1:" + port;
            assertEquals(List.of(xid), xa.recover(XaCodes.TMSTARTRSCAN | XaCodes.TMENDRSCAN));
            assertEquals(Map.of(PARTITIONS.get(0), 0L, PARTITIONS.get(1), 0L, PARTITIONS.get(2), 0L),
                    XaTransactionsTest.lastStableOffsets(bootstrap, PARTITIONS), "still in doubt, so not readable");
            xa.commit(xid, false);
            assertEquals(List.of(), xa.recover(XaCodes.TMSTARTRSCAN));
            assertEquals(Set.of("prepared-0", "prepared-1", "prepared-2"),
                    XaTransactionsTest.committedValues(XaTransactionsTest.readCommitted(bootstrap), PARTITIONS));
        }
    }

    @Test
    void aPreparedBranchSurvivesSigkillAndIsRolledBackAfterRestart() throws Exception {
        int port = ChildBroker.freePort();
        Xid xid = prepareAndKill(port);
        try (ChildBroker broker = start(port, List.of());
             PartitaXaResource xa = new PartitaXaResource(props(port))) {
            String bootstrap = "127.0.0.1:" + port;
            assertEquals(List.of(xid), xa.recover(XaCodes.TMSTARTRSCAN | XaCodes.TMENDRSCAN));
            xa.rollback(xid);
            assertEquals(List.of(), xa.recover(XaCodes.TMSTARTRSCAN));
            assertEquals(Map.of(PARTITIONS.get(0), 2L, PARTITIONS.get(1), 2L, PARTITIONS.get(2), 2L),
                    XaTransactionsTest.lastStableOffsets(bootstrap, PARTITIONS), "record and abort marker, stable");
            assertEquals(Set.of(),
                    XaTransactionsTest.committedValues(XaTransactionsTest.readCommitted(bootstrap), PARTITIONS));
        }
    }

    @Test
    void aCommitInterruptedBetweenMarkersIsCompletedOnRestart() throws Exception {
        int port = ChildBroker.freePort();
        try (ChildBroker broker = start(port, List.of("-D" + TransactionCoordinator.HALT_AFTER_MARKERS_PROPERTY + "=1"))) {
            createTopics(port);
            try (PartitaProducer p = new PartitaProducer(props(port, "transactional.id", "crash-commit",
                    "linger.ms", "0", "max.block.ms", "2000", "request.timeout.ms", "2000"))) {
                p.initTransactions();
                p.beginTransaction();
                int n = 0;
                for (TopicPartition tp : PARTITIONS) {
                    p.send(new ProducerRecord(tp.topic(), tp.partition(), null, null,
                            ("committed-" + n++).getBytes(StandardCharsets.UTF_8), List.of())).get(30, TimeUnit.SECONDS);
                }
                assertThrows(PartitaClientException.class, p::commitTransaction,
                        "the broker halts after the first of three markers");
                assertEquals(99, broker.awaitExit());
            }
        }
        try (ChildBroker broker = start(port, List.of())) {
            String bootstrap = "127.0.0.1:" + port;
            Map<TopicPartition, Long> logEnds;
            try (PartitaConsumer c = new PartitaConsumer(props(port))) {
                logEnds = c.endOffsets(PARTITIONS, Duration.ofSeconds(30));
            }
            Map<TopicPartition, Long> stable = XaTransactionsTest.lastStableOffsets(bootstrap, PARTITIONS);
            for (TopicPartition tp : PARTITIONS) {
                // The partition that got its marker before the crash gets a second one: readers skip it.
                assertTrue(logEnds.get(tp) >= 2, tp + " has the record and a commit marker");
                assertEquals(logEnds.get(tp), stable.get(tp), "no transaction is left open in " + tp);
            }
            assertEquals(Set.of("committed-0", "committed-1", "committed-2"),
                    XaTransactionsTest.committedValues(XaTransactionsTest.readCommitted(bootstrap), PARTITIONS));
        }
    }
}
