package io.partita.protocol.record;

import java.nio.ByteBuffer;

/**
 * Zig-zag variable-length integers as used inside RecordBatch v2 records: 7 bits per byte,
 * least significant group first, the high bit set on every byte but the last.
 *
 * <p>The readers take an absolute position and a limit and never read at or past the limit; a
 * value that runs past it, or is longer than its type allows, throws
 * {@link CorruptRecordException}. Stateless and thread-safe.
 */
public final class Varint {
    private Varint() {
    }

    /** Bytes needed for {@code value} as a zig-zag varint. */
    public static int sizeOfVarint(int value) {
        int v = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((v & 0xffffff80) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** Bytes needed for {@code value} as a zig-zag varlong. */
    public static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((v & 0xffffffffffffff80L) != 0L) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** Writes {@code value} at the buffer's position, advancing it. */
    public static void writeVarint(int value, ByteBuffer out) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xffffff80) != 0) {
            out.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    /** Writes {@code value} at the buffer's position, advancing it. */
    public static void writeVarlong(long value, ByteBuffer out) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xffffffffffffff80L) != 0L) {
            out.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    /**
     * Reads a zig-zag varint at {@code pos}; returns the value and stores the position after it
     * in {@code next[0]}.
     */
    public static int readVarint(ByteBuffer in, int pos, int limit, int[] next, String field) {
        // Values of one or two bytes (-64..63 and -8192..8191: lengths, deltas and counts of
        // small records) are read here; this stays small enough to be inlined into the callers'
        // loops. Longer ones, and every error, take readLongVarint.
        if (pos < limit) {
            int b0 = in.get(pos);
            if (b0 >= 0) {
                next[0] = pos + 1;
                return (b0 >>> 1) ^ -(b0 & 1);
            }
            int b1 = pos + 1 < limit ? in.get(pos + 1) : -1;
            if (b1 >= 0) {
                int raw = (b0 & 0x7f) | (b1 << 7);
                next[0] = pos + 2;
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        return readLongVarint(in, pos, limit, next, field);
    }

    private static int readLongVarint(ByteBuffer in, int pos, int limit, int[] next, String field) {
        int raw = 0;
        int shift = 0;
        int p = pos;
        while (true) {
            if (p >= limit) {
                throw new CorruptRecordException(field + ": varint at position " + pos + " runs past the end of the record");
            }
            byte b = in.get(p++);
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 28) {
                throw new CorruptRecordException(field + ": varint at position " + pos + " is longer than 5 bytes");
            }
        }
        next[0] = p;
        return (raw >>> 1) ^ -(raw & 1);
    }

    /**
     * Reads a zig-zag varlong at {@code pos}; returns the value and stores the position after it
     * in {@code next[0]}.
     */
    public static long readVarlong(ByteBuffer in, int pos, int limit, int[] next, String field) {
        if (pos < limit) {
            long b0 = in.get(pos);
            if (b0 >= 0) { // one byte, as the timestamp deltas of a batch built at once mostly are
                next[0] = pos + 1;
                return (b0 >>> 1) ^ -(b0 & 1);
            }
        }
        return readLongVarlong(in, pos, limit, next, field);
    }

    private static long readLongVarlong(ByteBuffer in, int pos, int limit, int[] next, String field) {
        long raw = 0;
        int shift = 0;
        int p = pos;
        while (true) {
            if (p >= limit) {
                throw new CorruptRecordException(field + ": varlong at position " + pos + " runs past the end of the record");
            }
            byte b = in.get(p++);
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 63) {
                throw new CorruptRecordException(field + ": varlong at position " + pos + " is longer than 10 bytes");
            }
        }
        next[0] = p;
        return (raw >>> 1) ^ -(raw & 1);
    }
}
