package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of an OffsetCommit for each partition. NONE means the offset is durable in
 * {@code __consumer_offsets}.
 *
 * <p>Version 0: topics [name string, partitions [partition int32, error int16]].
 *
 * @param topics the results, grouped by topic
 */
public record OffsetCommitResponse(List<Topic> topics) implements ApiResponse {

    /**
     * The results of one topic.
     *
     * @param name the topic
     * @param partitions the result of each partition
     */
    public record Topic(String name, List<Partition> partitions) {
        /** Checks required fields. */
        public Topic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * The result of one partition.
     *
     * @param partition the partition
     * @param error NONE, or why the offset was not committed
     */
    public record Partition(int partition, Errors error) {
        /** Checks required fields. */
        public Partition {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Checks required fields. */
    public OffsetCommitResponse {
        Objects.requireNonNull(topics, "topics");
    }

    /** The same error for every partition of {@code request}. */
    public static OffsetCommitResponse allFailed(OffsetCommitRequest request, Errors error) {
        return new OffsetCommitResponse(request.topics().stream().map(t -> new Topic(t.name(),
                t.partitions().stream().map(p -> new Partition(p.partition(), error)).toList())).toList());
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_COMMIT;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.OFFSET_COMMIT.checkVersion(version);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                pw.writeInt32(p.partition());
                p.error().write(pw);
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
    public static OffsetCommitResponse read(WireReader reader, short version) {
        ApiKey.OFFSET_COMMIT.checkVersion(version);
        return new OffsetCommitResponse(reader.readArray("topics", 6, r -> new Topic(r.readString("topics[].name"),
                r.readArray("topics[].partitions", 6, pr -> new Partition(
                        pr.readInt32("topics[].partitions[].partition"),
                        Errors.read(pr, "topics[].partitions[].error"))))));
    }
}
