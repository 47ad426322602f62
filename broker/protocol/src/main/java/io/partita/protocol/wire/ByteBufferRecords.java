package io.partita.protocol.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A {@link RecordsPayload} held in memory: the bytes between the buffer's position and limit.
 * Decoders return record payloads in this form, as slices of the frame (no copy).
 *
 * @param buffer the bytes; not copied, so it must not be changed while the payload is in use
 */
public record ByteBufferRecords(ByteBuffer buffer) implements RecordsPayload {

    /** Checks the buffer is present. */
    public ByteBufferRecords {
        Objects.requireNonNull(buffer, "buffer");
    }

    /**
     * Wraps a byte array.
     *
     * @param bytes the bytes
     * @return the payload
     */
    public static ByteBufferRecords wrap(byte[] bytes) {
        return new ByteBufferRecords(ByteBuffer.wrap(bytes));
    }

    @Override
    public int sizeInBytes() {
        return buffer.remaining();
    }

    @Override
    public String toString() {
        return "ByteBufferRecords(" + buffer.remaining() + " bytes)";
    }
}
