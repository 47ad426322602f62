package io.partita.protocol.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.partita.protocol.selector.HeaderField;
import io.partita.protocol.selector.PropertyName;
import io.partita.protocol.selector.SelectorValue;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnvelopeMalformedTest {

    private final EnvelopeReader reader = new EnvelopeReader();

    private static byte[] sample() {
        return new EnvelopeWriter()
                .messageType(MessageType.MAP).priority(6).timestamp(1_700_000_000_000L).expiration(5)
                .messageId("ID:abc").correlationId("corr").replyTo(DestinationKind.QUEUE, "replies")
                .destination(DestinationKind.TOPIC, "orders").type("car")
                .booleanProperty("flag", true).byteProperty("b", (byte) 1).shortProperty("s", (short) 2)
                .intProperty("i", 3).longProperty("l", 4).floatProperty("f", 5f).doubleProperty("d", 6)
                .stringProperty("color", "r\u00e9d").stringProperty("nothing", null)
                .toByteArray();
    }

    /** Reads everything the reader offers; throws only what the reader throws. */
    private void readAll(ByteBuffer buf, int offset, int length) {
        reader.wrap(buf, offset, length);
        reader.messageType();
        reader.deliveryMode();
        reader.priority();
        reader.timestamp();
        reader.expiration();
        reader.deliveryTime();
        reader.messageId();
        reader.correlationId();
        reader.correlationIdBytes();
        reader.replyToKind();
        reader.replyToName();
        reader.destinationKind();
        reader.destinationName();
        reader.type();
        SelectorValue v = new SelectorValue();
        for (HeaderField h : HeaderField.values()) {
            reader.loadHeader(h, v);
        }
        reader.loadProperty(new PropertyName("color"), v);
        reader.loadProperty(new PropertyName("absent"), v);
        reader.findProperty("nothing");
        reader.forEachProperty((k, val) -> { });
        reader.validate();
    }

    @Test
    void sampleIsValid() {
        byte[] bytes = sample();
        readAll(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    @Test
    void everyTruncationFailsCleanly() {
        byte[] bytes = sample();
        for (int len = 0; len < bytes.length; len++) {
            int n = len;
            MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
                    () -> readAll(ByteBuffer.wrap(Arrays.copyOf(bytes, n)), 0, n), "length " + len);
            assertTrue(e.offset() >= 0 && e.offset() <= len, "offset " + e.offset() + " for length " + len);
            assertTrue(e.getMessage().contains("at offset " + e.offset()), e.getMessage());
        }
    }

    @Test
    void truncationInsideLargerBufferDoesNotReadPastSlice() {
        byte[] bytes = sample();
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 64); // trailing zeros look like valid data
        for (int len = 0; len < bytes.length; len++) {
            int n = len;
            assertThrows(MalformedEnvelopeException.class, () -> readAll(ByteBuffer.wrap(padded), 0, n),
                    "length " + len);
        }
    }

    @Test
    void trailingBytesAreReportedByValidate() {
        byte[] bytes = Arrays.copyOf(sample(), sample().length + 1);
        MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
                () -> reader.wrap(ByteBuffer.wrap(bytes)).validate());
        assertEquals(bytes.length - 1, e.offset());
    }

    @Test
    void specificHostileFields() {
        expectMalformed(with(0, 2), "unknown format version 2", 0);
        expectMalformed(with(1, 6), "unknown message type code 6", 1);
        expectMalformed(with(2, 0), "unknown delivery mode code 0", 2);
        expectMalformed(with(3, 10), "priority 10", 3);
        expectMalformed(with(3, -1), "priority 255", 3);
        // message id length: 5 bytes of 0xFF is a varint beyond 2^31 - 1
        byte[] longVarint = new EnvelopeWriter().toByteArray();
        byte[] hostile = Arrays.copyOf(longVarint, longVarint.length + 10);
        for (int i = 0; i < 5; i++) {
            hostile[MessageEnvelope.FIXED_SIZE + i] = (byte) 0xFF;
        }
        expectMalformed(hostile, "varint", MessageEnvelope.FIXED_SIZE);
        // message id declared longer than the envelope
        byte[] tooLong = new EnvelopeWriter().messageId("abc").toByteArray();
        tooLong[MessageEnvelope.FIXED_SIZE] = 100;
        expectMalformed(tooLong, "message id length 99 exceeds", MessageEnvelope.FIXED_SIZE);
        // unknown correlation kind
        byte[] corr = new EnvelopeWriter().toByteArray();
        corr[MessageEnvelope.FIXED_SIZE + 1] = 3;
        expectMalformed(corr, "unknown correlation id kind 3", MessageEnvelope.FIXED_SIZE + 1);
        // unknown destination kind
        byte[] dest = new EnvelopeWriter().toByteArray();
        dest[MessageEnvelope.FIXED_SIZE + 2] = 9;
        expectMalformed(dest, "unknown reply-to kind 9", MessageEnvelope.FIXED_SIZE + 2);
        // property count larger than the bytes left
        byte[] count = new EnvelopeWriter().toByteArray();
        count[count.length - 1] = 100;
        expectMalformed(count, "property count 100", count.length - 1);
    }

    @Test
    void hostilePropertyEntries() {
        byte[] one = new EnvelopeWriter().intProperty("k", 1).toByteArray();
        int entry = one.length - 7; // name length, 'k', tag, 4 value bytes
        byte[] badTag = one.clone();
        badTag[entry + 2] = 9;
        expectPropertyMalformed(badTag, "unknown property type tag 9", entry + 2);
        byte[] emptyName = one.clone();
        emptyName[entry] = 0;
        expectPropertyMalformed(emptyName, "empty property name", entry);
        byte[] longName = one.clone();
        longName[entry] = 50;
        expectPropertyMalformed(longName, "property name length 50", entry);
        byte[] bool = new EnvelopeWriter().booleanProperty("k", true).toByteArray();
        bool[bool.length - 1] = 2;
        expectPropertyMalformed(bool, "boolean property value 2", bool.length - 1);
        byte[] str = new EnvelopeWriter().stringProperty("k", "abc").toByteArray();
        str[str.length - 4] = 10;
        expectPropertyMalformed(str, "string property length 10", str.length - 4);
    }

    @Test
    void sliceOutsideBufferIsRejected() {
        ByteBuffer buf = ByteBuffer.wrap(sample());
        assertThrows(MalformedEnvelopeException.class, () -> reader.wrap(buf, -1, 10));
        assertThrows(MalformedEnvelopeException.class, () -> reader.wrap(buf, 0, -1));
        assertThrows(MalformedEnvelopeException.class, () -> reader.wrap(buf, 10, buf.limit()));
        assertThrows(MalformedEnvelopeException.class, () -> reader.wrap(buf, Integer.MAX_VALUE, 10));
    }

    @Test
    void randomByteFlipsOnlyEverThrowMalformedEnvelopeException() {
        byte[] original = sample();
        Random random = new Random(20240601L);
        int clean = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = original.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(8) == 0 ? random.nextInt(bytes.length + 1) : bytes.length;
            try {
                readAll(ByteBuffer.wrap(bytes), 0, length);
                clean++;
            } catch (MalformedEnvelopeException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("round " + round + " threw " + e + " for " + Arrays.toString(Arrays.copyOf(bytes, length)), e);
            }
        }
        assertTrue(clean > 0, "some flips (e.g. inside values) leave a valid envelope");
    }

    @Test
    void randomGarbageOnlyEverThrowsMalformedEnvelopeException() {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(80)];
            random.nextBytes(bytes);
            if (bytes.length > 0) {
                bytes[0] = 1;
            }
            if (bytes.length > 3) {
                bytes[1] = (byte) random.nextInt(6);
                bytes[2] = (byte) (1 + random.nextInt(2));
                bytes[3] = (byte) random.nextInt(10);
            }
            try {
                readAll(ByteBuffer.wrap(bytes), 0, bytes.length);
            } catch (MalformedEnvelopeException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("round " + round + " threw " + e + " for " + Arrays.toString(bytes), e);
            }
        }
    }

    private static byte[] with(int offset, int value) {
        byte[] bytes = sample();
        bytes[offset] = (byte) value;
        return bytes;
    }

    private void expectMalformed(byte[] bytes, String fragment, int offset) {
        MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class,
                () -> readAll(ByteBuffer.wrap(bytes), 0, bytes.length));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
    }

    private void expectPropertyMalformed(byte[] bytes, String fragment, int offset) {
        reader.wrap(ByteBuffer.wrap(bytes));
        MalformedEnvelopeException e = assertThrows(MalformedEnvelopeException.class, () -> reader.findProperty("zz"));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
    }
}
