package io.partita.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.0, sections 3.10 and 3.11: message bodies, their modes and conversions. */
class MessageBodyTest {

    @Nested
    class Text {
        @Test
        void textRoundTripsIncludingNullAndEmpty() throws JMSException {
            for (String s : new String[] {"héllo ☃ 𝄞", "", null}) {
                PartitaTextMessage m = Received.roundTrip(new PartitaTextMessage(s));
                assertEquals(s, m.getText());
            }
        }

        @Test
        void receivedBodyIsReadOnlyUntilCleared() throws JMSException {
            PartitaTextMessage m = Received.roundTrip(new PartitaTextMessage("a"));
            assertThrows(MessageNotWriteableException.class, () -> m.setText("b"));
            m.clearBody();
            assertNull(m.getText());
            m.setText("b");
            assertEquals("b", m.getText());
        }

        @Test
        void clearBodyLeavesPropertiesReadOnly() throws JMSException {
            PartitaTextMessage sent = new PartitaTextMessage("a");
            sent.setIntProperty("n", 1);
            PartitaTextMessage m = Received.roundTrip(sent);
            m.clearBody();
            assertEquals(1, m.getIntProperty("n"));
            assertThrows(MessageNotWriteableException.class, () -> m.setIntProperty("n", 2));
        }
    }

    /** Section 3.11.2 and the BytesMessage contract. */
    @Nested
    class Bytes {
        @Test
        void newMessageIsWriteOnly() throws JMSException {
            PartitaBytesMessage m = new PartitaBytesMessage();
            m.writeInt(1);
            assertThrows(MessageNotReadableException.class, m::readInt);
            assertThrows(MessageNotReadableException.class, m::getBodyLength);
        }

        @Test
        void resetMakesItReadOnlyFromTheStart() throws JMSException {
            PartitaBytesMessage m = new PartitaBytesMessage();
            m.writeBoolean(true);
            m.writeByte((byte) -2);
            m.writeShort((short) -3);
            m.writeChar('x');
            m.writeInt(4);
            m.writeLong(5L);
            m.writeFloat(6.5f);
            m.writeDouble(7.25);
            m.writeUTF("utf ☃");
            m.writeBytes(new byte[] {9, 8, 7}, 1, 2);
            m.writeObject(10);
            m.reset();
            assertThrows(MessageNotWriteableException.class, () -> m.writeInt(1));
            assertEquals(1 + 1 + 2 + 2 + 4 + 8 + 4 + 8 + (2 + 7) + 2 + 4, m.getBodyLength());
            assertTrue(m.readBoolean());
            assertEquals(254, m.readUnsignedByte());
            assertEquals((short) -3, m.readShort());
            assertEquals('x', m.readChar());
            assertEquals(4, m.readInt());
            assertEquals(5L, m.readLong());
            assertEquals(6.5f, m.readFloat());
            assertEquals(7.25, m.readDouble());
            assertEquals("utf ☃", m.readUTF());
            byte[] two = new byte[2];
            assertEquals(2, m.readBytes(two));
            assertArrayEquals(new byte[] {8, 7}, two);
            assertEquals(10, m.readInt());
            assertEquals(-1, m.readBytes(two));
            m.reset();
            assertTrue(m.readBoolean());
        }

        @Test
        void readingPastTheEndThrowsEofAndKeepsThePosition() throws JMSException {
            PartitaBytesMessage m = new PartitaBytesMessage();
            m.writeShort((short) 0x0102);
            m.reset();
            assertThrows(MessageEOFException.class, m::readInt);
            assertEquals(0x0102, m.readShort());
            assertThrows(MessageEOFException.class, m::readByte);
        }

        @Test
        void readBytesWithLength() throws JMSException {
            PartitaBytesMessage m = new PartitaBytesMessage();
            m.writeBytes(new byte[] {1, 2, 3, 4, 5});
            m.reset();
            byte[] buf = new byte[4];
            assertEquals(3, m.readBytes(buf, 3));
            assertArrayEquals(new byte[] {1, 2, 3, 0}, buf);
            assertEquals(2, m.readBytes(buf, 4));
            assertEquals(-1, m.readBytes(buf, 4));
            assertThrows(IndexOutOfBoundsException.class, () -> m.readBytes(buf, 5));
        }

