package io.partita.protocol.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Framing: every frame is an int32 size (the number of bytes that follow, not counting the
 * size itself), then a header, then a body.
 *
 * <p>Receiving: read the 4-byte size, pass it to {@link #checkFrameSize(int, int)} before
 * allocating anything, then collect that many bytes and decode the header and body from them
 * (see {@code io.partita.protocol.wire.api.ApiMessages}). Sending: the {@code encode} methods
 * here produce the whole frame, size prefix included.
 */
public final class Frames {

    /** Bytes taken by the size prefix. */
    public static final int SIZE_PREFIX_BYTES = 4;

    /** The default largest frame a peer accepts: 100 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;

    private Frames() {
    }

    /**
     * Validates a frame's declared size before anything is allocated for it.
     *
     * @param declaredSize the size read from the prefix
     * @param maxFrameBytes the largest size this peer accepts
     * @return {@code declaredSize}
     * @throws MalformedFrameException if the size is negative or above the limit; the message
     *     names both numbers
     */
    public static int checkFrameSize(int declaredSize, int maxFrameBytes) {
        if (declaredSize < 0) {
            throw new MalformedFrameException("frameSize", 0, "declared size " + declaredSize + " is negative");
        }
        if (declaredSize > maxFrameBytes) {
            throw new MalformedFrameException("frameSize", 0, "declared size " + declaredSize
                    + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
        }
        return declaredSize;
    }

    /**
     * Encodes a request frame: size prefix, header, body at the header's version.
     *
     * @param header the header; its version selects the body encoding
     * @param body the body; must belong to the header's api
     * @return a buffer holding the frame, positioned at 0
     */
    public static ByteBuffer encodeRequest(RequestHeader header, ApiRequest body) {
        checkApi(header.apiKey(), body);
        WireWriter writer = new WireWriter();
        writer.writeInt32(0);
        header.write(writer);
        body.write(writer, header.apiVersion());
        writer.setInt32At(0, writer.position() - SIZE_PREFIX_BYTES);
        return writer.toByteBuffer();
    }

    /**
     * Encodes a response frame as header chunks and record payloads, with its total size known
     * up front and payload bytes left where they are. For responses without record payloads
     * the result is a single chunk.
     *
     * @param correlationId the correlation id of the request
     * @param version the api version of the request
     * @param body the response body
     * @return the frame
     */
    public static SegmentedFrame encodeResponse(int correlationId, short version, ApiResponse body) {
        WireWriter writer = new WireWriter();
        writer.writeInt32(0);
        new ResponseHeader(correlationId).write(writer);
        List<Integer> cuts = new ArrayList<>();
        List<RecordsPayload> payloads = new ArrayList<>();
        body.writeTo(writer, version, (w, payload) -> {
            if (payload.sizeInBytes() > 0) { // an empty payload needs no cut
                cuts.add(w.position());
                payloads.add(payload);
            }
        });
        long total = writer.position();
        for (RecordsPayload p : payloads) {
            total += p.sizeInBytes();
        }
        if (total - SIZE_PREFIX_BYTES > Integer.MAX_VALUE) {
            throw new IllegalStateException("response of " + total + " bytes does not fit a frame");
        }
        writer.setInt32At(0, (int) (total - SIZE_PREFIX_BYTES));

        List<SegmentedFrame.Segment> segments = new ArrayList<>(payloads.size() * 2 + 1);
        int from = 0;
        for (int i = 0; i < payloads.size(); i++) {
            int cut = cuts.get(i);
            if (cut > from) {
                segments.add(new SegmentedFrame.Chunk(writer.slice(from, cut)));
            }
            segments.add(new SegmentedFrame.Records(payloads.get(i)));
            from = cut;
        }
        if (writer.position() > from) {
            segments.add(new SegmentedFrame.Chunk(writer.slice(from, writer.position())));
        }
        return new SegmentedFrame(total, segments);
    }

    /**
     * Encodes a response frame into one buffer, copying record payloads (which must be
     * {@link ByteBufferRecords}).
     *
     * @param correlationId the correlation id of the request
     * @param version the api version of the request
     * @param body the response body
     * @return a buffer holding the frame, positioned at 0
     */
    public static ByteBuffer encodeResponseBytes(int correlationId, short version, ApiResponse body) {
        return encodeResponse(correlationId, version, body).toByteBuffer();
    }

    private static void checkApi(ApiKey expected, ApiMessage body) {
        if (body.apiKey() != expected) {
            throw new IllegalArgumentException("header is for " + expected + " but the body is " + body.apiKey());
        }
    }
}
