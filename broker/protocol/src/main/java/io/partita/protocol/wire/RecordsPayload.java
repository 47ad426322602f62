package io.partita.protocol.wire;

/**
 * An opaque region of record batch bytes carried by a message (the records of one partition
 * in a Fetch response) whose size is known before its bytes are.
 *
 * <p>The protocol encodes a payload as an int32 length followed by the bytes. Encoders write
 * the length from {@link #sizeInBytes()} and then hand the payload to a {@link RecordsSink},
 * so the bytes can go to the socket straight from where they live: the broker implements this
 * interface over a slice of a log segment file and sends it with {@code sendfile}; decoders
 * and tests use {@link ByteBufferRecords}.
 */
public interface RecordsPayload {

    /** @return the exact number of bytes this payload puts on the wire, not counting the length */
    int sizeInBytes();
}