        @Test
        void writeObjectRefusesNullAndOtherTypes() {
            PartitaBytesMessage m = new PartitaBytesMessage();
            assertThrows(NullPointerException.class, () -> m.writeObject(null));
            assertThrows(MessageFormatException.class, () -> m.writeObject(new Object()));
            assertThrows(MessageFormatException.class, () -> m.writeObject(List.of()));
        }

        @Test
        void receivedMessageIsReadableAndReadOnly() throws JMSException {
            PartitaBytesMessage sent = new PartitaBytesMessage();
            sent.writeLong(42);
            PartitaBytesMessage m = Received.roundTrip(sent);
            assertEquals(8, m.getBodyLength());
            assertEquals(42, m.readLong());
            assertThrows(MessageNotWriteableException.class, () -> m.writeInt(1));
            m.clearBody();
            m.writeInt(3);
            assertThrows(MessageNotReadableException.class, m::readInt);
            m.reset();
            assertEquals(4, m.getBodyLength());
        }

        @Test
        void sendingInWriteModeEncodesWhatWasWritten() throws JMSException {
            PartitaBytesMessage sent = new PartitaBytesMessage();
            sent.writeBytes(new byte[] {5, 6});
            PartitaBytesMessage m = Received.roundTrip(sent);
            byte[] b = new byte[2];
            assertEquals(2, m.readBytes(b));
            assertArrayEquals(new byte[] {5, 6}, b);
            sent.writeByte((byte) 7);
        }
    }

    /** Section 3.11.3, the MapMessage half. */
    @Nested
    class MapBody {
        @Test
        void everyTypeRoundTrips() throws JMSException {
            PartitaMapMessage m = new PartitaMapMessage();
            m.setBoolean("bool", true);
            m.setByte("byte", (byte) 1);
            m.setShort("short", (short) 2);
            m.setChar("char", 'c');
            m.setInt("int", 3);
            m.setLong("long", 4L);
            m.setFloat("float", 5.5f);
            m.setDouble("double", 6.5);
            m.setString("string", "s");
            m.setString("nullString", null);
            m.setBytes("bytes", new byte[] {1, 2});
            m.setBytes("slice", new byte[] {1, 2, 3, 4}, 1, 2);
            m.setObject("object", 7L);
            PartitaMapMessage r = Received.roundTrip(m);
            assertTrue(r.getBoolean("bool"));
            assertEquals(1, r.getByte("byte"));
            assertEquals(2, r.getShort("short"));
            assertEquals('c', r.getChar("char"));
            assertEquals(3, r.getInt("int"));
            assertEquals(4L, r.getLong("long"));
            assertEquals(5.5f, r.getFloat("float"));
            assertEquals(6.5, r.getDouble("double"));
            assertEquals("s", r.getString("string"));
            assertTrue(r.itemExists("nullString"));
            assertNull(r.getString("nullString"));
            assertArrayEquals(new byte[] {1, 2}, r.getBytes("bytes"));
            assertArrayEquals(new byte[] {2, 3}, r.getBytes("slice"));
            assertEquals(7L, r.getObject("object"));
            Set<String> names = new TreeSet<>(Collections.list(r.getMapNames()));
            assertEquals(13, names.size());
        }

