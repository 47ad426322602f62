package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Ends a rebalance: the leader sends every member's assignment, the others send nothing and wait
 * for theirs.
 *
 * <p>Version 0: groupId string, generationId int32, memberId string, assignments [memberId string,
 * assignment bytes].
 *
 * @param groupId the group
 * @param generationId the generation the join returned
 * @param memberId this member's id
 * @param assignments each member's assignment (leader only; empty for followers)
 */
public record SyncGroupRequest(String groupId, int generationId, String memberId, List<Assignment> assignments)
        implements ApiRequest {

    /**
     * One member's assignment.
     *
     * @param memberId the member
     * @param assignment opaque to the broker
     */
    public record Assignment(String memberId, ByteBuffer assignment) {
        /** Checks required fields. */
        public Assignment {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(assignment, "assignment");
        }
    }

    /** Checks required fields. */
    public SyncGroupRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(assignments, "assignments");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SYNC_GROUP;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.SYNC_GROUP.checkVersion(version);
        writer.writeString(groupId);
        writer.writeInt32(generationId);
        writer.writeString(memberId);
        writer.writeArray(assignments, (w, a) -> {
            w.writeString(a.memberId());
            w.writeBytes(a.assignment().duplicate());
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static SyncGroupRequest read(WireReader reader, short version) {
        ApiKey.SYNC_GROUP.checkVersion(version);
        return new SyncGroupRequest(reader.readString("groupId"), reader.readInt32("generationId"),
                reader.readString("memberId"),
                reader.readArray("assignments", 6, r -> new Assignment(r.readString("assignments[].memberId"),
                        r.readBytes("assignments[].assignment"))));
    }
}
