package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section 3.4: message header fields, as set on send and seen on receipt. */
class HeaderFieldsTest {

    @Conformance
    @DisplayName("3.4.1-3.4.10 header fields set by send arrive unchanged")
    void headerFieldsArrive(Target target) throws Exception {
        try (JMSContext c = new PartitaConnectionFactory(target.url("")).createContext()) {
            Queue q = c.createQueue(Names.unique("headers"));
            Queue replyTo = c.createQueue(Names.unique("replies"));
            TextMessage sent = c.createTextMessage("h");
            sent.setJMSCorrelationID("corr-1");
            sent.setJMSReplyTo(replyTo);
            sent.setJMSType("kind");
            c.createProducer().setPriority(7).setDeliveryMode(DeliveryMode.NON_PERSISTENT).setTimeToLive(60_000)
                    .send(q, sent);
            Message got = c.createConsumer(q).receive(10_000);
            assertEquals(q, got.getJMSDestination());
            assertEquals(DeliveryMode.NON_PERSISTENT, got.getJMSDeliveryMode());
            assertEquals(sent.getJMSMessageID(), got.getJMSMessageID());
            assertTrue(got.getJMSMessageID().startsWith("ID:"), "3.4.3: message ids start with ID:");
            assertEquals(sent.getJMSTimestamp(), got.getJMSTimestamp());
            assertEquals("corr-1", got.getJMSCorrelationID());
            assertEquals(replyTo, got.getJMSReplyTo());
            assertFalse(got.getJMSRedelivered());
            assertEquals("kind", got.getJMSType());
            assertEquals(sent.getJMSTimestamp() + 60_000, got.getJMSExpiration());
            assertEquals(7, got.getJMSPriority());
        }
    }

    @Conformance
    @DisplayName("3.4.3, 3.4.4 message ids and timestamps can be disabled")
    void idsAndTimestampsCanBeDisabled(Target target) throws Exception {
        try (JMSContext c = new PartitaConnectionFactory(target.url("")).createContext()) {
            Queue q = c.createQueue(Names.unique("disabled"));
            c.createProducer().setDisableMessageID(true).setDisableMessageTimestamp(true).send(q, "x");
            Message got = c.createConsumer(q).receive(10_000);
            assertNull(got.getJMSMessageID());
            assertEquals(0, got.getJMSTimestamp());
        }
    }
}
