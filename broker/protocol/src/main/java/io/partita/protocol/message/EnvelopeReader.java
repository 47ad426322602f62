package io.partita.protocol.message;

import io.partita.protocol.selector.HeaderField;
import io.partita.protocol.selector.PropertyName;
import io.partita.protocol.selector.SelectorContext;
import io.partita.protocol.selector.SelectorValue;
import io.partita.protocol.util.Utf8Bytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BiConsumer;

/**
 * A flyweight over envelope bytes in the layout described by {@link MessageEnvelope}. It reads
 * fields where they lie; nothing is decoded until asked for, and strings are created only by the
 * accessors that return them.
 *
 * <p>{@link #wrap(ByteBuffer, int, int)} checks the fixed part and locates the variable header
 * fields (a handful of varint reads); properties are read only when looked up, each by a linear
 * scan that compares names as UTF-8 in place. {@link #validate()} checks the whole envelope.
 * Every read is bounds-checked against the wrapped slice: anything truncated or inconsistent
 * fails with {@link MalformedEnvelopeException}, never with an index exception.
 *
 * <p>The reader implements {@link SelectorContext}, so a selector evaluates directly over the
 * envelope without allocating.
 *
 * <p>The buffer is read with absolute gets only; its position and limit are not changed. A
 * buffer that is not big-endian is viewed through a big-endian duplicate (one allocation per
 * wrap). Not thread-safe: use one reader per thread and re-wrap it per message.
 */
public final class EnvelopeReader implements SelectorContext {

    private static final int NULL_STRING = -1;

    private ByteBuffer buf;
    private int base;
    private int limit;

    private int messageIdOffset;
    private int messageIdLength;
    private int correlationKind;
    private int correlationOffset;
    private int correlationLength;
    private int replyToKind;
    private int replyToOffset;
    private int replyToLength;
    private int destinationKind;
    private int destinationOffset;
    private int destinationLength;
    private int typeOffset;
    private int typeLength;
    private int propertyCount;
    private int propertiesOffset;

    /** Position after the last varint read; set by {@link #readVarint}. */
    private int next;

    /** Wraps {@code buf} from its position to its limit. */
    public EnvelopeReader wrap(ByteBuffer buf) {
        return wrap(buf, buf.position(), buf.remaining());
    }

    /**
     * Wraps {@code length} bytes of {@code buf} starting at absolute index {@code offset}.
     *
     * @throws MalformedEnvelopeException if the slice does not lie within the buffer, or the fixed
     *     part or variable header fields are malformed
     */
    public EnvelopeReader wrap(ByteBuffer buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.limit() - length) {
            throw new MalformedEnvelopeException("slice of " + length + " bytes at buffer index " + offset
                    + " lies outside the buffer limit " + buf.limit(), 0);
        }
        this.buf = buf.order() == ByteOrder.BIG_ENDIAN ? buf : buf.duplicate().order(ByteOrder.BIG_ENDIAN);
        this.base = offset;
        this.limit = offset + length;
        if (length < MessageEnvelope.FIXED_SIZE) {
            if (length == 0) {
                throw new MalformedEnvelopeException("empty envelope", 0);
            }
            checkVersion();
            throw new MalformedEnvelopeException("truncated fixed part: " + length + " bytes, need "
                    + MessageEnvelope.FIXED_SIZE, length);
        }
        checkVersion();
        int typeCode = byteAt(MessageEnvelope.MESSAGE_TYPE_OFFSET);
        if (MessageType.fromCode(typeCode) == null) {
            throw new MalformedEnvelopeException("unknown message type code " + typeCode,
                    MessageEnvelope.MESSAGE_TYPE_OFFSET);
        }
        int mode = byteAt(MessageEnvelope.DELIVERY_MODE_OFFSET);
        if (DeliveryMode.fromCode(mode) == null) {
            throw new MalformedEnvelopeException("unknown delivery mode code " + mode,
                    MessageEnvelope.DELIVERY_MODE_OFFSET);
        }
        int prio = byteAt(MessageEnvelope.PRIORITY_OFFSET);
        if (prio > MessageEnvelope.MAX_PRIORITY) {
            throw new MalformedEnvelopeException("priority " + prio + " is not 0 to 9",
                    MessageEnvelope.PRIORITY_OFFSET);
        }

