package io.partita.jms.message;

import io.partita.jms.PartitaQueue;
import io.partita.jms.PartitaTopic;
import io.partita.protocol.message.DestinationKind;
import io.partita.protocol.message.EnvelopeReader;
import io.partita.protocol.message.EnvelopeWriter;
import io.partita.protocol.message.MessageType;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A message as a record: envelope, key and body, and back; malformed input is refused. */
class MessageCodecTest {

    private static PartitaMessage fullHeaders(PartitaMessage m) throws JMSException {
        m.setJMSMessageID("ID:abc:1");
        m.setJMSTimestamp(1_700_000_000_000L);
        m.setJMSCorrelationID("corr-7");
        m.setJMSReplyTo(new PartitaQueue("replies"));
        m.setJMSDestination(new PartitaTopic("prices"));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSType("quote");
        m.setJMSExpiration(1_700_000_060_000L);
        m.setJMSDeliveryTime(1_700_000_005_000L);
        m.setJMSPriority(8);
        m.setBooleanProperty("b", true);
        m.setByteProperty("y", (byte) -1);
        m.setShortProperty("s", (short) 300);
        m.setIntProperty("i", 70_000);
        m.setLongProperty("l", Long.MIN_VALUE);
        m.setFloatProperty("f", 1.25f);
        m.setDoubleProperty("d", -0.0);
        m.setStringProperty("str", "väl");
        m.setStringProperty("nul", null);
        return m;
    }

    @Test
    void everyHeaderAndPropertySurvives() throws JMSException {
        PartitaMessage r = Received.roundTrip(fullHeaders(new PartitaMessage()));
        assertEquals("ID:abc:1", r.getJMSMessageID());
        assertEquals(1_700_000_000_000L, r.getJMSTimestamp());
        assertEquals("corr-7", r.getJMSCorrelationID());
        assertEquals(new PartitaQueue("replies"), r.getJMSReplyTo());
        assertEquals(new PartitaTopic("prices"), r.getJMSDestination());
        assertEquals(DeliveryMode.NON_PERSISTENT, r.getJMSDeliveryMode());
        assertEquals("quote", r.getJMSType());
        assertEquals(1_700_000_060_000L, r.getJMSExpiration());
        assertEquals(1_700_000_005_000L, r.getJMSDeliveryTime());
        assertEquals(8, r.getJMSPriority());
        assertEquals(true, r.getObjectProperty("b"));
        assertEquals((byte) -1, r.getObjectProperty("y"));
        assertEquals((short) 300, r.getObjectProperty("s"));
        assertEquals(70_000, r.getObjectProperty("i"));
        assertEquals(Long.MIN_VALUE, r.getObjectProperty("l"));
        assertEquals(1.25f, r.getObjectProperty("f"));
        assertEquals(-0.0, r.getObjectProperty("d"));
        assertEquals("väl", r.getObjectProperty("str"));
        assertTrue(r.propertyExists("nul"));
        assertNull(r.getObjectProperty("nul"));
    }

    @Test
    void eachTypeDecodesToItsOwnClass() throws JMSException {
        assertEquals(PartitaMessage.class, Received.roundTrip(new PartitaMessage()).getClass());
        assertInstanceOf(PartitaTextMessage.class, Received.roundTrip(new PartitaTextMessage("x")));
        assertInstanceOf(PartitaBytesMessage.class, Received.roundTrip(new PartitaBytesMessage()));
        assertInstanceOf(PartitaMapMessage.class, Received.roundTrip(new PartitaMapMessage()));
        assertInstanceOf(PartitaStreamMessage.class, Received.roundTrip(new PartitaStreamMessage()));
        assertInstanceOf(PartitaObjectMessage.class, Received.roundTrip(new PartitaObjectMessage()));
    }

