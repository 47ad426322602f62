package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of AddPartitionsToTxn.
 *
 * <p>Version 0: error int16, errorMessage nullable string, topics [name string, partitions
 * [partition int32, error int16]]. A request-level error (fencing, unknown transaction, wrong
 * state) leaves the partition list empty; otherwise each partition says whether it was added.
 * Nothing is added unless every partition can be.
 *
 * @param error NONE, or why no partition was added (PRODUCER_FENCED, INVALID_TXN_STATE, ...)
 * @param errorMessage details naming the bad value, or null
 * @param topics per-partition outcomes
 */
public record AddPartitionsToTxnResponse(Errors error, String errorMessage, List<TopicResults> topics)
        implements ApiResponse {

    /**
     * Outcomes for one topic.
     *
     * @param name the topic
     * @param partitions the outcome for each partition
     */
    public record TopicResults(String name, List<PartitionResult> partitions) {
        /** Checks required fields. */
        public TopicResults {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * @param partition the partition number
     * @param error NONE, UNKNOWN_TOPIC_OR_PARTITION, or INVALID_TXN_STATE when another partition failed
     */
    public record PartitionResult(int partition, Errors error) {
        /** Checks required fields. */
        public PartitionResult {
            Objects.requireNonNull(error, "error");
        }
    }

    /** Checks required fields. */
    public AddPartitionsToTxnResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.ADD_PARTITIONS_TO_TXN.checkVersion(version);
        error.write(writer);
        writer.writeNullableString(errorMessage);
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
    public static AddPartitionsToTxnResponse read(WireReader reader, short version) {
        ApiKey.ADD_PARTITIONS_TO_TXN.checkVersion(version);
        Errors error = Errors.read(reader, "error");
        String message = reader.readNullableString("errorMessage");
        List<TopicResults> topics = reader.readArray("topics", 6, r -> new TopicResults(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 6, pr -> new PartitionResult(
                        pr.readInt32("topics[].partitions[].partition"),
                        Errors.read(pr, "topics[].partitions[].error")))));
        return new AddPartitionsToTxnResponse(error, message, topics);
    }
}
