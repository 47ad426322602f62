package io.partita.protocol.message;

import io.partita.protocol.util.Utf8Bytes;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Builds envelope bytes in the layout described by {@link MessageEnvelope}. Set the header
 * fields in any order, add properties, then write with {@link #writeTo(byte[], int)},
 * {@link #writeTo(ByteBuffer)} or {@link #toByteArray()}; {@link #reset()} makes the writer
 * ready for the next message.
 *
 * <p>The writer keeps its working buffer between messages, so encoding a stream of messages
 * allocates only when a message is larger than any before it. Property names must be unique;
 * the writer does not check. Not thread-safe: use one writer per thread.
 */
public final class EnvelopeWriter {

    private static final int DEFAULT_PRIORITY = 4;

    private MessageType messageType;
    private DeliveryMode deliveryMode;
    private int priority;
    private long timestamp;
    private long expiration;
    private long deliveryTime;
    private String messageId;
    private String correlationId;
    private byte[] correlationIdBytes;
    private DestinationKind replyToKind;
    private String replyToName;
    private DestinationKind destinationKind;
    private String destinationName;
    private String type;

    private byte[] properties = new byte[256];
    private int propertiesLength;
    private int propertyCount;
    private byte[] scratch = new byte[0];

    public EnvelopeWriter() {
        reset();
    }

    /**
     * Clears every field and property: type MESSAGE, PERSISTENT, priority 4, times 0, no ids,
     * no destinations, no properties.
     */
    public EnvelopeWriter reset() {
        messageType = MessageType.MESSAGE;
        deliveryMode = DeliveryMode.PERSISTENT;
        priority = DEFAULT_PRIORITY;
        timestamp = 0;
        expiration = 0;
        deliveryTime = 0;
        messageId = null;
        correlationId = null;
        correlationIdBytes = null;
        replyToKind = null;
        replyToName = null;
        destinationKind = null;
        destinationName = null;
        type = null;
        propertiesLength = 0;
        propertyCount = 0;
        return this;
    }

    public EnvelopeWriter messageType(MessageType value) {
        messageType = requireNonNull(value, "message type");
        return this;
    }

    public EnvelopeWriter deliveryMode(DeliveryMode value) {
        deliveryMode = requireNonNull(value, "delivery mode");
        return this;
    }

    /** @throws IllegalArgumentException if {@code value} is not 0 to 9 */
    public EnvelopeWriter priority(int value) {
        if (value < 0 || value > MessageEnvelope.MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be 0 to 9, was " + value);
        }
        priority = value;
        return this;
    }

    public EnvelopeWriter timestamp(long epochMs) {
        timestamp = epochMs;
        return this;
    }

    /** Expiration time in ms since the epoch; 0 means never. */
    public EnvelopeWriter expiration(long epochMs) {
        expiration = epochMs;
        return this;
    }

    public EnvelopeWriter deliveryTime(long epochMs) {
        deliveryTime = epochMs;
        return this;
    }

    /** JMSMessageID, or null when message ids are disabled. */
    public EnvelopeWriter messageId(String value) {
        messageId = value;
        return this;
    }

    /** JMSCorrelationID as a string (replaces a byte correlation id); null clears it. */
    public EnvelopeWriter correlationId(String value) {
        correlationId = value;
        correlationIdBytes = null;
        return this;
    }

    /** JMSCorrelationID as bytes (replaces a string correlation id); null clears it. */
    public EnvelopeWriter correlationIdBytes(byte[] value) {
        correlationIdBytes = value == null ? null : value.clone();
        correlationId = null;
        return this;
    }

    /** JMSReplyTo; a null kind clears it. */
    public EnvelopeWriter replyTo(DestinationKind kind, String name) {
        replyToKind = kind;
        replyToName = kind == null ? null : requireNonNull(name, "reply-to name");
        return this;
    }

    /** JMSDestination; a null kind clears it. */
    public EnvelopeWriter destination(DestinationKind kind, String name) {
        destinationKind = kind;
        destinationName = kind == null ? null : requireNonNull(name, "destination name");
        return this;
    }

    /** JMSType, or null. */
    public EnvelopeWriter type(String value) {
        type = value;
        return this;
    }

    public EnvelopeWriter booleanProperty(String name, boolean value) {
        int p = startProperty(name, PropertyType.BOOLEAN, 1);
        properties[p] = (byte) (value ? 1 : 0);
        return this;
    }

    public EnvelopeWriter byteProperty(String name, byte value) {
        int p = startProperty(name, PropertyType.BYTE, 1);
        properties[p] = value;
        return this;
    }

    public EnvelopeWriter shortProperty(String name, short value) {
        int p = startProperty(name, PropertyType.SHORT, 2);
        putLong(properties, p, value, 2);
        return this;
    }

    public EnvelopeWriter intProperty(String name, int value) {
        int p = startProperty(name, PropertyType.INT, 4);
        putLong(properties, p, value, 4);
        return this;
    }

    public EnvelopeWriter longProperty(String name, long value) {
        int p = startProperty(name, PropertyType.LONG, 8);
        putLong(properties, p, value, 8);
        return this;
    }

    public EnvelopeWriter floatProperty(String name, float value) {
        int p = startProperty(name, PropertyType.FLOAT, 4);
        putLong(properties, p, Float.floatToRawIntBits(value), 4);
        return this;
    }

    public EnvelopeWriter doubleProperty(String name, double value) {
        int p = startProperty(name, PropertyType.DOUBLE, 8);
        putLong(properties, p, Double.doubleToRawLongBits(value), 8);
        return this;
    }

    /** A string property; a null value is stored as a property of type {@link PropertyType#NULL}. */
    public EnvelopeWriter stringProperty(String name, String value) {
        if (value == null) {
            startProperty(name, PropertyType.NULL, 0);
            return this;
        }
        int len = Utf8Bytes.encodedLength(value);
        int p = startProperty(name, PropertyType.STRING, varintSize(len) + len);
        p = putVarint(properties, p, len);
        Utf8Bytes.encode(value, properties, p);
        return this;
    }

    /**
     * A property from a boxed value: {@code Boolean}, {@code Byte}, {@code Short},
     * {@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code String} or null.
     *
     * @throws IllegalArgumentException for any other type
     */
    public EnvelopeWriter objectProperty(String name, Object value) {
        if (value == null) {
            startProperty(name, PropertyType.NULL, 0);
        } else if (value instanceof String) {
            stringProperty(name, (String) value);
        } else if (value instanceof Integer) {
            intProperty(name, (Integer) value);
        } else if (value instanceof Long) {
            longProperty(name, (Long) value);
        } else if (value instanceof Boolean) {
            booleanProperty(name, (Boolean) value);
        } else if (value instanceof Double) {
            doubleProperty(name, (Double) value);
        } else if (value instanceof Float) {
            floatProperty(name, (Float) value);
        } else if (value instanceof Short) {
            shortProperty(name, (Short) value);
        } else if (value instanceof Byte) {
            byteProperty(name, (Byte) value);
        } else {
            throw new IllegalArgumentException("property " + name + " has unsupported type "
                    + value.getClass().getName());
        }
        return this;
    }

    /** Number of properties added since the last reset. */
    public int propertyCount() {
        return propertyCount;
    }

    /** Exact number of bytes the envelope takes. */
    public int encodedLength() {
        int n = MessageEnvelope.FIXED_SIZE;
        n += nstringSize(messageId);
        n += 1;
        if (correlationId != null) {
            int len = Utf8Bytes.encodedLength(correlationId);
            n += varintSize(len) + len;
        } else if (correlationIdBytes != null) {
            n += varintSize(correlationIdBytes.length) + correlationIdBytes.length;
        }
        n += 1 + (replyToKind == null ? 0 : stringSize(replyToName));
        n += 1 + (destinationKind == null ? 0 : stringSize(destinationName));
        n += nstringSize(type);
        n += varintSize(propertyCount) + propertiesLength;
        return n;
    }

    /**
     * Writes the envelope into {@code dst} from {@code offset}.
     *
     * @return the number of bytes written, {@link #encodedLength()}
     * @throws IndexOutOfBoundsException if it does not fit
     */
    public int writeTo(byte[] dst, int offset) {
        int length = encodedLength();
        if (offset < 0 || length > dst.length - offset) {
            throw new IndexOutOfBoundsException("envelope of " + length + " bytes does not fit at offset "
                    + offset + " of " + dst.length);
        }
        int p = offset;
        dst[p + MessageEnvelope.VERSION_OFFSET] = (byte) MessageEnvelope.VERSION;
        dst[p + MessageEnvelope.MESSAGE_TYPE_OFFSET] = (byte) messageType.code();
        dst[p + MessageEnvelope.DELIVERY_MODE_OFFSET] = (byte) deliveryMode.code();
        dst[p + MessageEnvelope.PRIORITY_OFFSET] = (byte) priority;
        putLong(dst, p + MessageEnvelope.TIMESTAMP_OFFSET, timestamp, 8);
        putLong(dst, p + MessageEnvelope.EXPIRATION_OFFSET, expiration, 8);
        putLong(dst, p + MessageEnvelope.DELIVERY_TIME_OFFSET, deliveryTime, 8);
        p += MessageEnvelope.FIXED_SIZE;
        p = putNstring(dst, p, messageId);
        if (correlationId != null) {
            dst[p++] = MessageEnvelope.CORRELATION_STRING;
            p = putString(dst, p, correlationId);
        } else if (correlationIdBytes != null) {
            dst[p++] = MessageEnvelope.CORRELATION_BYTES;
            p = putVarint(dst, p, correlationIdBytes.length);
            System.arraycopy(correlationIdBytes, 0, dst, p, correlationIdBytes.length);
            p += correlationIdBytes.length;
        } else {
            dst[p++] = MessageEnvelope.CORRELATION_NONE;
        }
        p = putDestination(dst, p, replyToKind, replyToName);
        p = putDestination(dst, p, destinationKind, destinationName);
        p = putNstring(dst, p, type);
        p = putVarint(dst, p, propertyCount);
        System.arraycopy(properties, 0, dst, p, propertiesLength);
        p += propertiesLength;
        assert p - offset == length;
        return length;
    }

    /**
     * Writes the envelope at {@code dst}'s position and advances it.
     *
     * @return the number of bytes written
     * @throws java.nio.BufferOverflowException if it does not fit
     */
    public int writeTo(ByteBuffer dst) {
        int length = encodedLength();
        if (length > dst.remaining()) {
            throw new java.nio.BufferOverflowException();
        }
        if (dst.hasArray()) {
            writeTo(dst.array(), dst.arrayOffset() + dst.position());
        } else {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            writeTo(scratch, 0);
            dst.put(dst.position(), scratch, 0, length);
        }
        dst.position(dst.position() + length);
        return length;
    }

    /** The envelope in a new array. */
    public byte[] toByteArray() {
        byte[] out = new byte[encodedLength()];
        writeTo(out, 0);
        return out;
    }

    private int startProperty(String name, PropertyType propertyType, int valueSize) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("property name must not be null or empty");
        }
        int nameLen = Utf8Bytes.encodedLength(name);
        int need = varintSize(nameLen) + nameLen + 1 + valueSize;
        ensureProperties(need);
        int p = putVarint(properties, propertiesLength, nameLen);
        p = Utf8Bytes.encode(name, properties, p);
        properties[p++] = (byte) propertyType.tag();
        propertiesLength = p + valueSize;
        propertyCount++;
        return p;
    }

    private void ensureProperties(int more) {
        long need = (long) propertiesLength + more;
        if (need > Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("envelope properties exceed 2 GiB");
        }
        if (need > properties.length) {
            properties = Arrays.copyOf(properties, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 64L,
                    properties.length * 2L)));
        }
    }

    private static int putDestination(byte[] dst, int p, DestinationKind kind, String name) {
        if (kind == null) {
            dst[p++] = DestinationKind.NONE;
            return p;
        }
        dst[p++] = (byte) kind.code();
        return putString(dst, p, name);
    }

    private static int putNstring(byte[] dst, int p, String s) {
        if (s == null) {
            dst[p++] = 0;
            return p;
        }
        int len = Utf8Bytes.encodedLength(s);
        p = putVarint(dst, p, len + 1);
        return Utf8Bytes.encode(s, dst, p);
    }

    private static int putString(byte[] dst, int p, String s) {
        p = putVarint(dst, p, Utf8Bytes.encodedLength(s));
        return Utf8Bytes.encode(s, dst, p);
    }

    private static int nstringSize(String s) {
        if (s == null) {
            return 1;
        }
        int len = Utf8Bytes.encodedLength(s);
        return varintSize(len + 1) + len;
    }

    private static int stringSize(String s) {
        int len = Utf8Bytes.encodedLength(s);
        return varintSize(len) + len;
    }

    static int varintSize(int value) {
        int n = 1;
        while ((value & ~0x7F) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    private static int putVarint(byte[] dst, int p, int value) {
        while ((value & ~0x7F) != 0) {
            dst[p++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        dst[p++] = (byte) value;
        return p;
    }

    private static void putLong(byte[] dst, int p, long value, int size) {
        for (int i = size - 1; i >= 0; i--) {
            dst[p + i] = (byte) value;
            value >>= 8;
        }
    }

    private static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return value;
    }
}
