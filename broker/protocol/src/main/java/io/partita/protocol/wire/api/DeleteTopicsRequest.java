package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * Deletes topics.
 *
 * <p>Version 0: topicNames [string], timeoutMs int32.
 *
 * @param topicNames the topics to delete
 * @param timeoutMs how long to wait for the deletion to complete on every replica
 */
public record DeleteTopicsRequest(List<String> topicNames, int timeoutMs) implements ApiRequest {

    /** Checks required fields. */
    public DeleteTopicsRequest {
        Objects.requireNonNull(topicNames, "topicNames");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_TOPICS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.DELETE_TOPICS.checkVersion(version);
        writer.writeArray(topicNames, WireWriter::writeString);
        writer.writeInt32(timeoutMs);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static DeleteTopicsRequest read(WireReader reader, short version) {
        ApiKey.DELETE_TOPICS.checkVersion(version);
        List<String> names = reader.readArray("topicNames", 2, r -> r.readString("topicNames[]"));
        return new DeleteTopicsRequest(names, reader.readInt32("timeoutMs"));
    }
}