        int p = base + MessageEnvelope.FIXED_SIZE;
        p = readNstring(p, "message id");
        messageIdOffset = next;
        messageIdLength = stringLength;

        correlationKind = readKindByte(p, "correlation id kind");
        p++;
        if (correlationKind == MessageEnvelope.CORRELATION_NONE) {
            correlationOffset = 0;
            correlationLength = NULL_STRING;
        } else if (correlationKind == MessageEnvelope.CORRELATION_STRING
                || correlationKind == MessageEnvelope.CORRELATION_BYTES) {
            p = readBytes(p, "correlation id");
            correlationOffset = next;
            correlationLength = stringLength;
        } else {
            throw malformed("unknown correlation id kind " + correlationKind, p - 1);
        }

        replyToKind = readKindByte(p, "reply-to kind");
        p = readDestination(p, "reply-to", "reply-to name");
        replyToOffset = next;
        replyToLength = stringLength;

        destinationKind = readKindByte(p, "destination kind");
        p = readDestination(p, "destination", "destination name");
        destinationOffset = next;
        destinationLength = stringLength;

        p = readNstring(p, "JMSType");
        typeOffset = next;
        typeLength = stringLength;

        propertyCount = readVarint(p, "property count");
        propertiesOffset = next;
        if (propertyCount > limit - propertiesOffset) {
            // each property takes at least 3 bytes; this catches absurd counts early
            throw malformed("property count " + propertyCount + " exceeds the bytes left ("
                    + (limit - propertiesOffset) + ")", p - base);
        }
        return this;
    }

    /** Length of the wrapped envelope in bytes. */
    public int length() {
        return limit - base;
    }

    /** The format version (always {@link MessageEnvelope#VERSION} once wrapped). */
    public int version() {
        return byteAt(MessageEnvelope.VERSION_OFFSET);
    }

    public MessageType messageType() {
        return MessageType.fromCode(byteAt(MessageEnvelope.MESSAGE_TYPE_OFFSET));
    }

    public DeliveryMode deliveryMode() {
        return DeliveryMode.fromCode(byteAt(MessageEnvelope.DELIVERY_MODE_OFFSET));
    }

    /** Whether the delivery mode is PERSISTENT. */
    public boolean persistent() {
        return byteAt(MessageEnvelope.DELIVERY_MODE_OFFSET) == DeliveryMode.PERSISTENT.code();
    }

    public int priority() {
        return byteAt(MessageEnvelope.PRIORITY_OFFSET);
    }

    public long timestamp() {
        return buf.getLong(base + MessageEnvelope.TIMESTAMP_OFFSET);
    }

    /** Expiration time in ms since the epoch; 0 means never. */
    public long expiration() {
        return buf.getLong(base + MessageEnvelope.EXPIRATION_OFFSET);
    }

    public long deliveryTime() {
        return buf.getLong(base + MessageEnvelope.DELIVERY_TIME_OFFSET);
    }

    /** JMSMessageID, or null. Allocates the string. */
    public String messageId() {
        return string(messageIdOffset, messageIdLength);
    }

    /** Whether a correlation id (string or bytes) is present. */
    public boolean hasCorrelationId() {
        return correlationKind != MessageEnvelope.CORRELATION_NONE;
    }

    /** Whether the correlation id was set as bytes. */
    public boolean correlationIdIsBytes() {
        return correlationKind == MessageEnvelope.CORRELATION_BYTES;
    }

    /** JMSCorrelationID when set as a string, else null. Allocates the string. */
    public String correlationId() {
        return correlationKind == MessageEnvelope.CORRELATION_STRING
                ? string(correlationOffset, correlationLength) : null;
    }

    /** JMSCorrelationID when set as bytes, else null. Allocates a copy. */
    public byte[] correlationIdBytes() {
        if (correlationKind != MessageEnvelope.CORRELATION_BYTES) {
            return null;
        }
        byte[] out = new byte[correlationLength];
        buf.get(correlationOffset, out, 0, correlationLength);
        return out;
    }

    /** Kind of JMSReplyTo, or null when there is none. */
    public DestinationKind replyToKind() {
        return DestinationKind.fromCode(replyToKind);
    }

    /** Name of JMSReplyTo, or null when there is none. */
    public String replyToName() {
        return string(replyToOffset, replyToLength);
    }

    /** Kind of JMSDestination, or null when there is none. */
    public DestinationKind destinationKind() {
        return DestinationKind.fromCode(destinationKind);
    }

    /** Name of JMSDestination, or null when there is none. */
    public String destinationName() {
        return string(destinationOffset, destinationLength);
    }

    /** JMSType, or null. Allocates the string. */
    public String type() {
        return string(typeOffset, typeLength);
    }

    public int propertyCount() {
        return propertyCount;
    }

    /**
     * Finds a property by name, comparing UTF-8 in place.
     *
     * @return a cursor for the value accessors below, or -1 if there is no such property
     */
    public int findProperty(String name) {
        int p = propertiesOffset;
        for (int i = 0; i < propertyCount; i++) {
            int nameLength = readVarint(p, "property name length");
            int nameOffset = checkNameLength(p, nameLength);
            int tagPos = nameOffset + nameLength;
            int end = skipValue(tagPos);
            if (Utf8Bytes.equals(buf, nameOffset, nameLength, name)) {
                return tagPos;
            }
            p = end;
        }
        return -1;
    }

    /** As {@link #findProperty(String)}, with the name encoded once by the caller. */
    public int findProperty(PropertyName name) {
        int wanted = name.utf8Length();
        int p = propertiesOffset;
        for (int i = 0; i < propertyCount; i++) {
            int nameLength = readVarint(p, "property name length");
            int nameOffset = checkNameLength(p, nameLength);
            int tagPos = nameOffset + nameLength;
            int end = skipValue(tagPos);
            if (nameLength == wanted && name.matchesUtf8(buf, nameOffset, nameLength)) {
                return tagPos;
            }
            p = end;
        }
        return -1;
    }

    /** Whether a property of this name exists (possibly with a null value). */
    public boolean hasProperty(String name) {
        return findProperty(name) >= 0;
    }

    /** Type of the property at {@code cursor}. */
    public PropertyType propertyType(int cursor) {
        return PropertyType.fromTag(buf.get(cursor));
    }

    /** The boolean property at {@code cursor}. */
    public boolean booleanValue(int cursor) {
        expect(cursor, PropertyType.BOOLEAN);
        return buf.get(cursor + 1) != 0;
    }

    /** The {@code byte}, {@code short}, {@code int} or {@code long} property at {@code cursor}, widened. */
    public long longValue(int cursor) {
        switch (PropertyType.fromTag(buf.get(cursor))) {
            case BYTE: return buf.get(cursor + 1);
            case SHORT: return buf.getShort(cursor + 1);
            case INT: return buf.getInt(cursor + 1);
            case LONG: return buf.getLong(cursor + 1);
            default: throw new IllegalStateException("property is " + propertyType(cursor) + ", not integral");
        }
    }

    /** The {@code float} or {@code double} property at {@code cursor}, widened. */
    public double doubleValue(int cursor) {
        switch (PropertyType.fromTag(buf.get(cursor))) {
            case FLOAT: return buf.getFloat(cursor + 1);
            case DOUBLE: return buf.getDouble(cursor + 1);
            default: throw new IllegalStateException("property is " + propertyType(cursor) + ", not floating point");
        }
    }

    /** The string property at {@code cursor}. Allocates the string. */
    public String stringValue(int cursor) {
        expect(cursor, PropertyType.STRING);
        int len = readVarint(cursor + 1, "string length");
        return Utf8Bytes.decode(buf, next, len);
    }

    /** The property at {@code cursor} boxed in its own type ({@code Integer} for INT, ...), or null. */
    public Object objectValue(int cursor) {
        switch (PropertyType.fromTag(buf.get(cursor))) {
            case NULL: return null;
            case BOOLEAN: return buf.get(cursor + 1) != 0;
            case BYTE: return buf.get(cursor + 1);
            case SHORT: return buf.getShort(cursor + 1);
            case INT: return buf.getInt(cursor + 1);
            case LONG: return buf.getLong(cursor + 1);
            case FLOAT: return buf.getFloat(cursor + 1);
            case DOUBLE: return buf.getDouble(cursor + 1);
            default: return stringValue(cursor);
        }
    }

    /** The property of this name boxed in its own type, or null if absent or null. */
    public Object property(String name) {
        int cursor = findProperty(name);
        return cursor < 0 ? null : objectValue(cursor);
    }

    /** Decodes every property in envelope order and hands it to {@code action}. Allocates. */
    public void forEachProperty(BiConsumer<String, Object> action) {
        int p = propertiesOffset;
        for (int i = 0; i < propertyCount; i++) {
            int nameLength = readVarint(p, "property name length");
            int nameOffset = checkNameLength(p, nameLength);
            int tagPos = nameOffset + nameLength;
            p = skipValue(tagPos);
            action.accept(Utf8Bytes.decode(buf, nameOffset, nameLength), objectValue(tagPos));
        }
    }

    /**
     * Checks the whole envelope: every property is well formed and nothing follows the last one.
     *
     * @throws MalformedEnvelopeException naming the first problem
     */
    public EnvelopeReader validate() {
        int p = propertiesOffset;
        for (int i = 0; i < propertyCount; i++) {
            int nameLength = readVarint(p, "property name length");
            int nameOffset = checkNameLength(p, nameLength);
            p = skipValue(nameOffset + nameLength);
        }
        if (p != limit) {
            throw malformed((limit - p) + " unexpected bytes after the last property", p - base);
        }
        return this;
    }

    @Override
    public void loadHeader(HeaderField field, SelectorValue out) {
        switch (field) {
            case DELIVERY_MODE:
                out.setString(persistent() ? HeaderField.PERSISTENT : HeaderField.NON_PERSISTENT);
                break;
            case PRIORITY:
                out.setLong(priority());
                break;
            case TIMESTAMP:
                out.setLong(timestamp());
                break;
            case MESSAGE_ID:
                loadString(messageIdOffset, messageIdLength, out);
                break;
            case CORRELATION_ID:
                if (correlationKind == MessageEnvelope.CORRELATION_STRING) {
                    out.setUtf8(buf, correlationOffset, correlationLength);
                } else {
                    out.setNull();
                }
                break;
            case TYPE:
                loadString(typeOffset, typeLength, out);
                break;
            default:
                out.setNull();
        }
    }

    @Override
    public void loadProperty(PropertyName name, SelectorValue out) {
        int cursor = findProperty(name);
        if (cursor < 0) {
            out.setNull();
            return;
        }
        switch (PropertyType.fromTag(buf.get(cursor))) {
            case BOOLEAN: out.setBoolean(buf.get(cursor + 1) != 0); break;
            case BYTE: out.setLong(buf.get(cursor + 1)); break;
            case SHORT: out.setLong(buf.getShort(cursor + 1)); break;
            case INT: out.setLong(buf.getInt(cursor + 1)); break;
            case LONG: out.setLong(buf.getLong(cursor + 1)); break;
            case FLOAT: out.setDouble(buf.getFloat(cursor + 1)); break;
            case DOUBLE: out.setDouble(buf.getDouble(cursor + 1)); break;
            case STRING: {
                int len = readVarint(cursor + 1, "string length");
                out.setUtf8(buf, next, len);
                break;
            }
            default: out.setNull();
        }
    }

    // ---- bounds-checked primitives; positions are absolute buffer indexes ----

    private int stringLength;

    private void checkVersion() {
        int version = byteAt(MessageEnvelope.VERSION_OFFSET);
        if (version != MessageEnvelope.VERSION) {
            throw new MalformedEnvelopeException("unknown format version " + version + " (this reader knows "
                    + MessageEnvelope.VERSION + ")", MessageEnvelope.VERSION_OFFSET);
        }
    }

    private int byteAt(int relative) {
        return buf.get(base + relative) & 0xFF;
    }

    private int readKindByte(int p, String what) {
        if (p >= limit) {
            throw malformed("truncated before " + what, p - base);
        }
        return buf.get(p) & 0xFF;
    }

    /** Reads a varint at {@code p}; sets {@link #next} to the position after it. */
    private int readVarint(int p, String what) {
        return readVarint(p, what, "");
    }

    /**
     * As {@link #readVarint(int, String)}; {@code what + suffix} names the field in an error
     * (joined only then, so the success path allocates nothing).
     */
    private int readVarint(int p, String what, String suffix) {
        if (p < limit) {
            int first = buf.get(p);
            if (first >= 0) { // one-byte varint: the usual case for lengths and counts
                next = p + 1;
                return first;
            }
        }
        int value = 0;
        for (int i = 0; i < 5; i++) {
            if (p + i >= limit) {
                throw malformed("truncated " + what + suffix, p + i - base);
            }
            int b = buf.get(p + i);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i == 4 && (b & 0xF8) != 0) {
                    throw malformed(what + suffix + " varint exceeds 2^31 - 1", p - base);
                }
                next = p + i + 1;
                return value;
            }
        }
        throw malformed(what + suffix + " varint longer than 5 bytes", p - base);
    }

    /** Reads an nstring header; sets {@link #next} to its bytes and {@link #stringLength} (-1 for null). */
    private int readNstring(int p, String what) {
        int n = readVarint(p, what, " length");
        int start = next;
        if (n == 0) {
            stringLength = NULL_STRING;
            next = start;
            return start;
        }
        int len = n - 1;
        if (len > limit - start) {
            throw malformed(what + " length " + len + " exceeds the " + (limit - start) + " bytes left", p - base);
        }
        stringLength = len;
        next = start;
        return start + len;
    }

    /** Reads a varint-length byte string; sets {@link #next} and {@link #stringLength}. */
    private int readBytes(int p, String what) {
        int len = readVarint(p, what, " length");
        int start = next;
        if (len > limit - start) {
            throw malformed(what + " length " + len + " exceeds the " + (limit - start) + " bytes left", p - base);
        }
        stringLength = len;
        next = start;
        return start + len;
    }

    private int readDestination(int kindPos, String what, String nameWhat) {
        int kind = buf.get(kindPos) & 0xFF;
        int p = kindPos + 1;
        if (kind == DestinationKind.NONE) {
            stringLength = NULL_STRING;
            next = p;
            return p;
        }
        if (DestinationKind.fromCode(kind) == null) {
            throw malformed("unknown " + what + " kind " + kind, kindPos - base);
        }
        return readBytes(p, nameWhat);
    }

    private int checkNameLength(int p, int nameLength) {
        int nameOffset = next;
        if (nameLength == 0) {
            throw malformed("empty property name", p - base);
        }
        if (nameLength > limit - nameOffset) {
            throw malformed("property name length " + nameLength + " exceeds the " + (limit - nameOffset)
                    + " bytes left", p - base);
        }
        return nameOffset;
    }

    /** Value size by type tag (see {@link PropertyType}); -1 for a length-prefixed string. */
    private static final int[] VALUE_SIZE_BY_TAG = new int[PropertyType.values().length];

    static {
        for (PropertyType t : PropertyType.values()) {
            VALUE_SIZE_BY_TAG[t.tag()] = t.fixedSize();
        }
    }

    /** Checks the value whose type tag is at {@code tagPos}; returns the position after it. */
    private int skipValue(int tagPos) {
        if (tagPos >= limit) {
            throw malformed("truncated before property type tag", tagPos - base);
        }
        int tag = buf.get(tagPos) & 0xFF;
        if (tag >= VALUE_SIZE_BY_TAG.length) {
            throw malformed("unknown property type tag " + tag, tagPos - base);
        }
        int p = tagPos + 1;
        int size = VALUE_SIZE_BY_TAG[tag];
        if (size < 0) {
            int len = readVarint(p, "string property length");
            int start = next;
            if (len > limit - start) {
                throw malformed("string property length " + len + " exceeds the " + (limit - start)
                        + " bytes left", p - base);
            }
            return start + len;
        }
        if (size > limit - p) {
            throw malformed("truncated " + PropertyType.fromTag(tag) + " property value: need " + size
                    + " bytes, " + (limit - p) + " left", p - base);
        }
        if (tag == PropertyType.BOOLEAN.tag()) {
            int b = buf.get(p);
            if (b != 0 && b != 1) {
                throw malformed("boolean property value " + b + " is not 0 or 1", p - base);
            }
        }
        return p + size;
    }

    private void expect(int cursor, PropertyType type) {
        if (buf.get(cursor) != type.tag()) {
            throw new IllegalStateException("property is " + propertyType(cursor) + ", not " + type);
        }
    }

    private void loadString(int offset, int length, SelectorValue out) {
        if (length == NULL_STRING) {
            out.setNull();
        } else {
            out.setUtf8(buf, offset, length);
        }
    }

    private String string(int offset, int length) {
        return length == NULL_STRING ? null : Utf8Bytes.decode(buf, offset, length);
    }

    private MalformedEnvelopeException malformed(String what, int relativeOffset) {
        return new MalformedEnvelopeException(what, relativeOffset);
    }
}
