package io.partita.jms;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code QueueBrowser} over the broker (Jakarta Messaging 3.0 section 4.9). */
@Timeout(120)
class QueueBrowserTest {
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

    private static List<String> texts(Enumeration<?> e) throws JMSException {
        List<String> out = new ArrayList<>();
        while (e.hasMoreElements()) {
            out.add(((TextMessage) e.nextElement()).getText());
        }
        return out;
    }

    @Test
    void aBrowserSeesWhatIsOnTheQueueWithItsSelectorAndTakesNothing() throws Exception {
        try (Connection c = new PartitaConnectionFactory(broker.url()).createConnection()) {
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue("browsed");
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 5; i++) {
                TextMessage m = s.createTextMessage("m" + i);
                m.setIntProperty("n", i);
                p.send(m);
            }
            QueueBrowser all = s.createBrowser(q);
            assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), texts(all.getEnumeration()));
            assertEquals(q, all.getQueue());
            QueueBrowser some = s.createBrowser(q, "n >= 3");
            assertEquals("n >= 3", some.getMessageSelector());
            assertEquals(List.of("m3", "m4"), texts(some.getEnumeration()));

            c.start();
            MessageConsumer consumer = s.createConsumer(q);
            Message first = consumer.receive(30_000);
            assertEquals("m0", ((TextMessage) first).getText());
            assertEquals(1, first.getIntProperty("JMSXDeliveryCount"), "browsing acquired nothing");
            assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), texts(all.getEnumeration()),
                    "a message held by a consumer is still on the queue");

            Enumeration<?> open = all.getEnumeration();
            all.close();
            assertFalse(open.hasMoreElements(), "closing the browser ends its enumerations");
            assertThrows(IllegalStateException.class, all::getEnumeration);
            assertThrows(InvalidSelectorException.class, () -> s.createBrowser(q, "n >>> 3"));
        }
    }

    @Test
    void acknowledgedAndDeadLetteredMessagesAreNoLongerShown() throws Exception {
        try (Connection c = new PartitaConnectionFactory(broker.url() + "?prefetch=1").createConnection()) {
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue("browsed-acked");
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 6; i++) {
                p.send(s.createTextMessage("m" + i));
            }
            c.start();
            MessageConsumer consumer = s.createConsumer(q);
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                taken.add(((TextMessage) consumer.receive(30_000)).getText());
            }
            QueueBrowser browser = s.createBrowser(q);
            assertEquals(6, texts(browser.getEnumeration()).size(), "held but unacknowledged messages are shown");
            consumer.receive(30_000).acknowledge();   // the three taken and a fourth
            consumer.close();
            List<String> left = texts(browser.getEnumeration());
            assertEquals(2, left.size(), "only the two never acknowledged are left: " + left + ", taken " + taken);
            for (String t : taken) {
                assertFalse(left.contains(t), t + " was acknowledged");
            }
        }
    }
}
