package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * Commits a group's offsets. A member commits with its generation and member id; a consumer
 * outside any group membership commits with generation -1 and member id "", which the
 * coordinator accepts only while the group has no members.
 *
 * <p>Version 0: groupId string, generationId int32, memberId string, topics [name string,
 * partitions [partition int32, offset int64, metadata nullable string]].
 *
 * @param groupId the group
 * @param generationId the member's generation, or -1
 * @param memberId the member, or ""
 * @param topics the offsets, grouped by topic
 */
public record OffsetCommitRequest(String groupId, int generationId, String memberId, List<Topic> topics)
        implements ApiRequest {

    /**
     * The offsets of one topic.
     *
     * @param name the topic
     * @param partitions the offsets
     */
    public record Topic(String name, List<Partition> partitions) {
        /** Checks required fields. */
        public Topic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * One committed offset.
     *
     * @param partition the partition
     * @param offset the offset of the next record to consume
     * @param metadata free text kept with the offset, or null
     */
    public record Partition(int partition, long offset, String metadata) {
    }

    /** Checks required fields. */
    public OffsetCommitRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_COMMIT;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.OFFSET_COMMIT.checkVersion(version);
        writer.writeString(groupId);
        writer.writeInt32(generationId);
        writer.writeString(memberId);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                pw.writeInt32(p.partition());
                pw.writeInt64(p.offset());
                pw.writeNullableString(p.metadata());
            });
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static OffsetCommitRequest read(WireReader reader, short version) {
        ApiKey.OFFSET_COMMIT.checkVersion(version);
        return new OffsetCommitRequest(reader.readString("groupId"), reader.readInt32("generationId"),
                reader.readString("memberId"),
                reader.readArray("topics", 6, r -> new Topic(r.readString("topics[].name"),
                        r.readArray("topics[].partitions", 14, pr -> new Partition(
                                pr.readInt32("topics[].partitions[].partition"),
                                pr.readInt64("topics[].partitions[].offset"),
                                pr.readNullableString("topics[].partitions[].metadata"))))));
    }
}
