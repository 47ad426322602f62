package io.partita.protocol.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Big-endian writes into a growable heap buffer, or into a fixed buffer supplied by the caller.
 *
 * <p>The writer's {@linkplain #position() position} counts bytes written since it was created
 * (or {@linkplain #reset() reset}); {@link #setInt32At(int, int)} patches a value written
 * earlier, which is how a frame's size prefix is filled in once the frame is complete.
 * Values that cannot be encoded (a string longer than its length prefix allows, a list too
 * long for an int32 count) are programming errors and throw {@link IllegalArgumentException}.
 *
 * <p>Not thread-safe.
 */
public final class WireWriter {

    /** Writes one element of an array. */
    @FunctionalInterface
    public interface ElementWriter<T> {
        /**
         * Writes one element.
         *
         * @param writer the writer
         * @param element the element
         */
        void write(WireWriter writer, T element);
    }

    private static final int DEFAULT_CAPACITY = 256;

    private ByteBuffer buf;
    private final int start;
    private final boolean growable;

    /** Creates a growable writer with a small initial capacity. */
    public WireWriter() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates a growable writer.
     *
     * @param initialCapacity bytes to allocate up front
     */
    public WireWriter(int initialCapacity) {
        this.buf = ByteBuffer.allocate(Math.max(16, initialCapacity));
        this.start = 0;
        this.growable = true;
    }

    private WireWriter(ByteBuffer target) {
        this.buf = target;
        this.start = target.position();
        this.growable = false;
    }

    /**
     * Creates a writer that writes into {@code target} from its position and never grows;
     * writing past its limit throws {@link IllegalStateException}. The target's position
     * advances as bytes are written.
     *
     * @param target the buffer to fill
     * @return the writer
     */
    public static WireWriter over(ByteBuffer target) {
        return new WireWriter(target);
    }

    /** @return the number of bytes written */
    public int position() {
        return buf.position() - start;
    }

    /** Forgets everything written, keeping the allocated memory. */
    public void reset() {
        buf.position(start);
    }

    private void ensure(int bytes) {
        if (buf.remaining() >= bytes) {
            return;
        }
        if (!growable) {
            throw new IllegalStateException("fixed buffer full: writing " + bytes + " bytes but "
                    + buf.remaining() + " remain");
        }
        long wanted = Math.max((long) buf.capacity() * 2, (long) buf.position() + bytes);
        if (wanted > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("frame would exceed 2 GiB");
        }
        ByteBuffer bigger = ByteBuffer.allocate((int) wanted);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }

    /**
     * Writes the low 8 bits of {@code value}.
     *
     * @param value the value
     */
    public void writeInt8(int value) {
        ensure(1);
        buf.put((byte) value);
    }

    /**
     * Writes the low 16 bits of {@code value}, big-endian.
     *
     * @param value the value
     */
    public void writeInt16(int value) {
        ensure(2);
        buf.putShort((short) value);
    }

    /**
     * Writes a 32-bit integer, big-endian.
     *
     * @param value the value
     */
    public void writeInt32(int value) {
        ensure(4);
        buf.putInt(value);
    }

    /**
     * Writes a 64-bit integer, big-endian.
     *
     * @param value the value
     */
    public void writeInt64(long value) {
        ensure(8);
        buf.putLong(value);
    }

    /**
     * Writes a boolean as one byte, 1 or 0.
     *
     * @param value the value
     */
    public void writeBoolean(boolean value) {
        writeInt8(value ? 1 : 0);
    }

    /**
     * Writes {@code value} as an unsigned LEB128 varint (1 to 5 bytes).
     *
     * @param value the value, taken as unsigned
     */
    public void writeUnsignedVarint(int value) {
        ensure(5);
        while ((value & ~0x7f) != 0) {
            buf.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buf.put((byte) value);
    }

    /**
     * Writes {@code value} zigzag-encoded as a varint.
     *
     * @param value the value
     */
    public void writeVarint(int value) {
        writeUnsignedVarint((value << 1) ^ (value >> 31));
    }

    /**
     * Writes {@code value} as an unsigned LEB128 varlong (1 to 10 bytes).
     *
     * @param value the value, taken as unsigned
     */
    public void writeUnsignedVarlong(long value) {
        ensure(10);
        while ((value & ~0x7fL) != 0) {
            buf.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buf.put((byte) value);
    }

    /**
     * Writes {@code value} zigzag-encoded as a varlong.
     *
     * @param value the value
     */
    public void writeVarlong(long value) {
        writeUnsignedVarlong((value << 1) ^ (value >> 63));
    }

    /**
     * Writes a non-null string: int16 byte length, then UTF-8.
     *
     * @param value the string
     */
    public void writeString(String value) {
        if (value == null) {
            throw new IllegalArgumentException("string must not be null");
        }
        writeNullableString(value);
    }

    /**
     * Writes a nullable string: int16 byte length ({@code -1} for null), then UTF-8.
     *
     * @param value the string, or null
     */
    public void writeNullableString(String value) {
        if (value == null) {
            writeInt16(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > WireReader.MAX_STRING_BYTES) {
            throw new IllegalArgumentException("string of " + bytes.length + " UTF-8 bytes exceeds "
                    + WireReader.MAX_STRING_BYTES);
        }
        writeInt16(bytes.length);
        writeRaw(bytes);
    }

    /**
     * Writes a non-null compact string: unsigned varint of (byte length + 1), then UTF-8.
     *
     * @param value the string
     */
    public void writeCompactString(String value) {
        if (value == null) {
            throw new IllegalArgumentException("string must not be null");
        }
        writeCompactNullableString(value);
    }

    /**
     * Writes a nullable compact string: unsigned varint of (byte length + 1), 0 for null.
     *
     * @param value the string, or null
     */
    public void writeCompactNullableString(String value) {
        if (value == null) {
            writeUnsignedVarint(0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeUnsignedVarint(bytes.length + 1);
        writeRaw(bytes);
    }

    /**
     * Writes an int32 length and the bytes between {@code value}'s position and limit;
     * {@code value}'s position is not changed.
     *
     * @param value the bytes; not null
     */
    public void writeBytes(ByteBuffer value) {
        if (value == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        writeNullableBytes(value);
    }

    /**
     * Writes an int32 length ({@code -1} for null) and the bytes between {@code value}'s
     * position and limit; {@code value}'s position is not changed.
     *
     * @param value the bytes, or null
     */
    public void writeNullableBytes(ByteBuffer value) {
        if (value == null) {
            writeInt32(-1);
            return;
        }
        writeInt32(value.remaining());
        writeRaw(value);
    }

    /**
     * Writes the bytes between {@code value}'s position and limit, without a length;
     * {@code value}'s position is not changed.
     *
     * @param value the bytes
     */
    public void writeRaw(ByteBuffer value) {
        ensure(value.remaining());
        buf.put(value.duplicate());
    }

    /**
     * Writes {@code value} without a length.
     *
     * @param value the bytes
     */
    public void writeRaw(byte[] value) {
        ensure(value.length);
        buf.put(value);
    }

    /**
     * Writes a non-null array: int32 count, then each element.
     *
     * @param list the elements
     * @param element writes one element
     * @param <T> the element type
     */
    public <T> void writeArray(List<T> list, ElementWriter<? super T> element) {
        if (list == null) {
            throw new IllegalArgumentException("array must not be null");
        }
        writeNullableArray(list, element);
    }

    /**
     * Writes a nullable array: int32 count ({@code -1} for null), then each element.
     *
     * @param list the elements, or null
     * @param element writes one element
     * @param <T> the element type
     */
    public <T> void writeNullableArray(List<T> list, ElementWriter<? super T> element) {
        if (list == null) {
            writeInt32(-1);
            return;
        }
        writeInt32(list.size());
        for (T t : list) {
            element.write(this, t);
        }
    }

    /**
     * Overwrites 4 bytes written earlier, e.g. a size prefix once the size is known.
     *
     * @param position the offset of the first byte, as returned by {@link #position()} earlier
     * @param value the value to store
     */
    public void setInt32At(int position, int value) {
        if (position < 0 || position + 4 > position()) {
            throw new IndexOutOfBoundsException("position " + position + " is not inside the "
                    + position() + " bytes written");
        }
        buf.putInt(start + position, value);
    }

    /**
     * A read-only view of bytes {@code [from, to)} of what was written, sharing memory with
     * the writer: valid until the writer is reset or grows.
     *
     * @param from the first offset
     * @param to the offset after the last byte
     * @return the view, positioned at 0
     */
    public ByteBuffer slice(int from, int to) {
        if (from < 0 || to < from || to > position()) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") is not inside the "
                    + position() + " bytes written");
        }
        return buf.asReadOnlyBuffer().slice(start + from, to - from);
    }

    /** @return a read-only view of everything written (see {@link #slice(int, int)}) */
    public ByteBuffer toByteBuffer() {
        return slice(0, position());
    }
}
