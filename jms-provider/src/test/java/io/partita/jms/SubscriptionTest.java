package io.partita.jms;

import io.partita.client.Settings;
import io.partita.client.admin.PartitaAdmin;
import io.partita.client.admin.SubscriptionDescription;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Topic subscriptions over the broker (Jakarta Messaging 3.0 sections 6.11 and 8.3): non-durable,
 * durable, shared and shared durable subscriptions, {@code unsubscribe} and its exceptions,
 * {@code noLocal}, temporary queues, and the {@code ExceptionListener} on a lost broker.
 */
@Timeout(120)
class SubscriptionTest {
    private static final long WAIT_MS = 30_000;

    @TempDir
    static Path dir;
    private static BrokerFixture broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new BrokerFixture(dir, 2);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static PartitaConnectionFactory factory(String clientId) {
        return new PartitaConnectionFactory(broker.url() + (clientId == null ? "" : "?clientId=" + clientId));
    }

    private static List<String> subscriptions() throws Exception {
        try (PartitaAdmin admin = new PartitaAdmin(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, broker.bootstrap())))) {
            List<String> out = new ArrayList<>();
            for (SubscriptionDescription d : admin.listSubscriptions().get(30, TimeUnit.SECONDS)) {
                out.add(d.name());
            }
            return out;
        }
    }

    @Test
    void aNonDurableSubscriberSeesWhatIsPublishedAfterItAndIsGoneWhenClosed() throws Exception {
        try (JMSContext context = factory(null).createContext()) {
            Topic topic = context.createTopic("news");
            context.createProducer().send(topic, "before");
            JMSConsumer sub = context.createConsumer(topic, "kind = 'keep'");
            context.createProducer().setProperty("kind", "drop").send(topic, "dropped");
            context.createProducer().setProperty("kind", "keep").send(topic, "after");
            assertEquals("after", sub.receiveBody(String.class, WAIT_MS));
            assertNull(sub.receiveBody(String.class, 200));
            assertTrue(subscriptions().stream().anyMatch(n -> n.startsWith("nondurable:")));
            sub.close();
            assertTrue(subscriptions().stream().noneMatch(n -> n.startsWith("nondurable:")), "deleted on close");
        }
    }

    @Test
    void unsubscribeRefusesAnActiveOrUnknownSubscriptionThenRemovesIt() throws Exception {
        try (Connection c = factory("unsub-client").createConnection()) {
            Session s = c.createSession();
            Topic topic = s.createTopic("unsub");
            MessageConsumer sub = s.createDurableSubscriber(topic, "audit");
            assertTrue(subscriptions().contains("sub:unsub-client:audit"));
            JMSException inUse = assertThrows(IllegalStateException.class, () -> s.unsubscribe("audit"));
            assertTrue(inUse.getMessage().contains("audit"), inUse.getMessage());
            Session other = c.createSession();
            assertThrows(JMSException.class, () -> other.createDurableSubscriber(topic, "audit", "x = 1", false),
                    "one active consumer on an unshared durable subscription");
            sub.close();
            s.unsubscribe("audit");
            assertTrue(!subscriptions().contains("sub:unsub-client:audit"));
            InvalidDestinationException unknown = assertThrows(InvalidDestinationException.class,
                    () -> s.unsubscribe("audit"));
            assertTrue(unknown.getMessage().contains("audit"), unknown.getMessage());
        }
    }

    @Test
    void changingTheSelectorOfADurableSubscriptionStartsItAfresh() throws Exception {
        PartitaConnectionFactory cf = factory("change-client");
        try (JMSContext context = cf.createContext()) {
            Topic topic = context.createTopic("change");
            context.createDurableConsumer(topic, "s", "n > 0", false).close();
            context.createProducer().setProperty("n", 1).send(topic, "old");
            JMSConsumer changed = context.createDurableConsumer(topic, "s", "n > 5", false);
            context.createProducer().setProperty("n", 3).send(topic, "filtered");
            context.createProducer().setProperty("n", 7).send(topic, "new");
            assertEquals("new", changed.receiveBody(String.class, WAIT_MS));
            assertNull(changed.receiveBody(String.class, 200));
            changed.close();
            context.unsubscribe("s");
        }
    }

    @Test
    void sharedSubscriptionsDivideMessagesAndSharedDurableOnesOutliveTheirConsumers() throws Exception {
        try (JMSContext a = factory(null).createContext(); JMSContext b = factory(null).createContext()) {
            Topic topic = a.createTopic("shared");
            JMSConsumer ca = a.createSharedConsumer(topic, "workers");
            JMSConsumer cb = b.createSharedConsumer(topic, "workers");
            JMSConsumer durable = a.createSharedDurableConsumer(topic, "archive");
            for (int i = 0; i < 20; i++) {
                a.createProducer().send(topic, "m" + i);
            }
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (got.size() < 20 && System.nanoTime() < deadline) {
                for (JMSConsumer c : List.of(ca, cb)) {
                    String body = c.receiveBody(String.class, 20);
                    if (body != null) {
                        got.add(body);
                    }
                }
            }
            assertEquals(20, got.size());
            assertEquals(20, got.stream().distinct().count(), "each message goes to one consumer of the subscription");
            durable.close();
            a.createProducer().send(topic, "kept");
            JMSConsumer again = b.createSharedDurableConsumer(topic, "archive");
            for (int i = 0; i < 20; i++) {
                assertEquals("m" + i, again.receiveBody(String.class, WAIT_MS));
            }
            assertEquals("kept", again.receiveBody(String.class, WAIT_MS));
            again.close();
            b.unsubscribe("archive");
        }
    }

    @Test
    void noLocalSkipsWhatTheConnectionPublishedItself() throws Exception {
        try (Connection mine = factory(null).createConnection(); Connection theirs = factory(null).createConnection()) {
            mine.start();
            Session s = mine.createSession();
            Topic topic = s.createTopic("local");
            MessageConsumer noLocal = s.createConsumer(topic, null, true);
            MessageConsumer all = s.createConsumer(topic);
            s.createProducer(topic).send(s.createTextMessage("own"));
            Session t = theirs.createSession();
            t.createProducer(topic).send(t.createTextMessage("foreign"));
            assertEquals("foreign", ((TextMessage) noLocal.receive(WAIT_MS)).getText());
            assertNull(noLocal.receive(200));
            List<String> both = new ArrayList<>();
            both.add(((TextMessage) all.receive(WAIT_MS)).getText());
            both.add(((TextMessage) all.receive(WAIT_MS)).getText());
            assertEquals(List.of("own", "foreign"), both.stream().sorted((x, y) -> x.equals("own") ? -1 : 1).toList());
        }
    }

    @Test
    void noLocalHoldsWithMessageIdsAndTimestampsDisabled() throws Exception {
        try (Connection mine = factory(null).createConnection(); Connection theirs = factory(null).createConnection()) {
            mine.start();
            Session s = mine.createSession();
            Topic topic = s.createTopic("local-noid");
            MessageConsumer noLocal = s.createConsumer(topic, "n >= 0", true);
            MessageProducer own = s.createProducer(topic);
            own.setDisableMessageID(true);
            own.setDisableMessageTimestamp(true);
            TextMessage m = s.createTextMessage("own");
            m.setIntProperty("n", 1);
            own.send(m);
            Session t = theirs.createSession();
            TextMessage f = t.createTextMessage("foreign");
            f.setIntProperty("n", 2);
            t.createProducer(topic).send(f);
            TextMessage got = (TextMessage) noLocal.receive(WAIT_MS);
            assertEquals("foreign", got.getText());
            assertNull(noLocal.receive(200));
            assertEquals("n >= 0", noLocal.getMessageSelector(), "the application's selector, as given");
            List<String> names = java.util.Collections.list((java.util.Enumeration<String>) got.getPropertyNames());
            assertEquals(List.of("n"), names.stream().filter(n -> !n.startsWith("JMSX")).toList(),
                    "the origin marks are not shown to applications");
        }
    }

    @Test
    void aNoLocalDurableSubscriptionKeepsNothingFromConnectionsWithItsClientId() throws Exception {
        PartitaConnectionFactory same = factory("nolocal-durable");
        Topic topic;
        try (JMSContext c = same.createContext()) {
            topic = c.createTopic("local-durable");
            c.createDurableConsumer(topic, "s", null, true).close();
            c.createProducer().send(topic, "own connection");
        }
        try (JMSContext c = same.createContext()) {
            c.createProducer().send(topic, "same client id, later connection");
        }
        try (JMSContext other = factory(null).createContext()) {
            other.setClientID("someone-else");
            other.createProducer().send(topic, "other client id");
        }
        try (JMSContext noId = factory(null).createContext()) {
            noId.createProducer().send(topic, "no client id");
        }
        try (JMSContext c = same.createContext()) {
            JMSConsumer sub = c.createDurableConsumer(topic, "s", null, true);
            List<String> got = new ArrayList<>();
            got.add(sub.receiveBody(String.class, WAIT_MS));
            got.add(sub.receiveBody(String.class, WAIT_MS));
            assertEquals(java.util.Set.of("other client id", "no client id"), java.util.Set.copyOf(got));
            assertNull(sub.receiveBody(String.class, 200));
            sub.close();
            c.unsubscribe("s");
        }
    }

    @Test
    void changingNoLocalReplacesADurableSubscription() throws Exception {
        PartitaConnectionFactory cf = factory("nolocal-change");
        try (JMSContext c = cf.createContext(); JMSContext other = factory(null).createContext()) {
            Topic topic = c.createTopic("local-change");
            c.createDurableConsumer(topic, "s", null, false).close();
            other.createProducer().send(topic, "before the change");
            JMSConsumer same = c.createDurableConsumer(topic, "s", null, false);
            assertEquals("before the change", same.receiveBody(String.class, WAIT_MS), "same definition: kept");
            same.close();
            other.createProducer().send(topic, "dropped with the old subscription");
            JMSConsumer changed = c.createDurableConsumer(topic, "s", null, true);
            other.createProducer().send(topic, "after the change");
            assertEquals("after the change", changed.receiveBody(String.class, WAIT_MS));
            assertNull(changed.receiveBody(String.class, 200));
            try {
                assertThrows(jakarta.jms.IllegalStateRuntimeException.class,
                        () -> c.createDurableConsumer(topic, "s", null, false), "in use: cannot be changed");
            } finally {
                changed.close();
            }
            c.unsubscribe("s");
        }
    }

    @Test
    void aTemporaryQueueCarriesRepliesToItsConnection() throws Exception {
        try (Connection requester = factory(null).createConnection();
             Connection responder = factory(null).createConnection()) {
            requester.start();
            responder.start();
            Session rs = requester.createSession();
            TemporaryQueue replies = rs.createTemporaryQueue();
            MessageConsumer replyConsumer = rs.createConsumer(replies);
            Session ws = responder.createSession();
            MessageConsumer work = ws.createConsumer(ws.createQueue("requests"));
            TextMessage request = rs.createTextMessage("ping");
            request.setJMSReplyTo(replies);
            rs.createProducer(rs.createQueue("requests")).send(request);
            Message received = work.receive(WAIT_MS);
            assertNotNull(received);
            MessageProducer replier = ws.createProducer(received.getJMSReplyTo());
            replier.send(ws.createTextMessage("pong"));
            assertEquals("pong", ((TextMessage) replyConsumer.receive(WAIT_MS)).getText());
            assertThrows(InvalidDestinationException.class, () -> ws.createConsumer(received.getJMSReplyTo()),
                    "only the connection that made a temporary queue consumes from it");
        }
    }

    @Test
    void theExceptionListenerHearsWhenTheBrokerConnectionIsLost(@TempDir Path own) throws Exception {
        BrokerFixture doomed = new BrokerFixture(own, 1);
        try (Connection c = new PartitaConnectionFactory(doomed.url()).createConnection()) {
            CountDownLatch told = new CountDownLatch(1);
            AtomicReference<JMSException> heard = new AtomicReference<>();
            c.setExceptionListener(e -> {
                heard.compareAndSet(null, e);
                told.countDown();
            });
            doomed.close();
            assertTrue(told.await(WAIT_MS, TimeUnit.MILLISECONDS), "ExceptionListener called");
            assertTrue(heard.get().getMessage().contains("lost"), heard.get().getMessage());
        } finally {
            doomed.close();
        }
    }
}
