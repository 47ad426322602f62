package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * The outcome for each topic of a DeleteTopics request.
 *
 * <p>Version 0: topics [name string, error int16, errorMessage nullable string].
 *
 * @param topics one result per requested topic: NONE if deleted
 */
public record DeleteTopicsResponse(List<TopicResult> topics) implements ApiResponse {

    /** Checks required fields. */
    public DeleteTopicsResponse {
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_TOPICS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.DELETE_TOPICS.checkVersion(version);
        writer.writeArray(topics, TopicResult::write);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static DeleteTopicsResponse read(WireReader reader, short version) {
        ApiKey.DELETE_TOPICS.checkVersion(version);
        return new DeleteTopicsResponse(reader.readArray("topics", TopicResult.MIN_BYTES, TopicResult::read));
    }
}
