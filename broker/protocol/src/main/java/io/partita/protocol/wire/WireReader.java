package io.partita.protocol.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Bounds-checked, big-endian reads from a {@link ByteBuffer}.
 *
 * <p>Every read names the field it is reading. If the input does not hold a valid value for
 * that field, the read throws {@link MalformedFrameException} naming the field and its offset;
 * no other exception escapes for bad input (no buffer underflow, negative array size or
 * out-of-memory error). Lengths and element counts are checked against the bytes that remain
 * <em>before</em> anything is allocated, so a 20-byte frame claiming two billion elements fails
 * at once.
 *
 * <p>The reader works on its own view of the buffer: the caller's buffer position is never
 * moved. Byte regions ({@link #readBytes}, {@link #readSlice}) are returned as slices that share
 * memory with the input, without copying; they stay valid only as long as the input buffer's
 * memory does. Offsets in error messages count from the buffer's position at construction.
 *
 * <p>Not thread-safe: one reader per frame, used by one thread.
 */
public final class WireReader {

    /** The largest length an int16-prefixed string may declare. */
    public static final int MAX_STRING_BYTES = Short.MAX_VALUE;

    /** Longest unsigned varint encoding of a 32-bit value. */
    private static final int MAX_VARINT_BYTES = 5;

    /** Longest unsigned varint encoding of a 64-bit value. */
    private static final int MAX_VARLONG_BYTES = 10;

    /** Reads one element of an array. */
    @FunctionalInterface
    public interface ElementReader<T> {
        /**
         * Reads one element.
         *
         * @param reader the reader positioned at the element
         * @return the element
         */
        T read(WireReader reader);
    }

    private final ByteBuffer buf;
    private final int start;
    private CharsetDecoder utf8Decoder;

    /**
     * Creates a reader over the bytes between {@code buffer}'s position and limit.
     *
     * @param buffer the input; its position and limit are not changed
     */
    public WireReader(ByteBuffer buffer) {
        this.buf = buffer.duplicate(); // a duplicate is always big-endian
        this.start = buf.position();
    }

    /** @return the number of bytes read so far, which is also the offset of the next field */
    public int offset() {
        return buf.position() - start;
    }

    /** @return the number of bytes not yet read */
    public int remaining() {
        return buf.remaining();
    }

    /** @return whether any bytes remain */
    public boolean hasRemaining() {
        return buf.hasRemaining();
    }

    private void require(String field, int bytes) {
        if (buf.remaining() < bytes) {
            throw malformed(field, "needs " + bytes + " bytes but " + buf.remaining() + " remain");
        }
    }

    private MalformedFrameException malformed(String field, String problem) {
        return new MalformedFrameException(field, offset(), problem);
    }

    /**
     * Reads a signed 8-bit integer.
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public byte readInt8(String field) {
        require(field, Byte.BYTES);
        return buf.get();
    }

    /**
     * Reads a signed big-endian 16-bit integer.
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public short readInt16(String field) {
        require(field, Short.BYTES);
        return buf.getShort();
    }

    /**
     * Reads a signed big-endian 32-bit integer.
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public int readInt32(String field) {
        require(field, Integer.BYTES);
        return buf.getInt();
    }

    /**
     * Reads a signed big-endian 64-bit integer.
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public long readInt64(String field) {
        require(field, Long.BYTES);
        return buf.getLong();
    }

    /**
     * Reads a boolean encoded as one byte, 0 or 1; any other value is malformed.
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public boolean readBoolean(String field) {
        require(field, 1);
        byte b = buf.get(buf.position());
        if (b != 0 && b != 1) {
            throw malformed(field, "boolean must be 0 or 1, was " + b);
        }
        buf.position(buf.position() + 1);
        return b == 1;
    }

    /**
     * Reads an unsigned LEB128 varint of at most 5 bytes that fits in 32 bits.
     *
     * @param field the field name, for error messages
     * @return the value, as an int (values above {@code Integer.MAX_VALUE} come out negative)
     */
    public int readUnsignedVarint(String field) {
        int fieldStart = buf.position();
        int value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (!buf.hasRemaining()) {
                buf.position(fieldStart);
                throw malformed(field, "varint truncated after " + i + " bytes");
            }
            int b = buf.get() & 0xff;
            if (i == MAX_VARINT_BYTES - 1 && (b & 0xf0) != 0) {
                buf.position(fieldStart);
                throw malformed(field, "varint does not fit in 32 bits");
            }
            value |= (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new AssertionError("unreachable: the fifth byte either ends the varint or fails");
    }

    /**
     * Reads a zigzag-encoded signed varint (32 bits).
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public int readVarint(String field) {
        int raw = readUnsignedVarint(field);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /**
     * Reads an unsigned LEB128 varlong of at most 10 bytes that fits in 64 bits.
     *
     * @param field the field name, for error messages
     * @return the value (values above {@code Long.MAX_VALUE} come out negative)
     */
    public long readUnsignedVarlong(String field) {
        int fieldStart = buf.position();
        long value = 0;
        for (int i = 0; i < MAX_VARLONG_BYTES; i++) {
            if (!buf.hasRemaining()) {
                buf.position(fieldStart);
                throw malformed(field, "varlong truncated after " + i + " bytes");
            }
            int b = buf.get() & 0xff;
            if (i == MAX_VARLONG_BYTES - 1 && (b & 0xfe) != 0) {
                buf.position(fieldStart);
                throw malformed(field, "varlong does not fit in 64 bits");
            }
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new AssertionError("unreachable: the tenth byte either ends the varlong or fails");
    }

    /**
     * Reads a zigzag-encoded signed varlong (64 bits).
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public long readVarlong(String field) {
        long raw = readUnsignedVarlong(field);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /**
     * Reads a non-null string: int16 byte length, then that many bytes of UTF-8.
     *
     * @param field the field name, for error messages
     * @return the string
     */
    public String readString(String field) {
        return readString(field, MAX_STRING_BYTES);
    }

    /**
     * Reads a non-null string of at most {@code maxBytes} UTF-8 bytes.
     *
     * @param field the field name, for error messages
     * @param maxBytes the largest byte length accepted
     * @return the string
     */
    public String readString(String field, int maxBytes) {
        String s = readNullableString(field, maxBytes);
        if (s == null) {
            buf.position(buf.position() - Short.BYTES);
            throw malformed(field, "string must not be null");
        }
        return s;
    }

    /**
     * Reads a nullable string: int16 byte length ({@code -1} for null), then UTF-8 bytes.
     *
     * @param field the field name, for error messages
     * @return the string, or null
     */
    public String readNullableString(String field) {
        return readNullableString(field, MAX_STRING_BYTES);
    }

    /**
     * Reads a nullable string of at most {@code maxBytes} UTF-8 bytes.
     *
     * @param field the field name, for error messages
     * @param maxBytes the largest byte length accepted
     * @return the string, or null
     */
    public String readNullableString(String field, int maxBytes) {
        int fieldStart = buf.position();
        int length = readInt16(field);
        if (length == -1) {
            return null;
        }
        return decodeUtf8(field, fieldStart, length, maxBytes);
    }

    /**
     * Reads a non-null compact string: unsigned varint of (byte length + 1), then UTF-8 bytes.
     *
     * @param field the field name, for error messages
     * @param maxBytes the largest byte length accepted
     * @return the string
     */
    public String readCompactString(String field, int maxBytes) {
        int fieldStart = buf.position();
        String s = readCompactNullableString(field, maxBytes);
        if (s == null) {
            buf.position(fieldStart);
            throw malformed(field, "string must not be null");
        }
        return s;
    }

    /**
     * Reads a nullable compact string: unsigned varint of (byte length + 1), 0 for null.
     *
     * @param field the field name, for error messages
     * @param maxBytes the largest byte length accepted
     * @return the string, or null
     */
    public String readCompactNullableString(String field, int maxBytes) {
        int fieldStart = buf.position();
        int lengthPlusOne = readUnsignedVarint(field);
        if (lengthPlusOne == 0) {
            return null;
        }
        // An unsigned value above Integer.MAX_VALUE arrives negative and is rejected below.
        return decodeUtf8(field, fieldStart, lengthPlusOne - 1, maxBytes);
    }

    private String decodeUtf8(String field, int fieldStart, int length, int maxBytes) {
        if (length < 0 || length > maxBytes || length > buf.remaining()) {
            String problem = length < 0 ? "string length " + length + " is negative"
                    : length > maxBytes ? "string length " + length + " exceeds the limit of " + maxBytes
                    : "string length " + length + " but only " + buf.remaining() + " bytes remain";
            buf.position(fieldStart);
            throw malformed(field, problem);
        }
        int bytesStart = buf.position();
        boolean ascii = true;
        for (int i = bytesStart; i < bytesStart + length; i++) {
            if (buf.get(i) < 0) {
                ascii = false;
                break;
            }
        }
        byte[] bytes = new byte[length];
        buf.get(bytes);
        if (ascii) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        if (utf8Decoder == null) {
            utf8Decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            CharBuffer chars = utf8Decoder.reset().decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            buf.position(fieldStart);
            throw malformed(field, "string is not valid UTF-8");
        }
    }

    /**
     * Reads an int32-length-prefixed, non-null byte region as a slice of the input (no copy).
     *
     * @param field the field name, for error messages
     * @return a slice positioned at 0 whose limit is the region's length
     */
    public ByteBuffer readBytes(String field) {
        int fieldStart = buf.position();
        ByteBuffer b = readNullableBytes(field);
        if (b == null) {
            buf.position(fieldStart);
            throw malformed(field, "bytes must not be null");
        }
        return b;
    }

    /**
     * Reads an int32-length-prefixed byte region ({@code -1} for null) as a slice of the input.
     *
     * @param field the field name, for error messages
     * @return a slice, or null
     */
    public ByteBuffer readNullableBytes(String field) {
        int fieldStart = buf.position();
        int length = readInt32(field);
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > buf.remaining()) {
            String problem = length < 0 ? "byte length " + length + " is negative"
                    : "byte length " + length + " but only " + buf.remaining() + " bytes remain";
            buf.position(fieldStart);
            throw malformed(field, problem);
        }
        return readSlice(field, length);
    }

    /**
     * Reads {@code length} raw bytes as a slice of the input (no copy, no length prefix).
     *
     * @param field the field name, for error messages
     * @param length the number of bytes
     * @return a slice positioned at 0 whose limit is {@code length}
     */
    public ByteBuffer readSlice(String field, int length) {
        if (length < 0) {
            throw malformed(field, "length " + length + " is negative");
        }
        require(field, length);
        ByteBuffer slice = buf.slice(buf.position(), length);
        buf.position(buf.position() + length);
        return slice;
    }

    /**
     * Reads an int32 element count that must not be negative, and checks that
     * {@code count * minElementBytes} bytes remain.
     *
     * @param field the field name, for error messages
     * @param minElementBytes the fewest bytes one element can take, at least 1
     * @return the count
     */
    public int readArrayCount(String field, int minElementBytes) {
        int fieldStart = buf.position();
        int count = readNullableArrayCount(field, minElementBytes);
        if (count == -1) {
            buf.position(fieldStart);
            throw malformed(field, "array must not be null");
        }
        return count;
    }

    /**
     * Reads an int32 element count, {@code -1} meaning null, and checks that
     * {@code count * minElementBytes} bytes remain.
     *
     * @param field the field name, for error messages
     * @param minElementBytes the fewest bytes one element can take, at least 1
     * @return the count, or -1 for null
     */
    public int readNullableArrayCount(String field, int minElementBytes) {
        if (minElementBytes < 1) {
            throw new IllegalArgumentException("minElementBytes must be at least 1, was " + minElementBytes);
        }
        int fieldStart = buf.position();
        int count = readInt32(field);
        if (count == -1) {
            return -1;
        }
        if (count < 0) {
            buf.position(fieldStart);
            throw malformed(field, "element count " + count + " is negative");
        }
        long needed = (long) count * minElementBytes;
        int left = buf.remaining();
        if (needed > left) {
            buf.position(fieldStart);
            throw malformed(field, "element count " + count + " needs at least " + needed
                    + " bytes but only " + left + " remain");
        }
        return count;
    }

    /**
     * Reads a non-null array: an int32 count, then the elements.
     *
     * @param field the field name, for error messages
     * @param minElementBytes the fewest bytes one element can take, at least 1
     * @param element reads one element
     * @param <T> the element type
     * @return an unmodifiable list
     */
    public <T> List<T> readArray(String field, int minElementBytes, ElementReader<T> element) {
        return readElements(readArrayCount(field, minElementBytes), element);
    }

    /**
     * Reads a nullable array: an int32 count ({@code -1} for null), then the elements.
     *
     * @param field the field name, for error messages
     * @param minElementBytes the fewest bytes one element can take, at least 1
     * @param element reads one element
     * @param <T> the element type
     * @return an unmodifiable list, or null
     */
    public <T> List<T> readNullableArray(String field, int minElementBytes, ElementReader<T> element) {
        int count = readNullableArrayCount(field, minElementBytes);
        return count == -1 ? null : readElements(count, element);
    }

    private <T> List<T> readElements(int count, ElementReader<T> element) {
        List<T> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(element.read(this));
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * Checks that every byte was read.
     *
     * @param what what was being decoded, e.g. {@code "FetchRequest v0"}
     */
    public void expectEnd(String what) {
        if (buf.hasRemaining()) {
            throw malformed(what, buf.remaining() + " unexpected bytes after the end");
        }
    }
}
