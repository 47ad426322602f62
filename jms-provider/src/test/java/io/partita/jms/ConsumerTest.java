package io.partita.jms;

import io.partita.jms.message.EncodedMessage;
import io.partita.jms.message.MessageCodec;
import io.partita.jms.message.PartitaTextMessage;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JMS consumer logic (Jakarta Messaging 3.0, sections 6.2.10, 8.7 and 8.8: receiving,
 * acknowledge modes, recover, listeners, connection stop) against a real broker over TCP: the
 * broker's share groups hold the messages, count deliveries and take acknowledgements.
 */
@Timeout(120)
class ConsumerTest {
    private static final long WAIT_MS = 30_000;

    @TempDir
    static Path dir;
    private static BrokerFixture broker;

    private PartitaConnection connection;
    private final List<Connection> others = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new BrokerFixture(dir, 2);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void open() throws JMSException {
        connection = (PartitaConnection) new PartitaConnectionFactory(broker.url() + "?prefetch=1").createConnection();
    }

    @AfterEach
    void close() throws JMSException {
        connection.close();
        for (Connection c : others) {
            c.close();
        }
    }

    private Connection another() throws JMSException {
        Connection c = new PartitaConnectionFactory(broker.url()).createConnection();
        others.add(c);
        c.start();
        return c;
    }

