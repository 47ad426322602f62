package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * Finds, for each partition, the earliest offset whose timestamp is at or after a given time,
 * or the log's earliest or latest offset.
 *
 * <p>Version 0: replicaId int32, isolationLevel int8, topics [name string, partitions
 * [partition int32, currentLeaderEpoch int32, timestamp int64]].
 *
 * @param replicaId the follower's broker id, or -1 for a consumer
 * @param isolationLevel 0 read uncommitted (latest is the high watermark), 1 read committed (latest is the last stable offset)
 * @param topics the partitions to look up, grouped by topic
 */
public record ListOffsetsRequest(int replicaId, byte isolationLevel, List<ListOffsetsTopic> topics)
        implements ApiRequest {

    /** timestamp: the offset after the last record (the next offset to be written, or the last stable one). */
    public static final long LATEST_TIMESTAMP = -1L;
    /** timestamp: the log start offset. */
    public static final long EARLIEST_TIMESTAMP = -2L;

    /**
     * The partitions of one topic.
     *
     * @param name the topic name
     * @param partitions the partitions
     */
    public record ListOffsetsTopic(String name, List<ListOffsetsPartition> partitions) {
        /** Checks required fields. */
        public ListOffsetsTopic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * One partition to look up.
     *
     * @param partition the partition number
     * @param currentLeaderEpoch the leader epoch the client knows, or -1 to skip the check
     * @param timestamp the time in ms to search for, or {@link #LATEST_TIMESTAMP} or {@link #EARLIEST_TIMESTAMP}
     */
    public record ListOffsetsPartition(int partition, int currentLeaderEpoch, long timestamp) {
    }

    /** Checks required fields. */
    public ListOffsetsRequest {
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_OFFSETS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.LIST_OFFSETS.checkVersion(version);
        writer.writeInt32(replicaId);
        writer.writeInt8(isolationLevel);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                pw.writeInt32(p.partition());
                pw.writeInt32(p.currentLeaderEpoch());
                pw.writeInt64(p.timestamp());
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
    public static ListOffsetsRequest read(WireReader reader, short version) {
        ApiKey.LIST_OFFSETS.checkVersion(version);
        int replicaId = reader.readInt32("replicaId");
        byte isolationLevel = reader.readInt8("isolationLevel");
        List<ListOffsetsTopic> topics = reader.readArray("topics", 6, r -> new ListOffsetsTopic(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 16, pr -> new ListOffsetsPartition(
                        pr.readInt32("topics[].partitions[].partition"),
                        pr.readInt32("topics[].partitions[].currentLeaderEpoch"),
                        pr.readInt64("topics[].partitions[].timestamp")))));
        return new ListOffsetsRequest(replicaId, isolationLevel, topics);
    }
}
