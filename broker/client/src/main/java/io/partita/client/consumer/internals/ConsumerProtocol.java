package io.partita.client.consumer.internals;

import io.partita.client.consumer.assignor.PartitionAssignor;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes consumers put in the group protocol, opaque to the broker: the subscription sent
 * with JoinGroup (protocol type "consumer", one protocol per assignor) and the assignment the
 * leader hands out through SyncGroup.
 *
 * <pre>
 * subscription: version int16 = 0, topics [string], userData nullable bytes,
 *               ownedPartitions [topic string, partitions [int32]]
 * assignment:   version int16 = 0, partitions [topic string, partitions [int32]], userData nullable bytes
 * </pre>
 *
 * An empty assignment (zero bytes) means no partitions. Stateless and thread-safe.
 */
public final class ConsumerProtocol {
    /** The protocol type of consumer groups. */
    public static final String PROTOCOL_TYPE = "consumer";

    private ConsumerProtocol() {
    }

    public static ByteBuffer encodeSubscription(PartitionAssignor.Subscription s) {
        WireWriter w = new WireWriter(64);
        w.writeInt16(0);
        w.writeArray(s.topics(), WireWriter::writeString);
        w.writeNullableBytes(null);
        writePartitions(w, s.ownedPartitions());
        return w.toByteBuffer();
    }

    public static PartitionAssignor.Subscription decodeSubscription(ByteBuffer bytes) {
        WireReader r = new WireReader(bytes);
        r.readInt16("version");
        List<String> topics = r.readArray("topics", 2, tr -> tr.readString("topics[]"));
        r.readNullableBytes("userData");
        List<TopicPartition> owned = r.hasRemaining() ? readPartitions(r) : List.of();
        return new PartitionAssignor.Subscription(topics, owned);
    }

    public static ByteBuffer encodeAssignment(List<TopicPartition> partitions) {
        WireWriter w = new WireWriter(64);
        w.writeInt16(0);
        writePartitions(w, partitions);
        w.writeNullableBytes(null);
        return w.toByteBuffer();
    }

    public static List<TopicPartition> decodeAssignment(ByteBuffer bytes) {
        if (!bytes.hasRemaining()) {
            return List.of();
        }
        WireReader r = new WireReader(bytes);
        r.readInt16("version");
        return readPartitions(r);
    }

    private static void writePartitions(WireWriter w, List<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition());
        }
        w.writeArray(new ArrayList<>(byTopic.entrySet()), (tw, e) -> {
            tw.writeString(e.getKey());
            tw.writeArray(e.getValue(), WireWriter::writeInt32);
        });
    }

    private static List<TopicPartition> readPartitions(WireReader r) {
        List<TopicPartition> out = new ArrayList<>();
        r.readArray("partitions", 6, tr -> {
            String topic = tr.readString("partitions[].topic");
            for (int p : tr.readArray("partitions[].partitions", 4, pr -> pr.readInt32("partitions[].partitions[]"))) {
                out.add(new TopicPartition(topic, p));
            }
            return topic;
        });
        return out;
    }
}
