package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;

/**
 * Asks for the cluster's brokers and the partitions and leaders of some or all topics.
 *
 * <p>Version 0: topics nullable [name string], allowAutoTopicCreation boolean.
 *
 * @param topics the topics to describe; null for all topics, empty for none (brokers only)
 * @param allowAutoTopicCreation whether the broker may create missing topics, if its configuration allows it
 */
public record MetadataRequest(List<String> topics, boolean allowAutoTopicCreation) implements ApiRequest {

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.METADATA.checkVersion(version);
        writer.writeNullableArray(topics, WireWriter::writeString);
        writer.writeBoolean(allowAutoTopicCreation);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static MetadataRequest read(WireReader reader, short version) {
        ApiKey.METADATA.checkVersion(version);
        List<String> topics = reader.readNullableArray("topics", 2, r -> r.readString("topics[]"));
        boolean auto = reader.readBoolean("allowAutoTopicCreation");
        return new MetadataRequest(topics, auto);
    }
}
