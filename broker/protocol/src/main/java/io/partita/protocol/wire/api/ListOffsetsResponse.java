package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * The offsets found for each partition of a ListOffsets request.
 *
 * <p>Version 0: topics [name string, partitions [partition int32, error int16,
 * timestamp int64, offset int64, leaderEpoch int32]].
 *
 * @param topics the results, grouped by topic
 */
public record ListOffsetsResponse(List<ListOffsetsTopicResponse> topics) implements ApiResponse {

    /**
     * The results for one topic.
     *
     * @param name the topic name
     * @param partitions the result for each partition
     */
    public record ListOffsetsTopicResponse(String name, List<ListOffsetsPartitionResponse> partitions) {
        /** Checks required fields. */
        public ListOffsetsTopicResponse {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * The result for one partition.
     *
     * @param partition the partition number
     * @param error NONE, or why no offset was found
     * @param timestamp the timestamp of the record found, or -1 for earliest, latest or none
     * @param offset the offset found, or -1 if no record is at or after the timestamp
     * @param leaderEpoch the leader epoch of the record found, or -1
     */
    public record ListOffsetsPartitionResponse(int partition, Errors error, long timestamp, long offset,
                                               int leaderEpoch) {
        /** Checks required fields. */
        public ListOffsetsPartitionResponse {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Checks required fields. */
    public ListOffsetsResponse {
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_OFFSETS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.LIST_OFFSETS.checkVersion(version);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                pw.writeInt32(p.partition());
                p.error().write(pw);
                pw.writeInt64(p.timestamp());
                pw.writeInt64(p.offset());
                pw.writeInt32(p.leaderEpoch());
            });
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static ListOffsetsResponse read(WireReader reader, short version) {
        ApiKey.LIST_OFFSETS.checkVersion(version);
        return new ListOffsetsResponse(reader.readArray("topics", 6, r -> new ListOffsetsTopicResponse(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 26, pr -> new ListOffsetsPartitionResponse(
                        pr.readInt32("topics[].partitions[].partition"),
                        Errors.read(pr, "topics[].partitions[].error"),
                        pr.readInt64("topics[].partitions[].timestamp"),
                        pr.readInt64("topics[].partitions[].offset"),
                        pr.readInt32("topics[].partitions[].leaderEpoch"))))));
    }
}
