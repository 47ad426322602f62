package io.partita.broker.group;

import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.MalformedFrameException;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The keys and values of the records in {@code __consumer_offsets}. Each key is unique per thing
 * it describes, so that compaction by key keeps the latest state, and a record with a null value
 * (a tombstone) deletes it.
 *
 * <pre>
 * offset commit key:   version int16 = 1, group string, topic string, partition int32
 * offset commit value: version int16 = 0, offset int64, metadata nullable string, commitTimestamp int64
 * group key:           version int16 = 2, group string
 * group value:         version int16 = 0, protocolType string, generation int32, protocol nullable string,
 *                      leader nullable string, timestamp int64,
 *                      members [memberId string, clientId string, clientHost string, sessionTimeoutMs int32,
 *                               rebalanceTimeoutMs int32, subscription bytes, assignment bytes]
 * </pre>
 *
 * Strings are int16-length-prefixed UTF-8 and integers big-endian, as on the wire. Stateless and
 * thread-safe.
 */
public final class OffsetsTopicFormat {
    /** Key version of an offset commit. */
    public static final short OFFSET_KEY = 1;
    /** Key version of a group's metadata. */
    public static final short GROUP_KEY = 2;

    private OffsetsTopicFormat() {
    }

    /** A decoded key: an offset commit ({@code tp} set) or group metadata ({@code tp} null). */
    public record Key(String group, TopicPartition tp) {
    }

    /** A member as written in a group value. */
    public record StoredMember(String memberId, String clientId, String clientHost, int sessionTimeoutMs,
            int rebalanceTimeoutMs, ByteBuffer subscription, ByteBuffer assignment) {
    }

    /** A decoded group value. */
    public record GroupValue(String protocolType, int generation, String protocol, String leader, long timestampMs,
            List<StoredMember> members) {
    }

    public static ByteBuffer offsetKey(String group, TopicPartition tp) {
        WireWriter w = new WireWriter(64);
        w.writeInt16(OFFSET_KEY);
        w.writeString(group);
        w.writeString(tp.topic());
        w.writeInt32(tp.partition());
        return w.toByteBuffer();
    }

    public static ByteBuffer offsetValue(OffsetAndMetadata value) {
        WireWriter w = new WireWriter(32);
        w.writeInt16(0);
        w.writeInt64(value.offset());
        w.writeNullableString(value.metadata());
        w.writeInt64(value.commitTimestampMs());
        return w.toByteBuffer();
    }

    public static ByteBuffer groupKey(String group) {
        WireWriter w = new WireWriter(32);
        w.writeInt16(GROUP_KEY);
        w.writeString(group);
        return w.toByteBuffer();
    }

    public static ByteBuffer groupValue(GroupValue value) {
        WireWriter w = new WireWriter(256);
        w.writeInt16(0);
        w.writeString(value.protocolType());
        w.writeInt32(value.generation());
        w.writeNullableString(value.protocol());
        w.writeNullableString(value.leader());
        w.writeInt64(value.timestampMs());
        w.writeArray(value.members(), (mw, m) -> {
            mw.writeString(m.memberId());
            mw.writeString(m.clientId());
            mw.writeString(m.clientHost());
            mw.writeInt32(m.sessionTimeoutMs());
            mw.writeInt32(m.rebalanceTimeoutMs());
            mw.writeBytes(m.subscription().duplicate());
            mw.writeBytes(m.assignment().duplicate());
        });
        return w.toByteBuffer();
    }

    /**
     * Decodes a key.
     *
     * @throws MalformedFrameException when the bytes are not a key of a known version
     */
    public static Key readKey(ByteBuffer key) {
        WireReader r = new WireReader(key);
        short version = r.readInt16("key.version");
        Key out = switch (version) {
            case OFFSET_KEY -> new Key(r.readString("key.group"),
                    new TopicPartition(r.readString("key.topic"), r.readInt32("key.partition")));
            case GROUP_KEY -> new Key(r.readString("key.group"), null);
            default -> throw new MalformedFrameException("key.version", 0, "unknown __consumer_offsets key version " + version);
        };
        r.expectEnd("__consumer_offsets key");
        return out;
    }

    /** Decodes an offset commit value. */
    public static OffsetAndMetadata readOffsetValue(ByteBuffer value) {
        WireReader r = new WireReader(value);
        short version = r.readInt16("value.version");
        if (version != 0) {
            throw new MalformedFrameException("value.version", 0, "unknown offset commit value version " + version);
        }
        return new OffsetAndMetadata(r.readInt64("value.offset"), r.readNullableString("value.metadata"),
                r.readInt64("value.commitTimestamp"));
    }

    /** Decodes a group value. */
    public static GroupValue readGroupValue(ByteBuffer value) {
        WireReader r = new WireReader(value);
        short version = r.readInt16("value.version");
        if (version != 0) {
            throw new MalformedFrameException("value.version", 0, "unknown group value version " + version);
        }
        return new GroupValue(r.readString("value.protocolType"), r.readInt32("value.generation"),
                r.readNullableString("value.protocol"), r.readNullableString("value.leader"),
                r.readInt64("value.timestamp"),
                r.readArray("value.members", 22, mr -> new StoredMember(mr.readString("memberId"),
                        mr.readString("clientId"), mr.readString("clientHost"), mr.readInt32("sessionTimeoutMs"),
                        mr.readInt32("rebalanceTimeoutMs"), mr.readBytes("subscription"), mr.readBytes("assignment"))));
    }
}
