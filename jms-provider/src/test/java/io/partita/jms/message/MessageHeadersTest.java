package io.partita.jms.message;

import io.partita.jms.PartitaQueue;
import io.partita.jms.PartitaTopic;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.0, section 3.4: message header fields. */
class MessageHeadersTest {

    @Test
    void newMessageHasTheSpecDefaults() {
        PartitaMessage m = new PartitaMessage();
        assertNull(m.getJMSMessageID());
        assertEquals(0, m.getJMSTimestamp());
        assertNull(m.getJMSCorrelationID());
        assertNull(m.getJMSCorrelationIDAsBytes());
        assertNull(m.getJMSReplyTo());
        assertNull(m.getJMSDestination());
        assertEquals(DeliveryMode.PERSISTENT, m.getJMSDeliveryMode());
        assertFalse(m.getJMSRedelivered());
        assertNull(m.getJMSType());
        assertEquals(0, m.getJMSExpiration());
        assertEquals(0, m.getJMSDeliveryTime());
        assertEquals(Message.DEFAULT_PRIORITY, m.getJMSPriority());
    }

    @Test
    void everyHeaderFieldCanBeSetAndRead() {
        PartitaMessage m = new PartitaMessage();
        m.setJMSMessageID("ID:1");
        m.setJMSTimestamp(11);
        m.setJMSCorrelationID("corr");
        m.setJMSReplyTo(new PartitaQueue("replies"));
        m.setJMSDestination(new PartitaTopic("prices"));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSRedelivered(true);
        m.setJMSType("quote");
        m.setJMSExpiration(22);
        m.setJMSDeliveryTime(33);
        m.setJMSPriority(7);
        assertEquals("ID:1", m.getJMSMessageID());
        assertEquals(11, m.getJMSTimestamp());
        assertEquals("corr", m.getJMSCorrelationID());
        assertEquals(new PartitaQueue("replies"), m.getJMSReplyTo());
        assertEquals(new PartitaTopic("prices"), m.getJMSDestination());
        assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
        assertTrue(m.getJMSRedelivered());
        assertEquals("quote", m.getJMSType());
        assertEquals(22, m.getJMSExpiration());
        assertEquals(33, m.getJMSDeliveryTime());
        assertEquals(7, m.getJMSPriority());
    }

    @Test
    void correlationIdAsBytesIsCopiedAndReplacesTheString() {
        PartitaMessage m = new PartitaMessage();
        m.setJMSCorrelationID("text");
        byte[] raw = {1, 2, 3};
        m.setJMSCorrelationIDAsBytes(raw);
        raw[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, m.getJMSCorrelationIDAsBytes());
        assertNull(m.getJMSCorrelationID(), "a correlation id set as bytes is not a string");
        m.getJMSCorrelationIDAsBytes()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, m.getJMSCorrelationIDAsBytes());
    }

    @Test
    void correlationIdStringReadsAsItsUtf8Bytes() {
        PartitaMessage m = new PartitaMessage();
        m.setJMSCorrelationIDAsBytes(new byte[] {1});
        m.setJMSCorrelationID("héllo");
        assertEquals("héllo", m.getJMSCorrelationID());
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), m.getJMSCorrelationIDAsBytes());
        m.setJMSCorrelationID(null);
        assertNull(m.getJMSCorrelationIDAsBytes());
    }

    @Test
    void headersStayWritableOnAReceivedMessage() throws Exception {
        PartitaMessage m = Received.roundTrip(new PartitaMessage());
        m.setJMSType("changed");
        m.setJMSPriority(1);
        m.setJMSCorrelationID("c");
        assertEquals("changed", m.getJMSType());
        assertEquals(1, m.getJMSPriority());
        assertEquals("c", m.getJMSCorrelationID());
    }

    @Test
    void redeliveredAndDeliveryCountComeFromTheBroker() throws Exception {
        PartitaMessage first = Received.roundTrip(new PartitaMessage(), 1);
        assertFalse(first.getJMSRedelivered());
        assertEquals(1, first.getIntProperty("JMSXDeliveryCount"));
        PartitaMessage third = Received.roundTrip(new PartitaMessage(), 3);
        assertTrue(third.getJMSRedelivered());
        assertEquals(3, third.getIntProperty("JMSXDeliveryCount"));
        assertEquals("3", third.getStringProperty("JMSXDeliveryCount"));
    }
}
