package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.MalformedFrameException;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Creates topics.
 *
 * <p>Version 0: topics [name string, numPartitions int32, replicationFactor int16,
 * configs [name string, value nullable string]], timeoutMs int32, validateOnly boolean.
 * A config name appearing twice in one topic is malformed.
 *
 * @param topics the topics to create
 * @param timeoutMs how long to wait for the topics to be created on every replica
 * @param validateOnly check the request without creating anything
 */
public record CreateTopicsRequest(List<Topic> topics, int timeoutMs, boolean validateOnly) implements ApiRequest {

    /**
     * One topic to create.
     *
     * @param name the topic name
     * @param numPartitions the partition count, or -1 for the broker default
     * @param replicationFactor the replica count per partition, or -1 for the broker default
     * @param configs topic-level configuration overrides in request order; a null value means the default
     */
    public record Topic(String name, int numPartitions, short replicationFactor, Map<String, String> configs) {
        /** Checks required fields. */
        public Topic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(configs, "configs");
        }
    }

    /** Checks required fields. */
    public CreateTopicsRequest {
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_TOPICS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.CREATE_TOPICS.checkVersion(version);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeInt32(t.numPartitions());
            w.writeInt16(t.replicationFactor());
            w.writeInt32(t.configs().size());
            for (Map.Entry<String, String> e : t.configs().entrySet()) {
                w.writeString(e.getKey());
                w.writeNullableString(e.getValue());
            }
        });
        writer.writeInt32(timeoutMs);
        writer.writeBoolean(validateOnly);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static CreateTopicsRequest read(WireReader reader, short version) {
        ApiKey.CREATE_TOPICS.checkVersion(version);
        List<Topic> topics = reader.readArray("topics", 12, CreateTopicsRequest::readTopic);
        int timeoutMs = reader.readInt32("timeoutMs");
        boolean validateOnly = reader.readBoolean("validateOnly");
        return new CreateTopicsRequest(topics, timeoutMs, validateOnly);
    }

    private static Topic readTopic(WireReader r) {
        String name = r.readString("topics[].name");
        int numPartitions = r.readInt32("topics[].numPartitions");
        short replicationFactor = r.readInt16("topics[].replicationFactor");
        int count = r.readArrayCount("topics[].configs", 4);
        Map<String, String> configs = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int offset = r.offset();
            String key = r.readString("topics[].configs[].name");
            String value = r.readNullableString("topics[].configs[].value");
            if (configs.containsKey(key)) {
                throw new MalformedFrameException("topics[].configs[].name", offset, "duplicate config '" + key + "'");
            }
            configs.put(key, value);
        }
        return new Topic(name, numPartitions, replicationFactor, Collections.unmodifiableMap(configs));
    }
}
