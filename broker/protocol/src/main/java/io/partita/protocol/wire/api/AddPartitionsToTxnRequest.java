package io.partita.protocol.wire.api;

import io.partita.protocol.txn.Xid;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * Adds partitions to the ongoing transaction of a producer, before the producer sends
 * transactional batches to them. The coordinator remembers the partitions so that commit or
 * abort writes a marker to each.
 *
 * <p>Version 0: transactionalId nullable string, xid nullable (int8 presence flag, then
 * formatId int32, gtrid bytes, bqual bytes), producerId int64, producerEpoch int16,
 * topics [name string, partitions [int32]]. Exactly one of transactionalId and xid is set.
 *
 * @param transactionalId the producer's transactional id, or null for an XA transaction
 * @param xid the XA transaction, or null for a transactional id
 * @param producerId the producer id from InitProducerId or XaStart
 * @param producerEpoch the producer epoch from InitProducerId or XaStart
 * @param topics the partitions to add, grouped by topic
 */
public record AddPartitionsToTxnRequest(String transactionalId, Xid xid, long producerId, short producerEpoch,
                                        List<TopicPartitions> topics) implements ApiRequest {

    /**
     * Partitions of one topic.
     *
     * @param name the topic
     * @param partitions the partition numbers
     */
    public record TopicPartitions(String name, List<Integer> partitions) {
        /** Checks required fields. */
        public TopicPartitions {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /** Checks required fields. */
    public AddPartitionsToTxnRequest {
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.ADD_PARTITIONS_TO_TXN.checkVersion(version);
        writer.writeNullableString(transactionalId);
        TxnFields.writeNullableXid(writer, xid);
        writer.writeInt64(producerId);
        writer.writeInt16(producerEpoch);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> pw.writeInt32(p));
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static AddPartitionsToTxnRequest read(WireReader reader, short version) {
        ApiKey.ADD_PARTITIONS_TO_TXN.checkVersion(version);
        String transactionalId = reader.readNullableString("transactionalId");
        Xid xid = TxnFields.readNullableXid(reader, "xid");
        long producerId = reader.readInt64("producerId");
        short producerEpoch = reader.readInt16("producerEpoch");
        List<TopicPartitions> topics = reader.readArray("topics", 6, r -> new TopicPartitions(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 4, pr -> pr.readInt32("topics[].partitions[]"))));
        return new AddPartitionsToTxnRequest(transactionalId, xid, producerId, producerEpoch, topics);
    }
}
