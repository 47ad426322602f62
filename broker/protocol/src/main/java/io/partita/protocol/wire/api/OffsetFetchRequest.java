package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * Reads a group's committed offsets.
 *
 * <p>Version 0: groupId string, topics nullable [name string, partitions [int32]].
 *
 * @param groupId the group
 * @param topics the partitions to read, grouped by topic; null for every committed offset of the group
 */
public record OffsetFetchRequest(String groupId, List<Topic> topics) implements ApiRequest {

    /**
     * Partitions of one topic.
     *
     * @param name the topic
     * @param partitions the partition numbers
     */
    public record Topic(String name, List<Integer> partitions) {
        /** Checks required fields. */
        public Topic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /** Checks required fields. */
    public OffsetFetchRequest {
        Objects.requireNonNull(groupId, "groupId");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_FETCH;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.OFFSET_FETCH.checkVersion(version);
        writer.writeString(groupId);
        writer.writeNullableArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), WireWriter::writeInt32);
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static OffsetFetchRequest read(WireReader reader, short version) {
        ApiKey.OFFSET_FETCH.checkVersion(version);
        return new OffsetFetchRequest(reader.readString("groupId"),
                reader.readNullableArray("topics", 6, r -> new Topic(r.readString("topics[].name"),
                        r.readArray("topics[].partitions", 4, pr -> pr.readInt32("topics[].partitions[]")))));
    }
}
