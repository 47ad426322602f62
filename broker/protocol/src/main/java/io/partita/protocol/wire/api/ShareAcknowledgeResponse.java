package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a ShareAcknowledge, per partition. A partition's error says that at least one
 * of its acknowledgements failed (the others were applied); the message names the offsets.
 *
 * <p>Version 0: error int16, errorMessage nullable string, topics [name string, partitions
 * [partition int32, error int16, errorMessage nullable string]].
 *
 * @param error NONE, or why the whole request failed
 * @param errorMessage more about the error, or null
 * @param topics the outcomes, grouped by topic
 */
public record ShareAcknowledgeResponse(Errors error, String errorMessage, List<AckTopicResponse> topics)
        implements ApiResponse {

    /**
     * The outcomes of one topic.
     *
     * @param name the topic name
     * @param partitions the partitions
     */
    public record AckTopicResponse(String name, List<AckPartitionResponse> partitions) {
        /** Checks required fields. */
        public AckTopicResponse {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * The outcome of one partition.
     *
     * @param partition the partition number
     * @param error NONE, or the first failure
     * @param errorMessage more about the failure, or null
     */
    public record AckPartitionResponse(int partition, Errors error, String errorMessage) {
        /** Checks required fields. */
        public AckPartitionResponse {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Checks required fields. */
    public ShareAcknowledgeResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SHARE_ACKNOWLEDGE;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.SHARE_ACKNOWLEDGE.checkVersion(version);
        error.write(writer);
        writer.writeNullableString(errorMessage);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                pw.writeInt32(p.partition());
                p.error().write(pw);
                pw.writeNullableString(p.errorMessage());
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
    public static ShareAcknowledgeResponse read(WireReader reader, short version) {
        ApiKey.SHARE_ACKNOWLEDGE.checkVersion(version);
        Errors error = Errors.read(reader, "error");
        String message = reader.readNullableString("errorMessage");
        List<AckTopicResponse> topics = reader.readArray("topics", 6, r -> new AckTopicResponse(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 8, pr -> new AckPartitionResponse(
                        pr.readInt32("topics[].partitions[].partition"),
                        Errors.read(pr, "topics[].partitions[].error"),
                        pr.readNullableString("topics[].partitions[].errorMessage")))));
        return new ShareAcknowledgeResponse(error, message, topics);
    }
}
