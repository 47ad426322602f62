package io.partita.protocol.wire;

import java.util.Objects;

/**
 * The header at the start of every request frame, after the size prefix. Its layout does not
 * depend on the api version: int16 apiKey, int16 apiVersion, int32 correlationId, nullable
 * string clientId.
 *
 * @param apiKey the API the request is for
 * @param apiVersion the version of the request body (and of the response the client expects)
 * @param correlationId chosen by the client and echoed in the response
 * @param clientId a free-form name of the client for logs and quotas, or null
 */
public record RequestHeader(ApiKey apiKey, short apiVersion, int correlationId, String clientId) {

    /** The longest client id accepted, in UTF-8 bytes. */
    public static final int MAX_CLIENT_ID_BYTES = 1024;

    /** Checks the api key is present. */
    public RequestHeader {
        Objects.requireNonNull(apiKey, "apiKey");
    }

    /**
     * Reads a header. An api key id this build does not know is malformed: there is no way to
     * tell where its body ends, so the connection cannot be kept.
     *
     * @param reader the reader, at the start of the frame (after the size prefix)
     * @return the header
     */
    public static RequestHeader read(WireReader reader) {
        int offset = reader.offset();
        short id = reader.readInt16("header.apiKey");
        ApiKey key = ApiKey.forId(id);
        if (key == null) {
            throw new MalformedFrameException("header.apiKey", offset, "unknown api key " + id);
        }
        short version = reader.readInt16("header.apiVersion");
        int correlationId = reader.readInt32("header.correlationId");
        String clientId = reader.readNullableString("header.clientId", MAX_CLIENT_ID_BYTES);
        return new RequestHeader(key, version, correlationId, clientId);
    }

    /**
     * Writes this header.
     *
     * @param writer the writer
     */
    public void write(WireWriter writer) {
        writer.writeInt16(apiKey.id());
        writer.writeInt16(apiVersion);
        writer.writeInt32(correlationId);
        writer.writeNullableString(clientId);
    }
}
