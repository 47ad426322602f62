package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Appends record batches to partitions this broker leads.
 *
 * <p>Version 0: transactionalId nullable string, acks int16, timeoutMs int32,
 * topics [name string, partitions [partition int32, records nullable bytes (int32 length)]].
 * The records are opaque here: decoding returns them as a slice of the frame, without copying
 * or parsing; the broker validates the batches before appending.
 *
 * @param transactionalId the producer's transactional id, or null if it is not transactional
 * @param acks 0 (no response), 1 (leader appended) or -1 (all in-sync replicas appended); others are answered INVALID_REQUIRED_ACKS
 * @param timeoutMs how long the broker may wait for the replication acks requires
 * @param topics the data, grouped by topic
 */
public record ProduceRequest(String transactionalId, short acks, int timeoutMs, List<TopicData> topics)
        implements ApiRequest {

    /** acks: the broker sends no response. */
    public static final short ACKS_NONE = 0;
    /** acks: answer once the leader has appended. */
    public static final short ACKS_LEADER = 1;
    /** acks: answer once every in-sync replica has appended. */
    public static final short ACKS_ALL = -1;

    /**
     * The data for one topic.
     *
     * @param name the topic name
     * @param partitions the data for each partition
     */
    public record TopicData(String name, List<PartitionData> partitions) {
        /** Checks required fields. */
        public TopicData {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * The data for one partition.
     *
     * @param partition the partition number
     * @param records the record batches, bytes between position and limit, or null; a slice of the frame when decoded
     */
    public record PartitionData(int partition, ByteBuffer records) {
    }

    /** Checks required fields. */
    public ProduceRequest {
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.PRODUCE.checkVersion(version);
        writer.writeNullableString(transactionalId);
        writer.writeInt16(acks);
        writer.writeInt32(timeoutMs);
        writer.writeArray(topics, (w, t) -> {
            w.writeString(t.name());
            w.writeArray(t.partitions(), (pw, p) -> {
                pw.writeInt32(p.partition());
                pw.writeNullableBytes(p.records());
            });
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request; record buffers share memory with the reader's input
     */
    public static ProduceRequest read(WireReader reader, short version) {
        ApiKey.PRODUCE.checkVersion(version);
        String transactionalId = reader.readNullableString("transactionalId");
        short acks = reader.readInt16("acks");
        int timeoutMs = reader.readInt32("timeoutMs");
        List<TopicData> topics = reader.readArray("topics", 6, r -> new TopicData(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 8, pr -> new PartitionData(
                        pr.readInt32("topics[].partitions[].partition"),
                        pr.readNullableBytes("topics[].partitions[].records")))));
        return new ProduceRequest(transactionalId, acks, timeoutMs, topics);
    }
}
