package io.partita.jms;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker in its own JVM is killed with SIGKILL while a JMS producer sends PERSISTENT messages;
 * restarted on the same data, it must still hold every message whose {@code send} returned
 * (Jakarta Messaging 3.0 section 4.7: a PERSISTENT message is not lost once sent).
 */
@Timeout(300)
class BrokerKillTest {
    @TempDir
    Path data;
    @TempDir
    Path logs;

    @Test
    void nothingWhoseSendReturnedIsLostWhenTheBrokerIsKilled() throws Exception {
        int port = ChildJvm.freePort();
        String url = "partita://127.0.0.1:" + port;
        Process broker = ChildJvm.startBroker(port, data, logs.resolve("broker.log"));
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread sender = null;
        try {
            ChildJvm.awaitListening(broker, port);
            Connection producerConnection = new PartitaConnectionFactory(url).createConnection();
            Session session = producerConnection.createSession();
            MessageProducer producer = session.createProducer(session.createQueue("crash"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            sender = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        producer.send(session.createTextMessage("m" + i));
                        acknowledged.add("m" + i);
                    } catch (JMSException e) {
                        // the broker is gone: this one may or may not be stored; keep trying
                    }
                }
            }, "persistent-sender");
            sender.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (acknowledged.size() < 200) {
                assertTrue(System.nanoTime() < deadline, "200 sends acknowledged in time");
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            ChildJvm.kill(broker);
            int beforeKill = acknowledged.size();
            broker = ChildJvm.startBroker(port, data, logs.resolve("broker.log"));
            ChildJvm.awaitListening(broker, port);
            stop.set(true);
            sender.join(TimeUnit.SECONDS.toMillis(120));
            assertTrue(!sender.isAlive(), "the sender stopped");
            producerConnection.close();
            assertTrue(acknowledged.size() >= beforeKill);

            Set<String> found = new HashSet<>();
            try (Connection c = new PartitaConnectionFactory(url).createConnection()) {
                c.start();
                Session s = c.createSession(Session.DUPS_OK_ACKNOWLEDGE);
                MessageConsumer consumer = s.createConsumer(s.createQueue("crash"));
                long readDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!found.containsAll(acknowledged) && System.nanoTime() < readDeadline) {
                    Message m = consumer.receive(1000);
                    if (m != null) {
                        found.add(((TextMessage) m).getText());
                    }
                }
            }
            for (String a : acknowledged) {
                assertTrue(found.contains(a), a + " was acknowledged and must survive the kill");
            }
        } finally {
            stop.set(true);
            ChildJvm.kill(broker);
            if (sender != null) {
                sender.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
    }
}
