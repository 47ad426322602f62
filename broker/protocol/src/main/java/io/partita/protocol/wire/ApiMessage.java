package io.partita.protocol.wire;

/**
 * The body of a request or response frame. Each message class has explicit versions: it
 * encodes with {@link #write(WireWriter, short)} and decodes with a static
 * {@code read(WireReader, short)}; both reject versions the {@link ApiKey} does not support.
 */
public interface ApiMessage {

    /** @return the API this message belongs to */
    ApiKey apiKey();

    /**
     * Encodes this message at {@code version}, with every record payload copied inline.
     *
     * @param writer the writer
     * @param version the api version
     * @throws UnsupportedVersionException if this build cannot encode {@code version}
     */
    void write(WireWriter writer, short version);

    /**
     * Encodes this message at {@code version}, handing each record payload to {@code sink}
     * instead of copying it (see {@link RecordsSink}). Messages without record payloads just
     * {@linkplain #write(WireWriter, short) write}.
     *
     * @param writer the writer
     * @param version the api version
     * @param sink receives the record payloads in frame order
     */
    default void writeTo(WireWriter writer, short version, RecordsSink sink) {
        write(writer, version);
    }
}