        @Test
        void conversionsFollowTheTable() throws JMSException {
            PartitaMapMessage m = new PartitaMapMessage();
            m.setChar("c", 'z');
            m.setBytes("b", new byte[] {1});
            m.setShort("s", (short) 5);
            m.setString("n", "12");
            assertEquals("z", m.getString("c"));
            assertThrows(MessageFormatException.class, () -> m.getInt("c"));
            assertThrows(MessageFormatException.class, () -> m.getString("b"));
            assertThrows(MessageFormatException.class, () -> m.getChar("s"));
            assertThrows(MessageFormatException.class, () -> m.getBytes("s"));
            assertEquals(5L, m.getLong("s"));
            assertEquals(12, m.getInt("n"));
            assertThrows(MessageFormatException.class, () -> m.getChar("n"));
            assertThrows(NumberFormatException.class, () -> m.getInt("c2"));
            assertThrows(NullPointerException.class, () -> m.getChar("missing"));
            assertNull(m.getBytes("missing"));
            assertFalse(m.getBoolean("missing"));
        }

        @Test
        void byteArraysAreCopiedInAndOut() throws JMSException {
            PartitaMapMessage m = new PartitaMapMessage();
            byte[] b = {1};
            m.setBytes("b", b);
            b[0] = 9;
            assertArrayEquals(new byte[] {1}, m.getBytes("b"));
            m.getBytes("b")[0] = 9;
            ((byte[]) m.getObject("b"))[0] = 9;
            assertArrayEquals(new byte[] {1}, m.getBytes("b"));
        }

        @Test
        void namesMustBeNonEmptyAndObjectsOfAllowedTypes() {
            PartitaMapMessage m = new PartitaMapMessage();
            assertThrows(IllegalArgumentException.class, () -> m.setInt(null, 1));
            assertThrows(IllegalArgumentException.class, () -> m.setInt("", 1));
            assertThrows(MessageFormatException.class, () -> m.setObject("x", new Object()));
            assertFalse(m.itemExists("x"));
        }

        @Test
        void receivedMapIsReadOnlyUntilCleared() throws JMSException {
            PartitaMapMessage sent = new PartitaMapMessage();
            sent.setInt("a", 1);
            PartitaMapMessage m = Received.roundTrip(sent);
            assertThrows(MessageNotWriteableException.class, () -> m.setInt("b", 2));
            m.clearBody();
            assertFalse(m.itemExists("a"));
            m.setInt("b", 2);
            assertEquals(2, m.getInt("b"));
        }
    }

    /** Section 3.11.3, the StreamMessage half, and the StreamMessage contract. */
    @Nested
    class StreamBody {
        @Test
        void everyTypeRoundTripsInOrder() throws JMSException {
            PartitaStreamMessage m = new PartitaStreamMessage();
            m.writeBoolean(false);
            m.writeByte((byte) 1);
            m.writeShort((short) 2);
            m.writeChar('c');
            m.writeInt(3);
            m.writeLong(4);
            m.writeFloat(5f);
            m.writeDouble(6d);
            m.writeString("s");
            m.writeBytes(new byte[] {1, 2, 3}, 1, 1);
            m.writeObject(null);
            PartitaStreamMessage r = Received.roundTrip(m);
            assertFalse(r.readBoolean());
            assertEquals(1, r.readByte());
            assertEquals(2, r.readShort());
            assertEquals('c', r.readChar());
            assertEquals(3, r.readInt());
            assertEquals(4, r.readLong());
            assertEquals(5f, r.readFloat());
            assertEquals(6d, r.readDouble());
            assertEquals("s", r.readString());
            assertArrayEquals(new byte[] {2}, (byte[]) r.readObject());
            assertNull(r.readObject());
            assertThrows(MessageEOFException.class, r::readObject);
        }

        @Test
        void writeOnlyThenReadOnly() throws JMSException {
            PartitaStreamMessage m = new PartitaStreamMessage();
            m.writeInt(1);
            assertThrows(MessageNotReadableException.class, m::readInt);
            m.reset();
            assertThrows(MessageNotWriteableException.class, () -> m.writeInt(2));
            assertEquals(1, m.readInt());
            m.clearBody();
            assertThrows(MessageNotReadableException.class, m::readInt);
            m.writeString("x");
            m.reset();
            assertEquals("x", m.readString());
        }

