package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * Accepts, releases or rejects records a member acquired, as part of a transaction: the
 * acknowledgements are staged (the records stay locked to the transaction, whatever the member
 * does) and applied when the transaction commits, or released for redelivery when it aborts. The
 * transaction is named by the producer identity its sends carry: the one InitProducerId gave a
 * transactional id, or the one XaStart gave an XA branch. Answered once the staged
 * acknowledgements are durable.
 *
 * <p>Version 0: groupId string, memberId string, producerId int64, producerEpoch int16, topics
 * [name string, partitions [partition int32, acknowledgements [offset int64, type int8]]], with
 * the types of {@link ShareAcknowledgeRequest}.
 *
 * @param groupId the share group
 * @param memberId the member that acquired the records
 * @param producerId the transaction's producer id
 * @param producerEpoch the transaction's producer epoch
 * @param topics the acknowledgements, grouped by topic and partition
 */
public record TxnShareAcknowledgeRequest(String groupId, String memberId, long producerId, short producerEpoch,
                                         List<ShareAcknowledgeRequest.AckTopic> topics) implements ApiRequest {

    /** Checks required fields. */
    public TxnShareAcknowledgeRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.TXN_SHARE_ACKNOWLEDGE;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.TXN_SHARE_ACKNOWLEDGE.checkVersion(version);
        writer.writeString(groupId);
        writer.writeString(memberId);
        writer.writeInt64(producerId);
        writer.writeInt16(producerEpoch);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                pw.writeInt32(p.partition());
                pw.writeArray(p.acknowledgements(), (aw, a) -> {
                    aw.writeInt64(a.offset());
                    aw.writeInt8(a.type());
                });
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
    public static TxnShareAcknowledgeRequest read(WireReader reader, short version) {
        ApiKey.TXN_SHARE_ACKNOWLEDGE.checkVersion(version);
        String groupId = reader.readString("groupId");
        String memberId = reader.readString("memberId");
        long producerId = reader.readInt64("producerId");
        short producerEpoch = reader.readInt16("producerEpoch");
        List<ShareAcknowledgeRequest.AckTopic> topics = reader.readArray("topics", 6, r -> new ShareAcknowledgeRequest.AckTopic(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 8, pr -> new ShareAcknowledgeRequest.AckPartition(
                        pr.readInt32("topics[].partitions[].partition"),
                        pr.readArray("topics[].partitions[].acknowledgements", 9, ar -> new ShareAcknowledgeRequest.Ack(
                                ar.readInt64("acknowledgements[].offset"),
                                ar.readInt8("acknowledgements[].type")))))));
        return new TxnShareAcknowledgeRequest(groupId, memberId, producerId, producerEpoch, topics);
    }
}
