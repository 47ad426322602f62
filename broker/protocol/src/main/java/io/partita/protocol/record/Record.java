package io.partita.protocol.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One record of a batch, as read: its absolute offset and timestamp, and read-only views of its
 * key, value and header values into the batch's buffer (valid as long as that buffer is).
 *
 * @param offset    absolute offset: the batch's base offset plus the record's offset delta
 * @param timestamp create time in milliseconds: the batch's base timestamp plus the delta
 * @param key       the key, or null
 * @param value     the value, or null (a tombstone in a compacted topic)
 * @param headers   the headers in the order they were written
 */
public record Record(long offset, long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {

    /** The value of the first header named {@code name}, or null when there is none. */
    public ByteBuffer header(String name) {
        for (Header h : headers) {
            if (h.key().equals(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** Roughly the bytes this record takes in a batch: key, value, headers and a little framing. */
    public int sizeEstimate() {
        int size = 16 + (key == null ? 0 : key.remaining()) + (value == null ? 0 : value.remaining());
        for (Header h : headers) {
            size += 4 + h.key().length() + (h.value() == null ? 0 : h.value().remaining());
        }
        return size;
    }

    /** A copy of the value's bytes, or null. */
    public byte[] valueBytes() {
        return copy(value);
    }

    /** A copy of the key's bytes, or null. */
    public byte[] keyBytes() {
        return copy(key);
    }

    private static byte[] copy(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
