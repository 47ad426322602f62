package io.partita.protocol.wire;

/**
 * The header at the start of every response frame, after the size prefix: the request's int32
 * correlationId. The api key and version are not repeated; the client knows them from the
 * request it sent with that correlation id.
 *
 * @param correlationId the correlation id of the request this answers
 */
public record ResponseHeader(int correlationId) {

    /**
     * Reads a header.
     *
     * @param reader the reader, at the start of the frame (after the size prefix)
     * @return the header
     */
    public static ResponseHeader read(WireReader reader) {
        return new ResponseHeader(reader.readInt32("header.correlationId"));
    }

    /**
     * Writes this header.
     *
     * @param writer the writer
     */
    public void write(WireWriter writer) {
        writer.writeInt32(correlationId);
    }
}
