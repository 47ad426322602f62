package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section 6.2.10: message acknowledgement. */
class AcknowledgementTest {

    @Conformance
    @DisplayName("6.2.10 CLIENT_ACKNOWLEDGE: recover redelivers, acknowledge covers every consumed message")
    void clientAcknowledge(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection()) {
            c.start();
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue(Names.unique("client"));
            s.createProducer(q).send(s.createTextMessage("a"));
            s.createProducer(q).send(s.createTextMessage("b"));
            MessageConsumer consumer = s.createConsumer(q);
            consumer.receive(10_000);
            consumer.receive(10_000);
            s.recover();
            Message a = consumer.receive(10_000);
            assertEquals("a", ((TextMessage) a).getText());
            assertTrue(a.getJMSRedelivered());
            assertEquals(2, a.getIntProperty("JMSXDeliveryCount"));
            Message b = consumer.receive(10_000);
            b.acknowledge();
            consumer.close();
            assertNull(s.createConsumer(q).receive(300), "both were acknowledged");
        }
    }

    @Conformance
    @DisplayName("6.2.10 recover restarts with the oldest unacknowledged message; later ones are not marked redelivered")
    void recoverRestartsWithTheOldestUnacknowledgedMessage(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection()) {
            c.start();
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue(Names.unique("recover"));
            sendNumbered(s, q, 6);
            MessageConsumer consumer = s.createConsumer(q);
            // The first receive brings every message over at once: four stay prefetched.
            assertEquals("m0", ((TextMessage) consumer.receive(10_000)).getText());
            assertEquals("m1", ((TextMessage) consumer.receive(10_000)).getText());
            s.recover();
            Message last = null;
            for (int i = 0; i < 6; i++) {
                Message m = consumer.receive(10_000);
                assertEquals("m" + i, ((TextMessage) m).getText(), "delivery " + i + " after recover");
                assertEquals(i < 2, m.getJMSRedelivered(), "m" + i + " JMSRedelivered");
                assertEquals(i < 2 ? 2 : 1, m.getIntProperty("JMSXDeliveryCount"), "m" + i + " JMSXDeliveryCount");
                last = m;
            }
            last.acknowledge();
            consumer.close();
            assertNull(s.createConsumer(q).receive(300), "all six were acknowledged");
        }
    }

    @Conformance
    @DisplayName("3.4.7, 6.2.10 messages a closed consumer fetched but never delivered are not marked redelivered")
    void prefetchedMessagesOfAClosedConsumerAreNotMarkedRedelivered(Target target) throws Exception {
        try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection()) {
            c.start();
            Session s = c.createSession(Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(Names.unique("prefetched"));
            sendNumbered(s, q, 4);
            MessageConsumer first = s.createConsumer(q);
            assertEquals("m0", ((TextMessage) first.receive(10_000)).getText());
            first.close();
            MessageConsumer second = s.createConsumer(q);
            for (int i = 1; i < 4; i++) {
                Message m = second.receive(10_000);
                assertEquals("m" + i, ((TextMessage) m).getText());
                assertFalse(m.getJMSRedelivered(), "m" + i + " was never delivered before");
                assertEquals(1, m.getIntProperty("JMSXDeliveryCount"), "m" + i);
            }
            assertNull(second.receive(300));
        }
    }

    @Conformance
    @DisplayName("6.2.10 AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE: a received message is not delivered again")
    void automaticModes(Target target) throws Exception {
        for (int mode : new int[] {Session.AUTO_ACKNOWLEDGE, Session.DUPS_OK_ACKNOWLEDGE}) {
            try (Connection c = new PartitaConnectionFactory(target.url("")).createConnection()) {
                c.start();
                Session s = c.createSession(mode);
                Queue q = s.createQueue(Names.unique("auto"));
                s.createProducer(q).send(s.createTextMessage("once"));
                MessageConsumer consumer = s.createConsumer(q);
                assertEquals("once", ((TextMessage) consumer.receive(10_000)).getText());
                consumer.close();
                assertNull(s.createConsumer(q).receive(300), "mode " + mode);
            }
        }
    }

    /** Sends text messages "m0" to "m{count - 1}" to {@code q}. */
    private static void sendNumbered(Session s, Queue q, int count) throws Exception {
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < count; i++) {
            p.send(s.createTextMessage("m" + i));
        }
    }
}
