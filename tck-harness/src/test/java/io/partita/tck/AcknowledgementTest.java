package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
