package io.partita.protocol.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnvelopeRoundTripTest {

    private static final String SURROGATES = "\uD83D\uDE00 g\u00fcnter \u4e2d\u6587 \uD834\uDD1E";

    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final EnvelopeReader reader = new EnvelopeReader();

    @Test
    void emptyEnvelopeHasDefaults() {
        byte[] bytes = writer.toByteArray();
        assertEquals(MessageEnvelope.FIXED_SIZE + 6, bytes.length);
        reader.wrap(ByteBuffer.wrap(bytes)).validate();
        assertEquals(MessageEnvelope.VERSION, reader.version());
        assertEquals(MessageType.MESSAGE, reader.messageType());
        assertEquals(DeliveryMode.PERSISTENT, reader.deliveryMode());
        assertEquals(4, reader.priority());
        assertNull(reader.messageId());
        assertFalse(reader.hasCorrelationId());
        assertNull(reader.correlationId());
        assertNull(reader.correlationIdBytes());
        assertNull(reader.replyToKind());
        assertNull(reader.replyToName());
        assertNull(reader.destinationKind());
        assertNull(reader.destinationName());
        assertNull(reader.type());
        assertEquals(0, reader.propertyCount());
        assertEquals(-1, reader.findProperty("x"));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyMessageType(MessageType type) {
        reader.wrap(ByteBuffer.wrap(writer.reset().messageType(type).toByteArray()));
        assertEquals(type, reader.messageType());
    }

    @ParameterizedTest
    @EnumSource(DestinationKind.class)
    void everyDestinationKind(DestinationKind kind) {
        byte[] bytes = writer.reset().replyTo(kind, "reply." + kind).destination(kind, "dest." + kind).toByteArray();
        reader.wrap(ByteBuffer.wrap(bytes)).validate();
        assertEquals(kind, reader.replyToKind());
        assertEquals("reply." + kind, reader.replyToName());
        assertEquals(kind, reader.destinationKind());
        assertEquals("dest." + kind, reader.destinationName());
    }

    @Test
    void allHeaderFields() {
        byte[] bytes = writer.reset()
                .messageType(MessageType.TEXT)
                .deliveryMode(DeliveryMode.NON_PERSISTENT)
                .priority(9)
                .timestamp(Long.MIN_VALUE)
                .expiration(Long.MAX_VALUE)
                .deliveryTime(-1)
                .messageId("ID:" + SURROGATES)
                .correlationId("")
                .replyTo(DestinationKind.TEMPORARY_QUEUE, "tmp:" + SURROGATES)
                .destination(DestinationKind.TOPIC, "prices")
                .type("car")
                .toByteArray();
        reader.wrap(ByteBuffer.wrap(bytes)).validate();
        assertEquals(MessageType.TEXT, reader.messageType());
        assertEquals(DeliveryMode.NON_PERSISTENT, reader.deliveryMode());
        assertFalse(reader.persistent());
        assertEquals(9, reader.priority());
        assertEquals(Long.MIN_VALUE, reader.timestamp());
        assertEquals(Long.MAX_VALUE, reader.expiration());
        assertEquals(-1, reader.deliveryTime());
        assertEquals("ID:" + SURROGATES, reader.messageId());
        assertTrue(reader.hasCorrelationId());
        assertFalse(reader.correlationIdIsBytes());
        assertEquals("", reader.correlationId());
        assertEquals("tmp:" + SURROGATES, reader.replyToName());
        assertEquals("car", reader.type());
        // fixed offsets readable without the reader
        ByteBuffer raw = ByteBuffer.wrap(bytes);
        assertEquals(9, raw.get(MessageEnvelope.PRIORITY_OFFSET));
        assertEquals(Long.MAX_VALUE, raw.getLong(MessageEnvelope.EXPIRATION_OFFSET));
        assertEquals(-1, raw.getLong(MessageEnvelope.DELIVERY_TIME_OFFSET));
        assertEquals(1, raw.get(MessageEnvelope.DELIVERY_MODE_OFFSET));
    }

    @Test
    void correlationIdBytes() {
        byte[] id = {0, -1, 127, -128, 42};
        reader.wrap(ByteBuffer.wrap(writer.reset().correlationIdBytes(id).toByteArray())).validate();
        assertTrue(reader.correlationIdIsBytes());
        assertNull(reader.correlationId());
        assertArrayEquals(id, reader.correlationIdBytes());
        reader.wrap(ByteBuffer.wrap(writer.reset().correlationIdBytes(new byte[0]).toByteArray()));
        assertArrayEquals(new byte[0], reader.correlationIdBytes());
    }

    @Test
    void everyPropertyTypeWithEdgeValues() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("bTrue", true);
        props.put("bFalse", false);
        props.put("byteMin", Byte.MIN_VALUE);
        props.put("byteMax", Byte.MAX_VALUE);
        props.put("shortMin", Short.MIN_VALUE);
        props.put("shortMax", Short.MAX_VALUE);
        props.put("intMin", Integer.MIN_VALUE);
        props.put("intMax", Integer.MAX_VALUE);
        props.put("longMin", Long.MIN_VALUE);
        props.put("longMax", Long.MAX_VALUE);
        props.put("floatNaN", Float.NaN);
        props.put("floatNegZero", -0.0f);
        props.put("floatInf", Float.POSITIVE_INFINITY);
        props.put("floatNegInf", Float.NEGATIVE_INFINITY);
        props.put("floatMin", Float.MIN_VALUE);
        props.put("doubleNaN", Double.NaN);
        props.put("doubleNegZero", -0.0d);
        props.put("doubleInf", Double.POSITIVE_INFINITY);
        props.put("doubleNegInf", Double.NEGATIVE_INFINITY);
        props.put("doubleMax", Double.MAX_VALUE);
        props.put("empty", "");
        props.put("nonAscii", SURROGATES);
        props.put("nullValue", null);
        props.put(SURROGATES, "name with surrogates");
        byte[] bytes = encode(props);
        reader.wrap(ByteBuffer.wrap(bytes)).validate();
        assertEquals(props.size(), reader.propertyCount());
        for (Map.Entry<String, Object> e : props.entrySet()) {
            int cursor = reader.findProperty(e.getKey());
            assertTrue(cursor >= 0, e.getKey());
            assertSameValue(e.getValue(), reader.objectValue(cursor), e.getKey());
        }
        Map<String, Object> decoded = new LinkedHashMap<>();
        reader.forEachProperty(decoded::put);
        assertEquals(props.keySet().toString(), decoded.keySet().toString());
        assertEquals(Double.doubleToRawLongBits(-0.0d), Double.doubleToRawLongBits((Double) decoded.get("doubleNegZero")));
        assertEquals(PropertyType.NULL, reader.propertyType(reader.findProperty("nullValue")));
        assertTrue(reader.hasProperty("nullValue"));
        assertNull(reader.property("nullValue"));
    }

    @Test
    void typedAccessors() {
        byte[] bytes = writer.reset().byteProperty("b", (byte) -3).shortProperty("s", (short) -300)
                .intProperty("i", 70000).longProperty("l", 1L << 40).floatProperty("f", 1.5f)
                .doubleProperty("d", -2.25).booleanProperty("z", true).stringProperty("t", "text").toByteArray();
        reader.wrap(ByteBuffer.wrap(bytes));
        assertEquals(-3, reader.longValue(reader.findProperty("b")));
        assertEquals(-300, reader.longValue(reader.findProperty("s")));
        assertEquals(70000, reader.longValue(reader.findProperty("i")));
        assertEquals(1L << 40, reader.longValue(reader.findProperty("l")));
        assertEquals(1.5, reader.doubleValue(reader.findProperty("f")));
        assertEquals(-2.25, reader.doubleValue(reader.findProperty("d")));
        assertTrue(reader.booleanValue(reader.findProperty("z")));
        assertEquals("text", reader.stringValue(reader.findProperty("t")));
        assertThrows(IllegalStateException.class, () -> reader.longValue(reader.findProperty("t")));
        assertThrows(IllegalStateException.class, () -> reader.stringValue(reader.findProperty("i")));
        assertEquals(PropertyType.SHORT, reader.propertyType(reader.findProperty("s")));
    }

    @Test
    void veryLongNamesAndValues() {
        String longName = "n".repeat(100_000);
        String longValue = SURROGATES.repeat(10_000);
        byte[] bytes = writer.reset().messageId(longValue).type(longName)
                .stringProperty(longName, longValue).intProperty("after", 7).toByteArray();
        reader.wrap(ByteBuffer.wrap(bytes)).validate();
        assertEquals(longValue, reader.messageId());
        assertEquals(longName, reader.type());
        assertEquals(longValue, reader.stringValue(reader.findProperty(longName)));
        assertEquals(7, reader.longValue(reader.findProperty("after")));
        assertEquals(-1, reader.findProperty(longName + "x"));
        assertEquals(-1, reader.findProperty(longName.substring(1)));
    }

    @Test
    void manyProperties() {
        writer.reset();
        for (int i = 0; i < 5000; i++) {
            writer.intProperty("p" + i, i * 31);
        }
        reader.wrap(ByteBuffer.wrap(writer.toByteArray())).validate();
        assertEquals(5000, reader.propertyCount());
        for (int i = 0; i < 5000; i += 97) {
            assertEquals(i * 31L, reader.longValue(reader.findProperty("p" + i)));
        }
        assertEquals(-1, reader.findProperty("p5000"));
    }

    @Test
    void singlePropertyDecodeWithoutTouchingOthers() {
        // a later property is found even though an earlier value is never decoded
        byte[] bytes = writer.reset().stringProperty("skip", "x".repeat(300)).doubleProperty("want", 2.5)
                .toByteArray();
        reader.wrap(ByteBuffer.wrap(bytes));
        assertEquals(2.5, reader.doubleValue(reader.findProperty("want")));
    }

    @Test
    void wrapsSliceInsideLargerDirectLittleEndianBuffer() {
        byte[] bytes = writer.reset().priority(7).timestamp(123456789L).messageId("ID:1")
                .stringProperty("color", "red").toByteArray();
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        direct.position(11);
        direct.put(bytes);
        reader.wrap(direct, 11, bytes.length).validate();
        assertEquals(7, reader.priority());
        assertEquals(123456789L, reader.timestamp());
        assertEquals("ID:1", reader.messageId());
        assertEquals("red", reader.property("color"));
        assertEquals(ByteOrder.LITTLE_ENDIAN, direct.order());
    }

    @Test
    void writesIntoByteBuffers() {
        writer.reset().type("t").intProperty("i", 5);
        ByteBuffer heap = ByteBuffer.allocate(100);
        heap.position(3);
        int n = writer.writeTo(heap);
        assertEquals(3 + n, heap.position());
        reader.wrap(heap, 3, n).validate();
        assertEquals(5L, reader.longValue(reader.findProperty("i")));
        ByteBuffer direct = ByteBuffer.allocateDirect(100);
        writer.writeTo(direct);
        reader.wrap(direct, 0, n).validate();
        assertEquals("t", reader.type());
        assertThrows(java.nio.BufferOverflowException.class, () -> writer.writeTo(ByteBuffer.allocate(n - 1)));
    }

    @Test
    void writerRejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> writer.priority(10));
        assertThrows(IllegalArgumentException.class, () -> writer.priority(-1));
        assertThrows(IllegalArgumentException.class, () -> writer.intProperty("", 1));
        assertThrows(IllegalArgumentException.class, () -> writer.intProperty(null, 1));
        assertThrows(IllegalArgumentException.class, () -> writer.objectProperty("c", 'c'));
        assertThrows(IllegalArgumentException.class, () -> writer.replyTo(DestinationKind.QUEUE, null));
    }

    @Test
    void resetClearsEverything() {
        byte[] fresh = writer.reset().toByteArray();
        writer.messageId("x").type("y").priority(1).intProperty("a", 1).correlationId("c");
        assertArrayEquals(fresh, writer.reset().toByteArray());
    }

    private byte[] encode(Map<String, Object> props) {
        writer.reset();
        props.forEach(writer::objectProperty);
        return writer.toByteArray();
    }

    private static void assertSameValue(Object expected, Object actual, String name) {
        if (expected instanceof Float) {
            assertEquals(Float.floatToRawIntBits((Float) expected), Float.floatToRawIntBits((Float) actual), name);
        } else if (expected instanceof Double) {
            assertEquals(Double.doubleToRawLongBits((Double) expected), Double.doubleToRawLongBits((Double) actual), name);
        } else {
            assertEquals(expected, actual, name);
        }
    }
}
