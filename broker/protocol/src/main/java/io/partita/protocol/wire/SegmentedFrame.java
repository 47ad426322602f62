package io.partita.protocol.wire;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * A complete frame, size prefix included, as a sequence of in-memory byte chunks and record
 * payloads to be sent in order. Built by {@link Frames#encodeResponse}; the frame's size is
 * known before any byte is sent, while record payloads are never read or copied.
 *
 * <p>A server sends it by writing each {@link Chunk} as a buffer and each {@link Records} as
 * whatever its payload is (a file region for a slice of a log segment). A frame without record
 * payloads is one chunk.
 *
 * @param totalBytes the number of bytes on the wire, the 4-byte size prefix included
 * @param segments the parts in send order; chunks are read-only views
 */
public record SegmentedFrame(long totalBytes, List<Segment> segments) {

    /** One part of a frame. */
    public sealed interface Segment permits Chunk, Records {

        /** @return the number of bytes this part puts on the wire */
        int sizeInBytes();
    }

    /**
     * Bytes produced by the encoder.
     *
     * @param bytes a read-only view, positioned at 0
     */
    public record Chunk(ByteBuffer bytes) implements Segment {
        @Override
        public int sizeInBytes() {
            return bytes.remaining();
        }
    }

    /**
     * A record payload to be spliced in as is.
     *
     * @param payload the payload
     */
    public record Records(RecordsPayload payload) implements Segment {
        @Override
        public int sizeInBytes() {
            return payload.sizeInBytes();
        }
    }

    /** Checks the parts are present and the size adds up. */
    public SegmentedFrame {
        Objects.requireNonNull(segments, "segments");
        long sum = 0;
        for (Segment s : segments) {
            sum += s.sizeInBytes();
        }
        if (sum != totalBytes) {
            throw new IllegalArgumentException("segments hold " + sum + " bytes, not " + totalBytes);
        }
        segments = List.copyOf(segments);
    }

    /**
     * Copies the whole frame into one buffer: for tests and in-process transports. Every
     * record payload must be a {@link ByteBufferRecords}.
     *
     * @return a buffer positioned at 0 holding {@link #totalBytes()} bytes
     */
    public ByteBuffer toByteBuffer() {
        if (totalBytes > Integer.MAX_VALUE) {
            throw new IllegalStateException("frame of " + totalBytes + " bytes does not fit in one buffer");
        }
        ByteBuffer out = ByteBuffer.allocate((int) totalBytes);
        for (Segment s : segments) {
            if (s instanceof Chunk chunk) {
                out.put(chunk.bytes().duplicate());
            } else if (((Records) s).payload() instanceof ByteBufferRecords memory) {
                out.put(memory.buffer().duplicate());
            } else {
                throw new IllegalStateException("cannot copy " + ((Records) s).payload().getClass().getName());
            }
        }
        return out.flip();
    }
}
