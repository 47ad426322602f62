package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a Produce request for each partition. Not sent when acks is 0.
 *
 * <p>Version 0: topics [name string, partitions [partition int32, error int16,
 * baseOffset int64, logAppendTimeMs int64, logStartOffset int64, errorMessage nullable string]],
 * throttleTimeMs int32.
 *
 * @param topics the results, grouped by topic
 * @param throttleTimeMs how long the client should wait before sending again because of a quota, 0 if none
 */
public record ProduceResponse(List<TopicResponse> topics, int throttleTimeMs) implements ApiResponse {

    /**
     * The results for one topic.
     *
     * @param name the topic name
     * @param partitions the result for each partition
     */
    public record TopicResponse(String name, List<PartitionResponse> partitions) {
        /** Checks required fields. */
        public TopicResponse {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * The result for one partition.
     *
     * @param partition the partition number
     * @param error NONE if the records were appended, else why not
     * @param baseOffset the offset given to the first appended record, or -1 on error
     * @param logAppendTimeMs the broker's append time if the topic uses log-append time, else -1
     * @param logStartOffset the partition's first offset after the append, or -1 on error
     * @param errorMessage details beyond the error code, or null
     */
    public record PartitionResponse(int partition, Errors error, long baseOffset, long logAppendTimeMs,
                                    long logStartOffset, String errorMessage) {
        /** Checks required fields. */
        public PartitionResponse {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Checks required fields. */
    public ProduceResponse {
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.PRODUCE.checkVersion(version);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                pw.writeInt32(p.partition());
                p.error().write(pw);
                pw.writeInt64(p.baseOffset());
                pw.writeInt64(p.logAppendTimeMs());
                pw.writeInt64(p.logStartOffset());
                pw.writeNullableString(p.errorMessage());
            });
        });
        writer.writeInt32(throttleTimeMs);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static ProduceResponse read(WireReader reader, short version) {
        ApiKey.PRODUCE.checkVersion(version);
        List<TopicResponse> topics = reader.readArray("topics", 6, r -> new TopicResponse(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 32, pr -> new PartitionResponse(
                        pr.readInt32("topics[].partitions[].partition"),
                        Errors.read(pr, "topics[].partitions[].error"),
                        pr.readInt64("topics[].partitions[].baseOffset"),
                        pr.readInt64("topics[].partitions[].logAppendTimeMs"),
                        pr.readInt64("topics[].partitions[].logStartOffset"),
                        pr.readNullableString("topics[].partitions[].errorMessage")))));
        return new ProduceResponse(topics, reader.readInt32("throttleTimeMs"));
    }
}
