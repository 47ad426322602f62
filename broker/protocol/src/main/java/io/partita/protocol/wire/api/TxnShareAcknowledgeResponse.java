package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a TxnShareAcknowledge. A request-level error (PRODUCER_FENCED,
 * INVALID_PRODUCER_ID_MAPPING, INVALID_TXN_STATE, CONCURRENT_TRANSACTIONS, TRANSACTION_TIMED_OUT,
 * TRANSACTION_ROLLED_BACK, GROUP_ID_NOT_FOUND, STORAGE_ERROR) means nothing was staged; a
 * partition's error (INVALID_RECORD_STATE) means some of its records were not held by the member
 * and were not staged, the others were.
 *
 * <p>Version 0: the layout of ShareAcknowledge's response: error int16, errorMessage nullable
 * string, topics [name string, partitions [partition int32, error int16, errorMessage nullable
 * string]].
 *
 * @param error NONE, or why nothing was staged
 * @param errorMessage more about the error, or null
 * @param topics the outcomes, grouped by topic
 */
public record TxnShareAcknowledgeResponse(Errors error, String errorMessage,
                                          List<ShareAcknowledgeResponse.AckTopicResponse> topics) implements ApiResponse {

    /** Checks required fields. */
    public TxnShareAcknowledgeResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.TXN_SHARE_ACKNOWLEDGE;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.TXN_SHARE_ACKNOWLEDGE.checkVersion(version);
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
    public static TxnShareAcknowledgeResponse read(WireReader reader, short version) {
        ApiKey.TXN_SHARE_ACKNOWLEDGE.checkVersion(version);
        Errors error = Errors.read(reader, "error");
        String message = reader.readNullableString("errorMessage");
        List<ShareAcknowledgeResponse.AckTopicResponse> topics = reader.readArray("topics", 6,
                r -> new ShareAcknowledgeResponse.AckTopicResponse(
                        r.readString("topics[].name"),
                        r.readArray("topics[].partitions", 8, pr -> new ShareAcknowledgeResponse.AckPartitionResponse(
                                pr.readInt32("topics[].partitions[].partition"),
                                Errors.read(pr, "topics[].partitions[].error"),
                                pr.readNullableString("topics[].partitions[].errorMessage")))));
        return new TxnShareAcknowledgeResponse(error, message, topics);
    }
}