        @Test
        void aFailedReadDoesNotMoveThePosition() throws JMSException {
            PartitaStreamMessage m = new PartitaStreamMessage();
            m.writeString("abc");
            m.writeLong(5);
            m.reset();
            assertThrows(NumberFormatException.class, m::readInt);
            assertThrows(MessageFormatException.class, m::readChar);
            assertEquals("abc", m.readString());
            assertThrows(MessageFormatException.class, m::readInt);
            assertThrows(MessageFormatException.class, m::readBoolean);
            assertEquals("5", m.readString());
        }

        @Test
        void conversionsFollowTheTable() throws JMSException {
            PartitaStreamMessage m = new PartitaStreamMessage();
            m.writeByte((byte) 9);
            m.writeFloat(1.5f);
            m.writeChar('q');
            m.writeBoolean(true);
            m.reset();
            assertEquals(9L, m.readLong());
            assertEquals(1.5d, m.readDouble());
            assertEquals("q", m.readString());
            assertEquals("true", m.readString());
        }

        @Test
        void nullReadsAsValueOfNull() throws JMSException {
            PartitaStreamMessage m = new PartitaStreamMessage();
            m.writeString(null);
            m.reset();
            assertThrows(NullPointerException.class, m::readChar);
            assertThrows(NumberFormatException.class, m::readInt);
            assertThrows(NullPointerException.class, m::readDouble);
            assertFalse(m.readBoolean());
        }

        @Test
        void byteArraysReadInPieces() throws JMSException {
            PartitaStreamMessage m = new PartitaStreamMessage();
            m.writeBytes(new byte[] {1, 2, 3, 4, 5});
            m.writeBytes(new byte[] {6, 7});
            m.writeBytes(new byte[0]);
            m.writeBytes(null);
            m.writeInt(8);
            m.reset();
            byte[] buf = new byte[2];
            assertEquals(2, m.readBytes(buf));
            assertArrayEquals(new byte[] {1, 2}, buf);
            assertThrows(MessageFormatException.class, m::readInt, "a byte array is partly read");
            assertEquals(2, m.readBytes(buf));
            assertArrayEquals(new byte[] {3, 4}, buf);
            assertEquals(1, m.readBytes(buf));
            assertEquals(5, buf[0]);
            assertEquals(2, m.readBytes(buf), "the short read above ended the first value");
            assertArrayEquals(new byte[] {6, 7}, buf);
            assertEquals(-1, m.readBytes(buf), "a value that exactly filled the buffer ends with -1");
            assertEquals(0, m.readBytes(buf), "an empty value reads as 0 bytes");
            assertEquals(-1, m.readBytes(buf), "a null value reads as -1");
            assertEquals(8, m.readInt());
        }

        @Test
        void bytesAreNotConvertible() throws JMSException {
            PartitaStreamMessage m = new PartitaStreamMessage();
            m.writeBytes(new byte[] {1});
            m.reset();
            assertThrows(MessageFormatException.class, m::readString);
            assertThrows(MessageFormatException.class, m::readLong);
            assertArrayEquals(new byte[] {1}, (byte[]) m.readObject());
        }

        @Test
        void writeObjectRefusesOtherTypes() {
            PartitaStreamMessage m = new PartitaStreamMessage();
            assertThrows(MessageFormatException.class, () -> m.writeObject(new ArrayList<>()));
        }
    }

    @Nested
    class ObjectBody {
        record Point(int x, int y) implements Serializable {
        }

        @Test
        void objectIsSerializedWhenSetAndCopiedWhenRead() throws JMSException {
            ArrayList<String> list = new ArrayList<>(List.of("a"));
            PartitaObjectMessage m = new PartitaObjectMessage();
            m.setObject(list);
            list.add("b");
            assertEquals(List.of("a"), m.getObject());
            assertNotSame(m.getObject(), m.getObject());
            PartitaObjectMessage r = Received.roundTrip(m);
            assertEquals(List.of("a"), r.getObject());
        }

