package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * Accepts, releases or rejects records a member acquired, and optionally leaves the group
 * (releasing every record it still holds). Answered once the outcome is durable.
 *
 * <p>Version 0: groupId string, memberId string, leave boolean, topics [name string, partitions
 * [partition int32, acknowledgements [offset int64, type int8]]].
 *
 * @param groupId the share group
 * @param memberId the member that acquired the records
 * @param leave whether the member leaves after these acknowledgements
 * @param topics the acknowledgements, grouped by topic and partition
 */
public record ShareAcknowledgeRequest(String groupId, String memberId, boolean leave, List<AckTopic> topics)
        implements ApiRequest {

    /** type: processed; never delivered again. */
    public static final byte ACCEPT = 1;
    /** type: not processed; available again, the delivery count kept. */
    public static final byte RELEASE = 2;
    /** type: cannot be processed; moved to the dead-letter destination. */
    public static final byte REJECT = 3;
    /**
     * type: never handed to the application (prefetched, then given back); available again with
     * the delivery count it had before this delivery, which therefore does not count.
     */
    public static final byte RETURN = 4;

    /**
     * The acknowledgements of one topic.
     *
     * @param name the topic name
     * @param partitions the partitions
     */
    public record AckTopic(String name, List<AckPartition> partitions) {
        /** Checks required fields. */
        public AckTopic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /**
     * The acknowledgements of one partition.
     *
     * @param partition the partition number
     * @param acknowledgements one per record
     */
    public record AckPartition(int partition, List<Ack> acknowledgements) {
        /** Checks required fields. */
        public AckPartition {
            Objects.requireNonNull(acknowledgements, "acknowledgements");
        }
    }

    /**
     * One acknowledgement.
     *
     * @param offset the record's offset
     * @param type {@link #ACCEPT}, {@link #RELEASE}, {@link #REJECT} or {@link #RETURN}
     */
    public record Ack(long offset, byte type) {
    }

    /** Checks required fields. */
    public ShareAcknowledgeRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SHARE_ACKNOWLEDGE;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.SHARE_ACKNOWLEDGE.checkVersion(version);
        writer.writeString(groupId);
        writer.writeString(memberId);
        writer.writeBoolean(leave);
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
    public static ShareAcknowledgeRequest read(WireReader reader, short version) {
        ApiKey.SHARE_ACKNOWLEDGE.checkVersion(version);
        String groupId = reader.readString("groupId");
        String memberId = reader.readString("memberId");
        boolean leave = reader.readBoolean("leave");
        List<AckTopic> topics = reader.readArray("topics", 6, r -> new AckTopic(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 8, pr -> new AckPartition(
                        pr.readInt32("topics[].partitions[].partition"),
                        pr.readArray("topics[].partitions[].acknowledgements", 9, ar -> new Ack(
                                ar.readInt64("acknowledgements[].offset"),
                                ar.readInt8("acknowledgements[].type")))))));
        return new ShareAcknowledgeRequest(groupId, memberId, leave, topics);
    }
}
