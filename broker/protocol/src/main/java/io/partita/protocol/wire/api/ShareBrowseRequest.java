package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * Asks which records of a share group are finished (acknowledged or archived) in ranges of
 * offsets of one topic's partitions, so a browser can show only what is still on a queue. It
 * acquires, locks and changes nothing.
 *
 * <p>Version 0: groupId string, topic string, partitions [partition int32, fromOffset int64,
 * toOffset int64].
 *
 * @param groupId the share group
 * @param topic the topic
 * @param partitions the ranges asked about, one per partition
 */
public record ShareBrowseRequest(String groupId, String topic, List<BrowseRange> partitions) implements ApiRequest {

    /**
     * A range of offsets of one partition.
     *
     * @param partition the partition number
     * @param fromOffset the first offset asked about
     * @param toOffset the offset after the last one asked about
     */
    public record BrowseRange(int partition, long fromOffset, long toOffset) {
    }

    /** Checks required fields. */
    public ShareBrowseRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(partitions, "partitions");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SHARE_BROWSE;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.SHARE_BROWSE.checkVersion(version);
        writer.writeString(groupId);
        writer.writeString(topic);
        writer.writeArray(partitions, (w, p) -> {
            w.writeInt32(p.partition());
            w.writeInt64(p.fromOffset());
            w.writeInt64(p.toOffset());
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static ShareBrowseRequest read(WireReader reader, short version) {
        ApiKey.SHARE_BROWSE.checkVersion(version);
        String groupId = reader.readString("groupId");
        String topic = reader.readString("topic");
        List<BrowseRange> partitions = reader.readArray("partitions", 20, r -> new BrowseRange(
                r.readInt32("partitions[].partition"),
                r.readInt64("partitions[].fromOffset"),
                r.readInt64("partitions[].toOffset")));
        return new ShareBrowseRequest(groupId, topic, partitions);
    }
}
