package io.partita.jms;

import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.CompletionListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the broker's share groups guarantee to JMS consumers, end to end over TCP: redelivery
 * after a consumer dies, competing consumers sharing a queue, a durable subscription keeping
 * what was published while its subscriber was away (Jakarta Messaging 3.0 sections 4.1, 6.2.10,
 * 8.3 and 8.7).
 */
@Timeout(300)
class DeliveryGuaranteesTest {
    private static final long WAIT_MS = 60_000;

    @TempDir
    static Path dir;
    private static BrokerFixture broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new BrokerFixture(dir, 1);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static void send(String queue, int from, int to) {
        try (JMSContext context = new PartitaConnectionFactory(broker.url()).createContext()) {
            JMSProducer p = context.createProducer();
            for (int i = from; i < to; i++) {
                p.send(context.createQueue(queue), "m" + i);
            }
        }
    }

    @Test
    void aClientAcknowledgeConsumerKilledBeforeAcknowledgingHasItsMessagesRedelivered() throws Exception {
        send("killed", 0, 3);
        Process child = ChildJvm.startPiped(HoldingConsumer.class.getName(), broker.url() + "?prefetch=1", "killed",
                "3");
        try {
            assertEquals("HOLDING m0,m1,m2", ChildJvm.awaitLine(child, "HOLDING"));
        } finally {
            ChildJvm.kill(child);
        }
        try (Connection c = new PartitaConnectionFactory(broker.url()).createConnection()) {
            c.start();
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("killed"));
            Message last = null;
            for (int i = 0; i < 3; i++) {
                Message m = consumer.receive(WAIT_MS);
                assertNotNull(m, "message " + i + " was redelivered");
                assertEquals("m" + i, ((TextMessage) m).getText());
                assertTrue(m.getJMSRedelivered());
                assertEquals(2, m.getIntProperty("JMSXDeliveryCount"));
                last = m;
            }
            last.acknowledge();
            assertNull(consumer.receive(200));
        }
    }

    @Test
    void sixteenCompetingConsumersOnOnePartitionShareTheQueueAndEachMessageIsDeliveredOnce() throws Exception {
        int consumers = 16;
        int messages = 800;
        send("competing", 0, messages);
        Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        List<List<String>> perConsumer = new CopyOnWriteArrayList<>();
        AtomicInteger received = new AtomicInteger();
        // Each consumer first holds one message unacknowledged until all sixteen hold one (with a
        // prefetch of 1 nobody can take more meanwhile), so every consumer gets some; then all
        // race for the rest.
        CountDownLatch everyoneHoldsOne = new CountDownLatch(consumers);
        ExecutorService pool = Executors.newFixedThreadPool(consumers);
        List<Future<?>> done = new ArrayList<>();
        try (Connection c = new PartitaConnectionFactory(broker.url() + "?prefetch=1").createConnection()) {
            c.start();
            for (int n = 0; n < consumers; n++) {
                Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
                MessageConsumer consumer = s.createConsumer(s.createQueue("competing"));
                List<String> mine = new ArrayList<>();
                perConsumer.add(mine);
                done.add(pool.submit(() -> {
                    Message first = consumer.receive(WAIT_MS);
                    assertNotNull(first);
                    mine.add(((TextMessage) first).getText());
                    everyoneHoldsOne.countDown();
                    assertTrue(everyoneHoldsOne.await(WAIT_MS, TimeUnit.MILLISECONDS));
                    first.acknowledge();
                    received.incrementAndGet();
                    while (received.get() < messages) {
                        Message m = consumer.receive(100);
                        if (m != null) {
                            mine.add(((TextMessage) m).getText());
                            m.acknowledge();
                            received.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(WAIT_MS * 2, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> all = new HashSet<>();
        for (List<String> mine : perConsumer) {
            assertFalse(mine.isEmpty(), "every consumer got some messages");
            for (String t : mine) {
                assertTrue(all.add(t), t + " delivered once");
                deliveries.merge(t, 1, Integer::sum);
            }
        }
        assertEquals(messages, all.size());
        for (int i = 0; i < messages; i++) {
            assertTrue(all.contains("m" + i), "m" + i + " delivered");
        }
    }

    @Test
    void aDurableSubscriberThatWasAwayGetsAllTenThousandMessagesInOrder() throws Exception {
        int count = 10_000;
        PartitaConnectionFactory cf = new PartitaConnectionFactory(broker.url() + "?clientId=durable-client");
        try (JMSContext context = cf.createContext()) {
            Topic topic = context.createTopic("prices");
            context.createDurableConsumer(topic, "ticker").close();
        }
        try (JMSContext publisher = new PartitaConnectionFactory(broker.url()).createContext()) {
            Topic topic = publisher.createTopic("prices");
            CountDownLatch sent = new CountDownLatch(count);
            AtomicReference<Exception> failure = new AtomicReference<>();
            JMSProducer p = publisher.createProducer().setAsync(new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    sent.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    failure.compareAndSet(null, exception);
                    sent.countDown();
                }
            });
            for (int i = 0; i < count; i++) {
                p.send(topic, "tick-" + i);
            }
            assertTrue(sent.await(WAIT_MS * 2, TimeUnit.MILLISECONDS), "every send completed");
            assertNull(failure.get());
        }
        try (JMSContext context = cf.createContext(JMSContext.DUPS_OK_ACKNOWLEDGE)) {
            var consumer = context.createDurableConsumer(context.createTopic("prices"), "ticker");
            for (int i = 0; i < count; i++) {
                String body = consumer.receiveBody(String.class, WAIT_MS);
                assertEquals("tick-" + i, body);
            }
            assertNull(consumer.receiveBody(String.class, 200));
            consumer.close();
            context.unsubscribe("ticker");
        }
    }

    @Test
    void theDurableSubscriptionKeepsItsPositionAcrossReconnects() throws JMSException {
        PartitaConnectionFactory cf = new PartitaConnectionFactory(broker.url() + "?clientId=position-client");
        try (JMSContext context = cf.createContext()) {
            Topic topic = context.createTopic("position");
            var consumer = context.createDurableConsumer(topic, "sub");
            context.createProducer().send(topic, "one").send(topic, "two");
            assertEquals("one", consumer.receiveBody(String.class, WAIT_MS));
        }
        try (JMSContext context = cf.createContext()) {
            var consumer = context.createDurableConsumer(context.createTopic("position"), "sub");
            assertEquals("two", consumer.receiveBody(String.class, WAIT_MS));
            assertNull(consumer.receiveBody(String.class, 200));
            consumer.close();
            context.unsubscribe("sub");
        }
    }
}
