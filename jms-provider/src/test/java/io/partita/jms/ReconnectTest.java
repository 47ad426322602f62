package io.partita.jms;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker in its own JVM stops and comes back on the same port and data while a JMS producer and
 * consumer use it: with {@code reconnect=true} (the default) the connection carries on and nothing
 * is lost or delivered twice without {@code JMSRedelivered}; with {@code reconnect=false} the
 * connection fails and further calls throw. Either way the {@code ExceptionListener} hears of the
 * loss.
 */
@Timeout(300)
class ReconnectTest {
    @TempDir
    Path data;
    @TempDir
    Path logs;

    /** Stops the broker normally and waits for it to be gone. */
    private static void stop(Process broker) throws InterruptedException {
        broker.destroy();
        if (!broker.waitFor(60, TimeUnit.SECONDS)) {
            ChildJvm.kill(broker);
        }
    }

    @Test
    void withReconnectTheConnectionCarriesOnWithoutLossOrSilentDuplicates() throws Exception {
        int port = ChildJvm.freePort();
        Process broker = ChildJvm.startBroker(port, data, logs.resolve("broker.log"));
        try {
            ChildJvm.awaitListening(broker, port);
            PartitaConnectionFactory cf = new PartitaConnectionFactory("partita://127.0.0.1:" + port
                    + "?prefetch=5&reconnect=true");
            try (Connection c = cf.createConnection()) {
                CountDownLatch lost = new CountDownLatch(1);
                List<JMSException> heard = new CopyOnWriteArrayList<>();
                c.setExceptionListener(e -> {
                    heard.add(e);
                    lost.countDown();
                });
                Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = s.createProducer(s.createQueue("survives"));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                MessageConsumer consumer = s.createConsumer(s.createQueue("survives"));
                c.start();
                for (int i = 0; i < 30; i++) {
                    producer.send(s.createTextMessage("m" + i));
                }
                Map<String, Integer> seen = new HashMap<>();
                List<String> silentDuplicates = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    record(consumer.receive(30_000), seen, silentDuplicates);
                }

                stop(broker);
                assertTrue(lost.await(60, TimeUnit.SECONDS), "the exception listener hears of the loss");
                broker = ChildJvm.startBroker(port, data, logs.resolve("broker.log"));
                ChildJvm.awaitListening(broker, port);

                for (int i = 30; i < 60; i++) {
                    producer.send(s.createTextMessage("m" + i));   // the same producer, reconnected
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (seen.size() < 60 && System.nanoTime() < deadline) {
                    Message m = consumer.receive(1000);
                    if (m != null) {
                        record(m, seen, silentDuplicates);
                    }
                }
                for (int i = 0; i < 60; i++) {
                    assertTrue(seen.containsKey("m" + i), "m" + i + " was sent and must be received: " + seen.keySet());
                }
                assertTrue(silentDuplicates.isEmpty(), "delivered again without JMSRedelivered: " + silentDuplicates);
                assertFalse(heard.isEmpty());
            }
        } finally {
            ChildJvm.kill(broker);
        }
    }

    private static void record(Message m, Map<String, Integer> seen, List<String> silentDuplicates)
            throws JMSException {
        assertNotNull(m, "a message in time");
        String text = ((TextMessage) m).getText();
        if (seen.merge(text, 1, Integer::sum) > 1 && !m.getJMSRedelivered()) {
            silentDuplicates.add(text);
        }
    }

    @Test
    void withoutReconnectTheConnectionFailsAndFurtherCallsThrow() throws Exception {
        int port = ChildJvm.freePort();
        Process broker = ChildJvm.startBroker(port, data, logs.resolve("broker.log"));
        try {
            ChildJvm.awaitListening(broker, port);
            Connection c = new PartitaConnectionFactory("partita://127.0.0.1:" + port + "?reconnect=false")
                    .createConnection();
            CountDownLatch lost = new CountDownLatch(1);
            c.setExceptionListener(e -> lost.countDown());
            Session s = c.createSession();
            MessageProducer producer = s.createProducer(s.createQueue("fails"));
            producer.send(s.createTextMessage("before"));

            stop(broker);
            assertTrue(lost.await(60, TimeUnit.SECONDS), "the exception listener hears of the loss");
            broker = ChildJvm.startBroker(port, data, logs.resolve("broker.log"));
            ChildJvm.awaitListening(broker, port);

            IllegalStateException closed = assertThrows(IllegalStateException.class, c::createSession);
            assertTrue(closed.getMessage().contains("reconnect=false"), closed.getMessage());
            assertThrows(IllegalStateException.class, () -> producer.send(s.createTextMessage("after")));
            assertThrows(IllegalStateException.class, c::start);
            c.close();   // still allowed
            assertEquals(1, new BrokerCount(port).records("fails"), "nothing was sent after the loss");
        } finally {
            ChildJvm.kill(broker);
        }
    }

    /** Counts a queue's records with a fresh connection's browser. */
    private record BrokerCount(int port) {
        int records(String queue) throws JMSException {
            try (Connection c = new PartitaConnectionFactory("partita://127.0.0.1:" + port).createConnection()) {
                Session s = c.createSession();
                int n = 0;
                for (var e = s.createBrowser(s.createQueue(queue)).getEnumeration(); e.hasMoreElements(); e.nextElement()) {
                    n++;
                }
                return n;
            }
        }
    }
}
