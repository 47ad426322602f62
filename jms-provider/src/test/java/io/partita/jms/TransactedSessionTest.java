package io.partita.jms;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transacted sessions (Jakarta Messaging 3.0 section 6.2.7) against a real broker over TCP: sends
 * and receives of a transaction become effective together on commit, rollback discards the sends
 * and redelivers the received messages (JMSRedelivered, JMSXDeliveryCount raised), closing a
 * transacted session rolls back, listeners commit inside onMessage, and a commit that cannot
 * succeed throws TransactionRolledBackException having rolled everything back.
 */
@Timeout(120)
class TransactedSessionTest {
    private static final long WAIT_MS = 30_000;
    /** Short record locks, so a held message's lock can run out within a test. */
    private static final long LOCK_MS = 1500;

    @TempDir
    static Path dir;
    private static PartitaServer server;
    private static PartitaConnectionFactory factory;

    @BeforeAll
    static void start() throws Exception {
        server = PartitaServer.start(BrokerConfig.of(Map.of(
                BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                BrokerConfig.LOG_DIRS, dir.toString(),
                BrokerConfig.NUM_NETWORK_THREADS, "2",
                BrokerConfig.NUM_IO_THREADS, "2",
                BrokerConfig.SHARE_RECORD_LOCK_DURATION_MS, Long.toString(LOCK_MS))));
        factory = new PartitaConnectionFactory("partita://127.0.0.1:" + server.port() + "?prefetch=1");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void sendPlain(Connection c, Queue q, String... texts) throws Exception {
        try (Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer p = s.createProducer(q)) {
            for (String t : texts) {
                p.send(s.createTextMessage(t));
            }
        }
    }

    /** Everything an auto-acknowledging consumer gets from {@code q} until it waits {@code quietMs} in vain. */
    private static List<String> drain(Connection c, Queue q, long quietMs) throws Exception {
        List<String> out = new ArrayList<>();
        try (Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = s.createConsumer(q)) {
            Message m;
            while ((m = consumer.receive(quietMs)) != null) {
                out.add(((TextMessage) m).getText());
            }
        }
        return out;
    }

    @Test
    void commitMakesSendsAndReceivesEffectiveTogether() throws Exception {
        Queue in = new PartitaQueue(unique("tx-in"));
        Queue outA = new PartitaQueue(unique("tx-out-a"));
        Queue outB = new PartitaQueue(unique("tx-out-b"));
        try (Connection c = factory.createConnection()) {
            c.start();
            sendPlain(c, in, "one", "two");
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(in);
            MessageProducer producer = tx.createProducer(null);
            for (int i = 0; i < 2; i++) {
                TextMessage m = (TextMessage) consumer.receive(WAIT_MS);
                assertNotNull(m);
                producer.send(outA, tx.createTextMessage("a:" + m.getText()));
                producer.send(outB, tx.createTextMessage("b:" + m.getText()));
            }
            assertEquals(List.of(), drain(c, outA, 300), "nothing sent is visible before the commit");
            assertEquals(List.of(), drain(c, in, 300), "received messages stay with the transaction");
            tx.commit();
            assertEquals(List.of("a:one", "a:two"), drain(c, outA, 300));
            assertEquals(List.of("b:one", "b:two"), drain(c, outB, 300));
            assertEquals(List.of(), drain(c, in, 300), "received in the committed transaction: gone");
            tx.close();
        }
    }

    @Test
    void rollbackDiscardsSendsAndRedeliversReceivedMessages() throws Exception {
        Queue in = new PartitaQueue(unique("rb-in"));
        Queue out = new PartitaQueue(unique("rb-out"));
        try (Connection c = factory.createConnection()) {
            c.start();
            sendPlain(c, in, "job");
            Session tx = c.createSession(Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(in);
            MessageProducer producer = tx.createProducer(out);
            Message first = consumer.receive(WAIT_MS);
            assertFalse(first.getJMSRedelivered());
            assertEquals(1, first.getIntProperty("JMSXDeliveryCount"));
            producer.send(tx.createTextMessage("result"));
            tx.rollback();
            Message again = consumer.receive(WAIT_MS);
            assertNotNull(again, "redelivered after rollback");
            assertEquals("job", ((TextMessage) again).getText());
            assertTrue(again.getJMSRedelivered());
            assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
            producer.send(tx.createTextMessage("result-2"));
            tx.commit();
            assertEquals(List.of("result-2"), drain(c, out, 300), "the rolled back send is never visible");
            assertEquals(List.of(), drain(c, in, 300));
            tx.close();
        }
    }

    @Test
    void closingATransactedSessionRollsBack() throws Exception {
        Queue in = new PartitaQueue(unique("close-in"));
        Queue out = new PartitaQueue(unique("close-out"));
        try (Connection c = factory.createConnection()) {
            c.start();
            sendPlain(c, in, "kept");
            Session tx = c.createSession(true, 0);
            Message m = tx.createConsumer(in).receive(WAIT_MS);
            assertNotNull(m);
            tx.createProducer(out).send(tx.createTextMessage("lost"));
            tx.close();
            assertEquals(List.of("kept"), drain(c, in, 300));
            assertEquals(List.of(), drain(c, out, 300));
        }
    }

    @Test
    void aConsumerClosedInsideTheTransactionKeepsItsMessagesInIt() throws Exception {
        Queue in = new PartitaQueue(unique("cc-in"));
        try (Connection c = factory.createConnection()) {
            c.start();
            sendPlain(c, in, "m1");
            Session tx = c.createSession(true, 0);
            MessageConsumer consumer = tx.createConsumer(in);
            assertNotNull(consumer.receive(WAIT_MS));
            consumer.close();
            assertEquals(List.of(), drain(c, in, 300), "still held by the transaction");
            tx.commit();
            assertEquals(List.of(), drain(c, in, 300), "accepted by the commit");
            tx.close();
        }
    }

    @Test
    void listenerCommitsAndRollsBackInsideOnMessage() throws Exception {
        Queue in = new PartitaQueue(unique("listen-in"));
        try (Connection c = factory.createConnection()) {
            sendPlain(c, in, "event");
            Session tx = c.createSession(true, 0);
            List<String> seen = new CopyOnWriteArrayList<>();
            CountDownLatch committed = new CountDownLatch(1);
            tx.createConsumer(in).setMessageListener(m -> {
                try {
                    seen.add(((TextMessage) m).getText() + "/" + m.getJMSRedelivered());
                    if (!m.getJMSRedelivered()) {
                        tx.rollback();
                    } else {
                        tx.commit();
                        committed.countDown();
                    }
                } catch (Exception e) {
                    seen.add("failed: " + e);
                }
            });
            c.start();
            assertTrue(committed.await(WAIT_MS, TimeUnit.MILLISECONDS), seen.toString());
            assertEquals(List.of("event/false", "event/true"), seen);
            tx.close();
            assertEquals(List.of(), drain(c, in, 300));
        }
    }

    @Test
    void aCommitThatCannotSucceedRollsBackAndSaysSo() throws Exception {
        Queue in = new PartitaQueue(unique("fail-in"));
        Queue out = new PartitaQueue(unique("fail-out"));
        try (Connection c = factory.createConnection()) {
            c.start();
            sendPlain(c, in, "slow");
            Session tx = c.createSession(true, 0);
            MessageConsumer consumer = tx.createConsumer(in);
            assertNotNull(consumer.receive(WAIT_MS));
            tx.createProducer(out).send(tx.createTextMessage("never"));
            // The message's lock runs out while the transaction is open: another consumer gets it.
            try (Session other = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                 MessageConsumer taker = other.createConsumer(in)) {
                Message taken = taker.receive(WAIT_MS);
                assertNotNull(taken, "the lock of " + LOCK_MS + " ms ran out");
                TransactionRolledBackException e = assertThrows(TransactionRolledBackException.class, tx::commit);
                assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
                taken.acknowledge();
            }
            assertEquals(List.of(), drain(c, out, 300), "the sends were rolled back");
            // The session carries on with a new transaction.
            tx.createProducer(out).send(tx.createTextMessage("after"));
            tx.commit();
            assertEquals(List.of("after"), drain(c, out, 300));
            tx.close();
        }
    }

    @Test
    void commitAndRollbackOutsideATransactedSessionAreIllegal() throws Exception {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            assertThrows(IllegalStateException.class, s::commit);
            assertThrows(IllegalStateException.class, s::rollback);
        }
        try (JMSContext context = factory.createContext(JMSContext.SESSION_TRANSACTED)) {
            assertTrue(context.getTransacted());
            Queue q = context.createQueue(unique("ctx"));
            context.createProducer().send(q, "in a context");
            context.commit();
            try (JMSContext reader = factory.createContext(JMSContext.SESSION_TRANSACTED)) {
                assertEquals("in a context", reader.createConsumer(q).receiveBody(String.class, WAIT_MS));
                reader.rollback();
                assertEquals("in a context", reader.createConsumer(q).receiveBody(String.class, WAIT_MS));
                reader.commit();
            }
            assertNull(context.createConsumer(q).receiveNoWait());
        }
    }
}
