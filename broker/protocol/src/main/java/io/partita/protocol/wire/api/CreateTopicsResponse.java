package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * The outcome for each topic of a CreateTopics request.
 *
 * <p>Version 0: topics [name string, error int16, errorMessage nullable string].
 *
 * @param topics one result per requested topic: NONE if created (or valid, for validateOnly)
 */
public record CreateTopicsResponse(List<TopicResult> topics) implements ApiResponse {

    /** Checks required fields. */
    public CreateTopicsResponse {
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_TOPICS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.CREATE_TOPICS.checkVersion(version);
        writer.writeArray(topics, TopicResult::write);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static CreateTopicsResponse read(WireReader reader, short version) {
        ApiKey.CREATE_TOPICS.checkVersion(version);
        return new CreateTopicsResponse(reader.readArray("topics", TopicResult.MIN_BYTES, TopicResult::read));
    }
}