    /** Asserts that nothing is left on {@code queue}, using a fresh consumer on another connection. */
    private void assertQueueEmpty(String queue) throws JMSException {
        Session s = another().createSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(s.createQueue(queue));
        Message m = c.receive(500);
        assertNull(m, () -> "expected " + queue + " to be empty");
        c.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    private void send(Session s, Queue q, String... texts) throws JMSException {
        MessageProducer p = s.createProducer(q);
        for (String t : texts) {
            p.send(s.createTextMessage(t));
        }
        p.close();
    }

    private static String text(Message m) throws JMSException {
        return ((TextMessage) m).getText();
    }

    @Test
    void autoAcknowledgeReceivesInOrderAndAcceptsEach() throws Exception {
        connection.start();
        Session s = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("work");
        send(s, q, "a", "b", "c");
        MessageConsumer c = s.createConsumer(q);
        Message first = c.receive(WAIT_MS);
        assertEquals("a", text(first));
        assertEquals(q, first.getJMSDestination());
        assertEquals(1, first.getIntProperty("JMSXDeliveryCount"));
        assertFalse(first.getJMSRedelivered());
        assertThrows(MessageNotWriteableException.class, () -> ((TextMessage) first).setText("x"));
        assertEquals("b", text(c.receive(WAIT_MS)));
        assertEquals("c", text(c.receive()));
        assertNull(c.receive(200));
        c.close();
        assertQueueEmpty("work");
    }

    @Test
    void clientAcknowledgeRecoverRedeliversAndAcknowledgeCoversTheSession() throws Exception {
        connection.start();
        Session s = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue("client");
        send(s, q, "1", "2");
        MessageConsumer c = s.createConsumer(q);
        assertEquals("1", text(c.receive(WAIT_MS)));
        assertEquals("2", text(c.receive(WAIT_MS)));
        s.recover();
        Message again = c.receive(WAIT_MS);
        assertEquals("1", text(again));
        assertTrue(again.getJMSRedelivered());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        assertEquals("2", text(c.receive(WAIT_MS)));
        again.acknowledge();
        s.recover();
        assertNull(c.receive(200));
        c.close();
        assertQueueEmpty("client");
        s.close();
        assertThrows(IllegalStateException.class, again::acknowledge);
    }

    @Test
    void closingAConsumerReleasesWhatItHasNotAcknowledged() throws Exception {
        connection.start();
        Session s = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue("release");
        send(s, q, "only");
        MessageConsumer c = s.createConsumer(q);
        assertEquals("only", text(c.receive(WAIT_MS)));
        c.close();
        assertThrows(IllegalStateException.class, c::receiveNoWait);
        Message m = s.createConsumer(q).receive(WAIT_MS);
        assertEquals("only", text(m));
        assertEquals(2, m.getIntProperty("JMSXDeliveryCount"));
    }

    @Test
    void aStoppedConnectionDeliversNothingUntilStarted() throws Exception {
        Session s = connection.createSession();
        Queue q = s.createQueue("stopped");
        send(s, q, "x");
        MessageConsumer c = s.createConsumer(q);
        assertNull(c.receiveNoWait());
        assertNull(c.receive(50));
        connection.start();
        Message m = c.receive(WAIT_MS);
        assertEquals("x", text(m));
        assertEquals(1, m.getIntProperty("JMSXDeliveryCount"), "not acquired while the connection was stopped");
    }

    @Test
    void listenersRunInOrderOnTheDeliveryThreadAndAFailureIsRedelivered() throws Exception {
        connection.start();
        Session s = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("listen");
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(5);
        AtomicBoolean thrown = new AtomicBoolean();
        MessageConsumer c = s.createConsumer(q);
        c.setMessageListener(m -> {
            try {
                String t = text(m);
                threads.add(Thread.currentThread().getName());
                if (t.equals("boom") && thrown.compareAndSet(false, true)) {
                    seen.add("threw");
                    throw new RuntimeException("listener failure");
                }
                seen.add(t + (m.getJMSRedelivered() ? "/redelivered" : ""));
                done.countDown();
            } catch (JMSException e) {
                throw new AssertionError(e);
            }
        });
        assertThrows(IllegalStateException.class, c::receiveNoWait);
        send(s, q, "a", "b", "boom", "c", "d");
        assertTrue(done.await(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(List.of("a", "b", "threw", "boom/redelivered", "c", "d"), seen);
        for (String t : threads) {
            assertTrue(t.startsWith("partita-jms-delivery-"), t);
        }
        c.close();
        assertQueueEmpty("listen");
    }

    @Test
    void aListenerMayCloseItsConsumerButNotItsSessionOrConnection() throws Exception {
        connection.start();
        Session s = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("self");
        MessageConsumer c = s.createConsumer(q);
        List<Class<?>> outcomes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        c.setMessageListener(m -> {
            for (Runnable r : List.<Runnable>of(
                    () -> call(s::close), () -> call(connection::stop), () -> call(connection::close),
                    () -> call(c::close))) {
                try {
                    r.run();
                    outcomes.add(Void.class);
                } catch (RuntimeException e) {
                    outcomes.add(e.getCause() == null ? e.getClass() : e.getCause().getClass());
                }
            }
            done.countDown();
        });
        send(s, q, "one");
        assertTrue(done.await(WAIT_MS, TimeUnit.MILLISECONDS));
        assertEquals(List.of(IllegalStateException.class, IllegalStateException.class, IllegalStateException.class,
                Void.class), outcomes);
        assertThrows(IllegalStateException.class, c::getMessageListener);
        assertQueueEmpty("self");
    }

    @FunctionalInterface
    private interface JmsAction {
        void run() throws JMSException;
    }

    private static void call(JmsAction a) {
        try {
            a.run();
        } catch (JMSException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void stopWaitsForARunningListener() throws Exception {
        connection.start();
        Session s = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("slow");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean listenerFinished = new AtomicBoolean();
        s.createConsumer(q).setMessageListener(m -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listenerFinished.set(true);
        });
        send(s, q, "slow");
        assertTrue(entered.await(WAIT_MS, TimeUnit.MILLISECONDS));
        AtomicReference<Boolean> finishedWhenStopReturned = new AtomicReference<>();
        Thread stopper = new Thread(() -> {
            call(connection::stop);
            finishedWhenStopReturned.set(listenerFinished.get());
        });
        stopper.start();
        await("stop() to block on the running listener", () -> stopper.getState() == Thread.State.WAITING);
        assertNull(finishedWhenStopReturned.get());
        release.countDown();
        stopper.join(WAIT_MS);
        assertEquals(Boolean.TRUE, finishedWhenStopReturned.get());
    }

    @Test
    void receiveBodyOfTheWrongTypeDeliversTheMessageAgain() throws Exception {
        try (JMSContext context = new PartitaConnectionFactory(broker.url()).createContext()) {
            Queue q = context.createQueue("typed");
            context.createProducer().send(q, "text");
            JMSConsumer c = context.createConsumer(q);
            MessageFormatRuntimeException e = assertThrows(MessageFormatRuntimeException.class,
                    () -> c.receiveBody(Integer.class, WAIT_MS));
            assertInstanceOf(MessageFormatException.class, e.getCause());
            Message again = c.receive(WAIT_MS);
            assertEquals("text", again.getBody(String.class));
            assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
            assertNull(c.receiveBody(String.class, 200));
        }
    }

    @Test
    void expiredRecordsAreDroppedAndMalformedOnesRejectedAndReported() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        AtomicReference<JMSException> failure = new AtomicReference<>();
        connection.setExceptionListener(e -> {
            failure.set(e);
            reported.countDown();
        });
        connection.start();
        PartitaTextMessage expired = new PartitaTextMessage("expired");
        expired.setJMSExpiration(1);
        EncodedMessage e = new MessageCodec().encode(expired);
        broker.appendRaw("mixed", e.body(), e.envelope());
        broker.appendRaw("mixed", "no envelope".getBytes(StandardCharsets.UTF_8), null);
        broker.appendRaw("mixed", null, new byte[] {1, 2, 3});
        EncodedMessage good = new MessageCodec().encode(new PartitaTextMessage("good"));
        broker.appendRaw("mixed", good.body(), good.envelope());
        Session s = connection.createSession();
        MessageConsumer c = s.createConsumer(s.createQueue("mixed"));
        Message m = c.receive(WAIT_MS);
        assertEquals("good", text(m));
        assertEquals(1, m.getIntProperty("JMSXDeliveryCount"));
        assertTrue(reported.await(WAIT_MS, TimeUnit.MILLISECONDS));
        assertInstanceOf(MessageFormatException.class, failure.get());
        c.close();
        assertQueueEmpty("mixed");
        assertEquals(2, broker.countRecords("DLQ", 2), "both malformed records were rejected to the dead-letter topic");
    }

    @Test
    void aTemporaryQueueWithAConsumerCannotBeDeleted() throws Exception {
        Session s = connection.createSession();
        TemporaryQueue temp = s.createTemporaryQueue();
        MessageConsumer c = s.createConsumer(temp);
        assertThrows(IllegalStateException.class, temp::delete);
        c.close();
        temp.delete();
    }

    @Test
    void closingTheSessionClosesItsConsumersAndReleasesTheirMessages() throws Exception {
        connection.start();
        Session s = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue("session-close");
        send(s, q, "held");
        MessageConsumer c = s.createConsumer(q);
        assertEquals("held", text(c.receive(WAIT_MS)));
        s.close();
        assertThrows(IllegalStateException.class, c::receiveNoWait);
        Session other = another().createSession(Session.AUTO_ACKNOWLEDGE);
        Message m = other.createConsumer(other.createQueue("session-close")).receive(WAIT_MS);
        assertEquals("held", text(m));
        assertTrue(m.getJMSRedelivered());
    }

}
