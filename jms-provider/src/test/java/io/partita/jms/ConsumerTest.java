package io.partita.jms;

import io.partita.jms.message.EncodedMessage;
import io.partita.jms.message.MessageCodec;
import io.partita.jms.message.PartitaTextMessage;
import io.partita.jms.provider.ProviderConsumer;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
 * acknowledge modes, recover, listeners, connection stop) over the provider consumer interface.
 * The broker's share groups are not on this branch yet, so the provider here is
 * {@link LoopbackProvider}, an in-memory stand-in with their queue semantics; the codec and
 * selector engine are the real ones.
 */
@Timeout(60)
class ConsumerTest {
    private static final long WAIT_MS = 10_000;

    private LoopbackProvider provider;
    private PartitaConnection connection;

    @BeforeEach
    void open() {
        provider = new LoopbackProvider();
        connection = new PartitaConnection(provider, "loopback", null);
    }

    @AfterEach
    void close() throws JMSException {
        connection.close();
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
        assertNull(c.receiveNoWait());
        for (LoopbackProvider.Entry e : provider.topic("work")) {
            assertEquals(LoopbackProvider.State.DONE, e.state);
            assertEquals(ProviderConsumer.AckType.ACCEPT, e.settledAs);
        }
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
        assertEquals(LoopbackProvider.State.ACQUIRED, provider.topic("client").get(0).state);
        s.recover();
        Message again = c.receive(WAIT_MS);
        assertEquals("1", text(again));
        assertTrue(again.getJMSRedelivered());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        assertEquals("2", text(c.receive(WAIT_MS)));
        again.acknowledge();
        for (LoopbackProvider.Entry e : provider.topic("client")) {
            assertEquals(LoopbackProvider.State.DONE, e.state, "acknowledging one message acknowledges all");
        }
        s.recover();
        assertNull(c.receiveNoWait());
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
        assertEquals(LoopbackProvider.State.AVAILABLE, provider.topic("stopped").get(0).state);
        connection.start();
        assertEquals("x", text(c.receive(WAIT_MS)));
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
        await("every record settled", () -> provider.topic("listen").stream()
                .allMatch(e -> e.state == LoopbackProvider.State.DONE));
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
        await("the message accepted after the listener returned", () -> {
            LoopbackProvider.Entry e = provider.topic("self").get(0);
            return e.state == LoopbackProvider.State.DONE && e.settledAs == ProviderConsumer.AckType.ACCEPT;
        });
        assertThrows(IllegalStateException.class, c::getMessageListener);
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
        try (JMSContext context = new PartitaJMSContext(connection, JMSContext.AUTO_ACKNOWLEDGE)) {
            Queue q = context.createQueue("typed");
            context.createProducer().send(q, "text");
            JMSConsumer c = context.createConsumer(q);
            MessageFormatRuntimeException e = assertThrows(MessageFormatRuntimeException.class,
                    () -> c.receiveBody(Integer.class, WAIT_MS));
            assertInstanceOf(MessageFormatException.class, e.getCause());
            assertEquals("text", c.receiveBody(String.class, WAIT_MS));
            assertEquals(2, provider.topic("typed").get(0).deliveries);
            assertNull(c.receiveBodyNoWait(String.class));
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
        provider.append("mixed", new MessageCodec().encode(expired));
        provider.append("mixed", new EncodedMessage(null, new byte[] {1, 2, 3}, null));
        provider.append("mixed", new MessageCodec().encode(new PartitaTextMessage("good")));
        Session s = connection.createSession();
        assertEquals("good", text(s.createConsumer(s.createQueue("mixed")).receive(WAIT_MS)));
        List<LoopbackProvider.Entry> log = provider.topic("mixed");
        assertEquals(ProviderConsumer.AckType.ACCEPT, log.get(0).settledAs);
        assertEquals(ProviderConsumer.AckType.REJECT, log.get(1).settledAs);
        assertTrue(reported.await(WAIT_MS, TimeUnit.MILLISECONDS));
        assertInstanceOf(MessageFormatException.class, failure.get());
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
        assertEquals(LoopbackProvider.State.AVAILABLE, provider.topic("session-close").get(0).state);
    }

    @Test
    void consumersOfOtherKindsAreRefusedByThisProvider() throws Exception {
        Session s = connection.createSession();
        JMSException e = assertThrows(JMSException.class, () -> s.createConsumer(s.createTopic("t")));
        assertTrue(e.getMessage().contains("NON_DURABLE"), e.getMessage());
    }
}
