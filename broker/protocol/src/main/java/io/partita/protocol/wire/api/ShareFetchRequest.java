package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * Acquires records of a share group for one member: up to {@code maxRecords} AVAILABLE records
 * of the listed partitions that match the member's selector, each locked for the member until it
 * acknowledges it or its lock times out. Waits up to {@code maxWaitMs} when none is available
 * (long poll). The first fetch of an unknown group creates it, starting at the earliest offset.
 *
 * <p>Version 0: groupId string, memberId string, maxWaitMs int32, maxRecords int32,
 * selector nullable string, topics [name string, partitions [partition int32]].
 *
 * @param groupId the share group (a queue's group {@code queue:<name>}, or a subscription's name)
 * @param memberId the member, chosen by the client and unique within the group (a UUID)
 * @param maxWaitMs the longest the broker may hold the request when nothing is available
 * @param maxRecords the most records to acquire, at least 1
 * @param selector the member's message selector, or null to take every record
 * @param topics the partitions to acquire from, grouped by topic
 */
public record ShareFetchRequest(String groupId, String memberId, int maxWaitMs, int maxRecords, String selector,
                                List<ShareFetchTopic> topics) implements ApiRequest {

    /**
     * The partitions of one topic.
     *
     * @param name the topic name
     * @param partitions the partition numbers
     */
    public record ShareFetchTopic(String name, List<Integer> partitions) {
        /** Checks required fields. */
        public ShareFetchTopic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitions, "partitions");
        }
    }

    /** Checks required fields. */
    public ShareFetchRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(topics, "topics");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SHARE_FETCH;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.SHARE_FETCH.checkVersion(version);
        writer.writeString(groupId);
        writer.writeString(memberId);
        writer.writeInt32(maxWaitMs);
        writer.writeInt32(maxRecords);
        writer.writeNullableString(selector);
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
    public static ShareFetchRequest read(WireReader reader, short version) {
        ApiKey.SHARE_FETCH.checkVersion(version);
        String groupId = reader.readString("groupId");
        String memberId = reader.readString("memberId");
        int maxWaitMs = reader.readInt32("maxWaitMs");
        int maxRecords = reader.readInt32("maxRecords");
        String selector = reader.readNullableString("selector");
        List<ShareFetchTopic> topics = reader.readArray("topics", 6, r -> new ShareFetchTopic(
                r.readString("topics[].name"),
                r.readArray("topics[].partitions", 4, pr -> pr.readInt32("topics[].partitions[]"))));
        return new ShareFetchRequest(groupId, memberId, maxWaitMs, maxRecords, selector, topics);
    }
}
