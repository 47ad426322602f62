package io.partita.protocol.wire;

/**
 * Receives the record payloads of a message while it is encoded, in the order they appear in
 * the frame.
 *
 * <p>When an encoder reaches a record payload it writes the payload's int32 length into the
 * {@link WireWriter} and then calls {@link #onRecords}. At that moment the writer holds every
 * byte of the frame that precedes the payload. The sink must make exactly
 * {@link RecordsPayload#sizeInBytes()} bytes follow: {@link #INLINE} copies them into the
 * writer; {@link Frames#encodeResponse} instead notes the cut point, so the payload can be
 * sent as a file region between two chunks of header bytes.
 */
@FunctionalInterface
public interface RecordsSink {

    /** Copies in-memory payloads ({@link ByteBufferRecords}) into the writer; rejects any other. */
    RecordsSink INLINE = (writer, payload) -> {
        if (payload instanceof ByteBufferRecords memory) {
            writer.writeRaw(memory.buffer());
        } else {
            throw new IllegalArgumentException("cannot copy " + payload.getClass().getName()
                    + " inline; encode the message with Frames.encodeResponse to send it as a region");
        }
    };

    /**
     * Called where {@code payload}'s bytes belong, right after its length was written.
     *
     * @param writer the writer holding the frame so far
     * @param payload the payload
     */
    void onRecords(WireWriter writer, RecordsPayload payload);
}