        @Test
        void recordsAndNullRoundTrip() throws JMSException {
            PartitaObjectMessage m = new PartitaObjectMessage();
            m.setObject(new Point(1, 2));
            assertEquals(new Point(1, 2), Received.roundTrip(m).getObject());
            m.setObject(null);
            assertNull(Received.roundTrip(m).getObject());
        }

        @Test
        void unserializableContentIsAFormatError() {
            ArrayList<Object> list = new ArrayList<>();
            list.add(new Object());
            MessageFormatException e = assertThrows(MessageFormatException.class,
                    () -> new PartitaObjectMessage().setObject(list));
            assertTrue(e.getMessage().contains("java.util.ArrayList"), e.getMessage());
        }

        @Test
        void receivedObjectIsReadOnly() throws JMSException {
            PartitaObjectMessage sent = new PartitaObjectMessage();
            sent.setObject("x");
            PartitaObjectMessage m = Received.roundTrip(sent);
            assertThrows(MessageNotWriteableException.class, () -> m.setObject("y"));
            m.clearBody();
            assertNull(m.getObject());
        }
    }

    /** Message.getBody and isBodyAssignableTo. */
    @Nested
    class GetBody {
        @Test
        void plainMessageHasNoBody() throws JMSException {
            PartitaMessage m = new PartitaMessage();
            assertNull(m.getBody(String.class));
            assertTrue(m.isBodyAssignableTo(Integer.class));
        }

        @Test
        void textBody() throws JMSException {
            PartitaTextMessage m = new PartitaTextMessage("t");
            assertEquals("t", m.getBody(String.class));
            assertEquals("t", m.getBody(Object.class));
            assertTrue(m.isBodyAssignableTo(CharSequence.class));
            assertFalse(m.isBodyAssignableTo(Integer.class));
            MessageFormatException e = assertThrows(MessageFormatException.class, () -> m.getBody(Integer.class));
            assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
            assertTrue(new PartitaTextMessage(null).isBodyAssignableTo(Integer.class));
            assertNull(new PartitaTextMessage(null).getBody(Integer.class));
        }

        @Test
        void bytesBodyIsACopyAndEmptyMeansNone() throws JMSException {
            PartitaBytesMessage m = new PartitaBytesMessage();
            assertNull(m.getBody(byte[].class));
            m.writeBytes(new byte[] {1, 2});
            byte[] body = m.getBody(byte[].class);
            assertArrayEquals(new byte[] {1, 2}, body);
            body[0] = 9;
            m.reset();
            assertArrayEquals(new byte[] {1, 2}, m.getBody(byte[].class));
            assertEquals(1, m.readByte(), "getBody does not move the read position");
            assertThrows(MessageFormatException.class, () -> m.getBody(String.class));
        }

        @Test
        void mapBodyIsAMap() throws JMSException {
            PartitaMapMessage m = new PartitaMapMessage();
            assertNull(m.getBody(Map.class));
            m.setInt("a", 1);
            @SuppressWarnings("unchecked")
            Map<String, Object> body = m.getBody(Map.class);
            assertEquals(Map.of("a", 1), body);
            assertTrue(m.isBodyAssignableTo(Map.class));
            assertFalse(m.isBodyAssignableTo(String.class));
        }

        @Test
        void objectBodyIsTheObject() throws JMSException {
            PartitaObjectMessage m = new PartitaObjectMessage();
            m.setObject(5L);
            assertEquals(5L, m.getBody(Long.class));
            assertEquals(5L, m.getBody(Serializable.class));
            assertTrue(m.isBodyAssignableTo(Number.class));
            assertFalse(m.isBodyAssignableTo(String.class));
            assertThrows(MessageFormatException.class, () -> m.getBody(String.class));
        }

        @Test
        void streamBodyIsNeverReturned() throws JMSException {
            PartitaStreamMessage m = new PartitaStreamMessage();
            assertThrows(MessageFormatException.class, () -> m.getBody(Object.class));
            assertFalse(m.isBodyAssignableTo(Object.class));
        }
    }
}