    @Test
    void envelopeIsReadableByTheBrokersReader() throws JMSException {
        PartitaMessage m = fullHeaders(new PartitaTextMessage("hi"));
        EncodedMessage e = new MessageCodec().encode(m);
        EnvelopeReader r = new EnvelopeReader().wrap(ByteBuffer.wrap(e.envelope())).validate();
        assertEquals(MessageType.TEXT, r.messageType());
        assertEquals(8, r.priority());
        assertEquals(1_700_000_060_000L, r.expiration());
        assertEquals(1_700_000_005_000L, r.deliveryTime());
        assertEquals(DestinationKind.TOPIC, r.destinationKind());
        assertEquals("prices", r.destinationName());
        assertEquals(70_000L, r.longValue(r.findProperty("i")));
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), e.body());
        assertNull(e.key());
    }

    @Test
    void groupIdIsTheRecordKeyAndStaysAProperty() throws JMSException {
        PartitaMessage m = new PartitaMessage();
        m.setStringProperty("JMSXGroupID", "order-42");
        EncodedMessage e = new MessageCodec().encode(m);
        assertArrayEquals("order-42".getBytes(StandardCharsets.UTF_8), e.key());
        assertEquals("order-42", Received.roundTrip(m).getStringProperty("JMSXGroupID"));
    }

    @Test
    void theOriginIsInTheEnvelopeForTheBrokerButHiddenOnReceipt() throws JMSException {
        PartitaMessage m = new PartitaTextMessage("x");
        m.setStringProperty(MessageCodec.ORIGIN_CLIENT_ID, "forged");
        MessageCodec codec = new MessageCodec();
        EncodedMessage e = codec.encode(m, "conn-1", "app");
        EnvelopeReader r = new EnvelopeReader().wrap(ByteBuffer.wrap(e.envelope())).validate();
        assertEquals("conn-1", r.stringValue(r.findProperty(MessageCodec.ORIGIN_CONNECTION)));
        assertEquals("app", r.stringValue(r.findProperty(MessageCodec.ORIGIN_CLIENT_ID)), "the sender's, not the message's");
        PartitaMessage received = codec.decode(ByteBuffer.wrap(e.envelope()), e.body(), 1, null);
        assertFalse(received.propertyExists(MessageCodec.ORIGIN_CONNECTION));
        assertFalse(received.propertyExists(MessageCodec.ORIGIN_CLIENT_ID));
        EnvelopeReader none = new EnvelopeReader().wrap(ByteBuffer.wrap(codec.encode(m, "conn-1", null).envelope()));
        assertFalse(none.hasProperty(MessageCodec.ORIGIN_CLIENT_ID), "no client id, no mark");
    }

    @Test
    void deliveryCountIsNotEncodedAndRedeliveryIsNotCarriedOver() throws JMSException {
        PartitaMessage first = Received.roundTrip(new PartitaMessage(), 5);
        EncodedMessage e = new MessageCodec().encode(first);
        EnvelopeReader r = new EnvelopeReader().wrap(ByteBuffer.wrap(e.envelope()));
        assertFalse(r.hasProperty("JMSXDeliveryCount"));
        assertEquals(2, Received.roundTrip(first, 2).getIntProperty("JMSXDeliveryCount"));
    }

    @Test
    void correlationIdAsBytesSurvives() throws JMSException {
        PartitaMessage m = new PartitaMessage();
        m.setJMSCorrelationIDAsBytes(new byte[] {0, -1, 7});
        PartitaMessage r = Received.roundTrip(m);
        assertArrayEquals(new byte[] {0, -1, 7}, r.getJMSCorrelationIDAsBytes());
        assertNull(r.getJMSCorrelationID());
    }

    @Test
    void temporaryAndForeignDestinationsAreEncodedByKindAndName() throws JMSException {
        PartitaMessage m = new PartitaMessage();
        m.setJMSReplyTo(new ForeignTemporaryQueue("temp-queue.x.1"));
        m.setJMSDestination(new ForeignQueue("orders"));
        PartitaMessage r = Received.roundTrip(m);
        assertInstanceOf(TemporaryQueue.class, r.getJMSReplyTo());
        assertEquals("temp-queue.x.1", ((Queue) r.getJMSReplyTo()).getQueueName());
        assertEquals(new PartitaQueue("orders"), r.getJMSDestination());
    }

    @Test
    void badHeaderValuesAreRefusedWhenEncoding() {
        PartitaMessage m = new PartitaMessage();
        m.setJMSPriority(10);
        MessageFormatException e = assertThrows(MessageFormatException.class, () -> new MessageCodec().encode(m));
        assertTrue(e.getMessage().contains("10"), e.getMessage());
        m.setJMSPriority(4);
        m.setJMSDeliveryMode(3);
        assertThrows(MessageFormatException.class, () -> new MessageCodec().encode(m));
    }

    @Test
    void malformedEnvelopeIsAFormatError() throws JMSException {
        byte[] good = new MessageCodec().encode(fullHeaders(new PartitaMessage())).envelope();
        for (int cut : new int[] {0, 5, 28, 40, good.length - 1}) {
            byte[] truncated = Arrays.copyOf(good, cut);
            MessageFormatException e = assertThrows(MessageFormatException.class,
                    () -> new MessageCodec().decode(ByteBuffer.wrap(truncated), null, 1, null), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("malformed message envelope"), e.getMessage());
        }
        byte[] badVersion = good.clone();
        badVersion[0] = 99;
        assertThrows(MessageFormatException.class,
                () -> new MessageCodec().decode(ByteBuffer.wrap(badVersion), null, 1, null));
    }

    @Test
    void malformedMapAndStreamBodiesAreFormatErrors() throws JMSException {
        PartitaMapMessage map = new PartitaMapMessage();
        map.setString("key", "value");
        map.setBytes("b", new byte[] {1, 2, 3});
        EncodedMessage e = new MessageCodec().encode(map);
        byte[] body = e.body();
        for (int cut = 0; cut < body.length; cut++) {
            byte[] truncated = Arrays.copyOf(body, cut);
            assertThrows(MessageFormatException.class,
                    () -> new MessageCodec().decode(ByteBuffer.wrap(e.envelope()), truncated, 1, null), "cut " + cut);
        }
        byte[] trailing = Arrays.copyOf(body, body.length + 1);
        MessageFormatException t = assertThrows(MessageFormatException.class,
                () -> new MessageCodec().decode(ByteBuffer.wrap(e.envelope()), trailing, 1, null));
        assertTrue(t.getMessage().contains("follow the last value"), t.getMessage());
    }

    @Test
    void typedValueCodecRefusesUnknownTagsAndHugeLengths() {
        MessageFormatException tag = assertThrows(MessageFormatException.class,
                () -> TypedValueCodec.decodeList(new byte[] {1, 42}));
        assertTrue(tag.getMessage().contains("unknown type tag 42 at offset 1"), tag.getMessage());
        assertThrows(MessageFormatException.class,
                () -> TypedValueCodec.decodeList(new byte[] {1, 10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}));
        assertThrows(MessageFormatException.class,
                () -> TypedValueCodec.decodeList(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                        (byte) 0xFF, 1}));
        assertThrows(MessageFormatException.class, () -> TypedValueCodec.decodeList(new byte[] {1, 1, 2}));
    }

    @Test
    void typedValueCodecKeepsOrderAndTypes() throws JMSException {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("z", 'q');
        in.put("a", null);
        in.put("m", Double.NaN);
        Map<String, Object> out = TypedValueCodec.decodeMap(TypedValueCodec.encodeMap(in));
        assertEquals(List.of("z", "a", "m"), List.copyOf(out.keySet()));
        assertEquals('q', out.get("z"));
        assertTrue(Double.isNaN((Double) out.get("m")));
    }

    @Test
    void envelopeFromAnotherWriterWithUnknownDestinationNamesStillDecodes() throws JMSException {
        byte[] envelope = new EnvelopeWriter().messageType(MessageType.TEXT)
                .destination(DestinationKind.QUEUE, "name with spaces").toByteArray();
        PartitaMessage m = new MessageCodec().decode(ByteBuffer.wrap(envelope), null, 1, null);
        assertEquals("name with spaces", ((Queue) m.getJMSDestination()).getQueueName());
    }

    private record ForeignQueue(String name) implements Queue {
        @Override
        public String getQueueName() {
            return name;
        }
    }

    private record ForeignTemporaryQueue(String name) implements TemporaryQueue {
        @Override
        public String getQueueName() {
            return name;
        }

        @Override
        public void delete() {
        }
    }
}
