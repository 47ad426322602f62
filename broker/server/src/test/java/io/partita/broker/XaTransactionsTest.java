package io.partita.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.broker.config.BrokerConfig;
import io.partita.broker.txn.TransactionParticipant;
import io.partita.client.Settings;
import io.partita.client.admin.NewTopic;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.consumer.PartitaConsumer;
import io.partita.client.producer.ProducerRecord;
import io.partita.client.txn.PartitaXaResource;
import io.partita.client.txn.XaCodes;
import io.partita.client.txn.XaException;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * XA branches through {@link PartitaXaResource} against a real broker: one-phase and two-phase
 * commit, rollback, read-only branches, the XA error codes of protocol misuse, and the rollback
 * of a branch that outlives its timeout.
 */
@Timeout(120)
class XaTransactionsTest {
    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("orders", 0),
            new TopicPartition("orders", 1));
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    Path dir;

    private PartitaServer server;
    private String bootstrap;

    @BeforeEach
    void start() throws Exception {
        server = PartitaServer.start(BrokerTestSupport.config(dir)
                .with(BrokerConfig.TRANSACTION_STATE_LOG_NUM_PARTITIONS, "2")
                .with(BrokerConfig.TRANSACTION_ABORT_CHECK_INTERVAL_MS, "50"));
        bootstrap = "127.0.0.1:" + server.port();
        try (PartitaAdmin admin = new PartitaAdmin(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, bootstrap)))) {
            admin.createTopics(List.of(new NewTopic("orders", 2))).get(30, TimeUnit.SECONDS);
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
        m.put("linger.ms", "0");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Settings.of(m);
    }

    static Xid newXid() {
        int n = IDS.incrementAndGet();
        return Xid.of(0x50415254, ("gtrid-" + n + "-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8),
                ("bqual-" + n).getBytes(StandardCharsets.UTF_8));
    }

    static void sendToAll(PartitaXaResource xa, List<TopicPartition> partitions, String prefix) throws Exception {
        int n = 0;
        for (TopicPartition tp : partitions) {
            xa.producer().send(new ProducerRecord(tp.topic(), tp.partition(), null, null,
                    (prefix + "-" + n++).getBytes(StandardCharsets.UTF_8), List.of())).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads with {@code consumerProps} from the beginning up to the end its isolation level allows now. */
    static Set<String> committedValues(Properties consumerProps, List<TopicPartition> partitions) {
        try (PartitaConsumer c = new PartitaConsumer(consumerProps)) {
            c.assign(partitions);
            return TransactionsTest.readToEnd(c, partitions);
        }
    }

    static Properties readCommitted(String bootstrap) {
        return Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, bootstrap, "isolation.level", "read_committed",
                "auto.offset.reset", "earliest", "fetch.max.wait.ms", "50"));
    }

    static Map<TopicPartition, Long> lastStableOffsets(String bootstrap, List<TopicPartition> partitions) {
        try (PartitaConsumer c = new PartitaConsumer(readCommitted(bootstrap))) {
            return c.endOffsets(partitions, Duration.ofSeconds(30));
        }
    }

    private static int code(Runnable call) {
        return assertThrows(XaException.class, call::run).xaErrorCode();
    }

    @Test
    void twoPhaseCommitMakesTheBranchVisibleAndRecoverListsItOnlyWhilePrepared() throws Exception {
        try (PartitaXaResource xa = new PartitaXaResource(props())) {
            Xid xid = newXid();
            xa.start(xid, XaCodes.TMNOFLAGS);
            sendToAll(xa, PARTITIONS, "two-phase");
            xa.end(xid, XaCodes.TMSUCCESS);
            assertEquals(Map.of(PARTITIONS.get(0), 0L, PARTITIONS.get(1), 0L), lastStableOffsets(bootstrap, PARTITIONS));
            assertEquals(XaCodes.XA_OK, xa.prepare(xid));
            assertEquals(List.of(xid), xa.recover(XaCodes.TMSTARTRSCAN | XaCodes.TMENDRSCAN));
            assertEquals(List.of(), xa.recover(XaCodes.TMENDRSCAN), "the scan already returned everything");
            xa.commit(xid, false);
            assertEquals(List.of(), xa.recover(XaCodes.TMSTARTRSCAN));
            assertEquals(Set.of("two-phase-0", "two-phase-1"), committedValues(readCommitted(bootstrap), PARTITIONS));
        }
    }

    @Test
    void onePhaseCommitAndRollback() throws Exception {
        try (PartitaXaResource xa = new PartitaXaResource(props())) {
            Xid rolledBack = newXid();
            xa.start(rolledBack, XaCodes.TMNOFLAGS);
            sendToAll(xa, PARTITIONS, "rolled-back");
            xa.end(rolledBack, XaCodes.TMSUCCESS);
            xa.rollback(rolledBack);

            Xid committed = newXid();
            xa.start(committed, XaCodes.TMNOFLAGS);
            sendToAll(xa, PARTITIONS, "one-phase");
            xa.end(committed, XaCodes.TMSUCCESS);
            xa.commit(committed, true);

            assertEquals(Set.of("one-phase-0", "one-phase-1"), committedValues(readCommitted(bootstrap), PARTITIONS));
            assertEquals(XaCodes.XAER_NOTA, code(() -> xa.commit(committed, true)), "a completed branch is forgotten");
        }
    }

    @Test
    void suspendAndResumeKeepTheBranch() throws Exception {
        try (PartitaXaResource xa = new PartitaXaResource(props())) {
            Xid xid = newXid();
            xa.start(xid, XaCodes.TMNOFLAGS);
            sendToAll(xa, PARTITIONS, "before");
            xa.end(xid, XaCodes.TMSUSPEND);
            xa.start(xid, XaCodes.TMRESUME);
            sendToAll(xa, PARTITIONS, "after");
            xa.end(xid, XaCodes.TMSUCCESS);
            assertEquals(XaCodes.XA_OK, xa.prepare(xid));
            xa.commit(xid, false);
            assertEquals(Set.of("after-0", "after-1", "before-0", "before-1"),
                    committedValues(readCommitted(bootstrap), PARTITIONS));
        }
    }

    @Test
    void aBranchThatWroteNothingVotesReadOnly() throws Exception {
        try (PartitaXaResource xa = new PartitaXaResource(props())) {
            Xid xid = newXid();
            xa.start(xid, XaCodes.TMNOFLAGS);
            xa.end(xid, XaCodes.TMSUCCESS);
            assertEquals(XaCodes.XA_RDONLY, xa.prepare(xid));
            assertEquals(XaCodes.XAER_NOTA, code(() -> xa.commit(xid, false)), "a read-only branch is forgotten");
        }
    }

    @Test
    void protocolMisuseAnswersTheXaErrorCodes() throws Exception {
        try (PartitaXaResource xa = new PartitaXaResource(props());
             PartitaXaResource other = new PartitaXaResource(props())) {
            Xid unknown = newXid();
            assertEquals(XaCodes.XAER_NOTA, code(() -> xa.commit(unknown, false)));
            assertEquals(XaCodes.XAER_NOTA, code(() -> xa.commit(unknown, true)));
            assertEquals(XaCodes.XAER_NOTA, code(() -> xa.prepare(unknown)));
            assertEquals(XaCodes.XAER_NOTA, code(() -> xa.rollback(unknown)));
            assertEquals(XaCodes.XAER_NOTA, code(() -> xa.forget(unknown)));
            assertEquals(XaCodes.XAER_NOTA, code(() -> xa.start(unknown, XaCodes.TMJOIN)));

            Xid xid = newXid();
            xa.start(xid, XaCodes.TMNOFLAGS);
            assertEquals(XaCodes.XAER_PROTO, code(() -> xa.start(newXid(), XaCodes.TMNOFLAGS)), "already associated");
            assertEquals(XaCodes.XAER_DUPID, code(() -> other.start(xid, XaCodes.TMNOFLAGS)), "the broker knows it");
            assertEquals(XaCodes.XAER_PROTO, code(() -> xa.prepare(xid)), "prepare while associated");
            sendToAll(xa, PARTITIONS, "misuse");
            xa.end(xid, XaCodes.TMSUCCESS);
            assertEquals(XaCodes.XAER_PROTO, code(() -> xa.commit(xid, false)), "two-phase commit before prepare");
            assertEquals(XaCodes.XA_OK, xa.prepare(xid));
            assertEquals(XaCodes.XAER_PROTO, code(() -> other.prepare(xid)), "prepare twice");
            assertEquals(XaCodes.XAER_PROTO, code(() -> other.commit(xid, true)), "one-phase commit of a prepared branch");
            assertEquals(XaCodes.XAER_PROTO, code(() -> other.forget(xid)), "nothing heuristic to forget");
            assertEquals(XaCodes.XAER_INVAL, code(() -> other.start(newXid(), 0x1234)));
            other.commit(xid, false);
            assertEquals(Set.of("misuse-0", "misuse-1"), committedValues(readCommitted(bootstrap), PARTITIONS));
        }
    }

    @Test
    void anUnpreparedBranchPastItsTimeoutIsRolledBackButAPreparedOneIsNot() throws Exception {
        try (PartitaXaResource xa = new PartitaXaResource(props())) {
            xa.setTransactionTimeout(1);
            Xid prepared = newXid();
            xa.start(prepared, XaCodes.TMNOFLAGS);
            sendToAll(xa, List.of(PARTITIONS.get(0)), "prepared");
            xa.end(prepared, XaCodes.TMSUCCESS);
            assertEquals(XaCodes.XA_OK, xa.prepare(prepared));

            Xid idle = newXid();
            xa.start(idle, XaCodes.TMNOFLAGS);
            sendToAll(xa, List.of(PARTITIONS.get(1)), "timed-out");
            xa.end(idle, XaCodes.TMSUCCESS);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (lastStableOffsets(bootstrap, PARTITIONS).get(PARTITIONS.get(1)) != 2L) {
                assertTrue(System.nanoTime() < deadline, "the idle branch was not rolled back by timeout");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            assertEquals(XaCodes.XA_RBTIMEOUT, code(() -> xa.prepare(idle)));
            assertEquals(List.of(prepared), xa.recover(XaCodes.TMSTARTRSCAN), "the prepared branch outlives its timeout");
            xa.commit(prepared, false);
            assertEquals(Set.of("prepared-0"), committedValues(readCommitted(bootstrap), PARTITIONS));
        }
    }

    @Test
    void participantsArePreparedCommittedAbortedAndMayVeto() throws Exception {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean veto = new java.util.concurrent.atomic.AtomicBoolean();
        server.transactionCoordinator().registerParticipant(new TransactionParticipant() {
            @Override
            public void prepare(TransactionRef txn) throws Exception {
                calls.add("prepare " + txn.key().xid());
                if (veto.get()) {
                    throw new Exception("staged acknowledgements are gone");
                }
            }

            @Override
            public void commit(TransactionRef txn) {
                calls.add("commit " + txn.key().xid());
            }

            @Override
            public void abort(TransactionRef txn) {
                calls.add("abort " + txn.key().xid());
            }
        });
        try (PartitaXaResource xa = new PartitaXaResource(props())) {
            Xid good = newXid();
            xa.start(good, XaCodes.TMNOFLAGS);
            sendToAll(xa, PARTITIONS, "good");
            xa.end(good, XaCodes.TMSUCCESS);
            xa.prepare(good);
            xa.commit(good, false);
            assertEquals(List.of("prepare " + good, "commit " + good), calls);

            calls.clear();
            veto.set(true);
            Xid vetoed = newXid();
            xa.start(vetoed, XaCodes.TMNOFLAGS);
            sendToAll(xa, PARTITIONS, "vetoed");
            xa.end(vetoed, XaCodes.TMSUCCESS);
            assertEquals(XaCodes.XA_RBROLLBACK, code(() -> xa.prepare(vetoed)));
            assertEquals(List.of("prepare " + vetoed, "abort " + vetoed), calls);
            assertEquals(Set.of("good-0", "good-1"), committedValues(readCommitted(bootstrap), PARTITIONS));
        }
    }

    @Test
    void branchesRolledBackByTimeoutAndIdleTransactionalIdsExpire() throws Exception {
        try (PartitaServer expiring = PartitaServer.start(BrokerTestSupport.config(dir.resolve("expiring"))
                .with(BrokerConfig.TRANSACTION_STATE_LOG_NUM_PARTITIONS, "1")
                .with(BrokerConfig.TRANSACTION_ABORT_CHECK_INTERVAL_MS, "20")
                .with(BrokerConfig.TRANSACTIONAL_ID_EXPIRATION_MS, "300"));
             TestWireClient c = new TestWireClient(expiring.port())) {
            Xid xid = newXid();
            io.partita.protocol.wire.api.XaStartResponse start = c.call(
                    new io.partita.protocol.wire.api.XaStartRequest(xid, 50));
            assertEquals(io.partita.protocol.wire.Errors.NONE, start.error());
            io.partita.protocol.wire.api.InitProducerIdResponse init = c.call(
                    new io.partita.protocol.wire.api.InitProducerIdRequest("idle", 10_000, -1, (short) -1));
            assertEquals(io.partita.protocol.wire.Errors.NONE, init.error());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // XaStart of a known Xid changes nothing and answers DUPLICATE_XID; once the branch (rolled
            // back by its 50 ms timeout, then idle for 300 ms) is forgotten, the Xid can start again.
            while (true) {
                io.partita.protocol.wire.api.XaStartResponse again = c.call(
                        new io.partita.protocol.wire.api.XaStartRequest(xid, 10_000));
                if (again.error() == io.partita.protocol.wire.Errors.NONE) {
                    break;
                }
                assertEquals(io.partita.protocol.wire.Errors.DUPLICATE_XID, again.error());
                assertTrue(System.nanoTime() < deadline, "the timed-out branch was not forgotten");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            while (true) {
                io.partita.protocol.wire.api.EndTxnResponse end = c.call(new io.partita.protocol.wire.api.EndTxnRequest(
                        "idle", init.producerId(), init.producerEpoch(), false));
                if (end.error() == io.partita.protocol.wire.Errors.TRANSACTIONAL_ID_NOT_FOUND) {
                    break;
                }
                assertEquals(io.partita.protocol.wire.Errors.INVALID_TXN_STATE, end.error(), "nothing open yet");
                assertTrue(System.nanoTime() < deadline, "the idle transactional id did not expire");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }
}
