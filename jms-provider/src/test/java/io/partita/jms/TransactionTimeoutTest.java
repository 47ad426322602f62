package io.partita.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code transactionTimeout} URL option: a transacted session left open past it has its work
 * rolled back by the broker, and its commit then throws {@code TransactionRolledBackException}.
 *
 * <p>The broker's abort is observed, not waited for by time: consumers read committed, so a
 * message sent after the open transaction's message to the same (one-partition) queue becomes
 * visible only once the broker has ended that transaction.
 */
@Timeout(120)
class TransactionTimeoutTest {
    private static final long WAIT_MS = 30_000;
    private static final int TIMEOUT_MS = 500;

    @TempDir
    static Path dir;
    private static PartitaServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PartitaServer.start(BrokerConfig.of(Map.of(
                BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                BrokerConfig.LOG_DIRS, dir.toString(),
                BrokerConfig.NUM_PARTITIONS, "1",
                BrokerConfig.NUM_NETWORK_THREADS, "2",
                BrokerConfig.NUM_IO_THREADS, "2",
                BrokerConfig.TRANSACTION_ABORT_CHECK_INTERVAL_MS, "50")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String url(String options) {
        return "partita://127.0.0.1:" + server.port() + "?prefetch=1" + options;
    }

    @Test
    void aTransactionOpenPastTheTimeoutIsRolledBackAndItsCommitFails() throws Exception {
        PartitaConnectionFactory cf = new PartitaConnectionFactory(url("&transactionTimeout=" + TIMEOUT_MS));
        try (Connection tx = cf.createConnection(); Connection plain = cf.createConnection()) {
            tx.start();
            plain.start();
            Session ts = tx.createSession(true, Session.SESSION_TRANSACTED);
            Session ps = plain.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = ps.createQueue("txtimeout-" + UUID.randomUUID().toString().substring(0, 8));
            ts.createProducer(q).send(ts.createTextMessage("in the transaction"));
            ps.createProducer(q).send(ps.createTextMessage("after it"));
            MessageConsumer reader = ps.createConsumer(q);
            // Visible only once the broker has aborted the open transaction in front of it.
            TextMessage first = (TextMessage) reader.receive(WAIT_MS);
            assertEquals("after it", first.getText());
            TransactionRolledBackException e = assertThrows(TransactionRolledBackException.class, ts::commit);
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            assertNull(reader.receive(300), "the timed-out send never becomes visible");

            // The session carries on with a new transaction.
            ts.createProducer(q).send(ts.createTextMessage("next transaction"));
            ts.commit();
            assertEquals("next transaction", ((TextMessage) reader.receive(WAIT_MS)).getText());
        }
    }

    @Test
    void aTransactedContextTimesOutTheSameWay() throws Exception {
        PartitaConnectionFactory cf = new PartitaConnectionFactory(url("&transactionTimeout=" + TIMEOUT_MS));
        try (JMSContext tx = cf.createContext(JMSContext.SESSION_TRANSACTED); JMSContext plain = cf.createContext()) {
            Queue q = plain.createQueue("txtimeout-ctx-" + UUID.randomUUID().toString().substring(0, 8));
            tx.createProducer().send(q, "in the transaction");
            plain.createProducer().send(q, "after it");
            assertEquals("after it", plain.createConsumer(q).receiveBody(String.class, WAIT_MS));
            assertThrows(TransactionRolledBackRuntimeException.class, tx::commit);
        }
    }

    @Test
    void withTheDefaultTimeoutATransactionOutlivesAShortOne() throws Exception {
        PartitaConnectionFactory cf = new PartitaConnectionFactory(url(""));
        try (JMSContext tx = cf.createContext(JMSContext.SESSION_TRANSACTED); JMSContext plain = cf.createContext()) {
            Queue q = plain.createQueue("txdefault-" + UUID.randomUUID().toString().substring(0, 8));
            tx.createProducer().send(q, "in the transaction");
            plain.createProducer().send(q, "after it");
            // Several abort checks pass; the 60 s default keeps the transaction, so nothing is visible yet.
            assertNull(plain.createConsumer(q).receiveBody(String.class, 4 * TIMEOUT_MS));
            tx.commit();
        }
    }
}
