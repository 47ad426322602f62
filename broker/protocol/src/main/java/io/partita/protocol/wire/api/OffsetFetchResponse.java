package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * A group's committed offsets.
 *
 * <p>Version 0: error int16, topics [name string, partitions [partition int32, offset int64,
 * metadata nullable string, error int16]].
 *
 * @param error NONE, or a group-level error (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, ...)
 * @param topics the offsets, grouped by topic
 */
public record OffsetFetchResponse(Errors error, List<Topic> topics) implements ApiResponse {

    /** The offset of a partition without a committed offset. */
    public static final long NO_OFFSET = -1L;

    /**
     * The offsets of one topic.
     *
     * @param name the topic
     * @param partitions the offset of each partition
     */
    public record Topic(String name, List<Partition> partitions) {
        /** Checks required fields. */
        public Topic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * One partition's committed offset.
     *
     * @param partition the partition
     * @param offset the committed offset, or {@link #NO_OFFSET}
     * @param metadata the text committed with it, or null
     * @param error NONE, or why it could not be read
     */
    public record Partition(int partition, long offset, String metadata, Errors error) {
        /** Checks required fields. */
        public Partition {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Checks required fields. */
    public OffsetFetchResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_FETCH;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.OFFSET_FETCH.checkVersion(version);
        error.write(writer);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                pw.writeInt32(p.partition());
                pw.writeInt64(p.offset());
                pw.writeNullableString(p.metadata());
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
    public static OffsetFetchResponse read(WireReader reader, short version) {
        ApiKey.OFFSET_FETCH.checkVersion(version);
        return new OffsetFetchResponse(Errors.read(reader, "error"),
                reader.readArray("topics", 6, r -> new Topic(r.readString("topics[].name"),
                        r.readArray("topics[].partitions", 16, pr -> new Partition(
                                pr.readInt32("topics[].partitions[].partition"),
                                pr.readInt64("topics[].partitions[].offset"),
                                pr.readNullableString("topics[].partitions[].metadata"),
                                Errors.read(pr, "topics[].partitions[].error"))))));
    }
}
