package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a join: the new generation, its protocol and leader, and, for the leader only,
 * every member with its metadata so that it can compute the assignment.
 *
 * <p>Version 0: error int16, generationId int32, protocolName nullable string, leader string,
 * memberId string, members [memberId string, metadata bytes].
 *
 * @param error NONE, or why the member did not join
 * @param generationId the generation the member is now part of, or -1
 * @param protocolName the protocol chosen for the generation, or null
 * @param leader the member id of the leader, or ""
 * @param memberId this member's id (assigned on the first join), or ""
 * @param members every member with its metadata for the chosen protocol; empty for followers
 */
public record JoinGroupResponse(Errors error, int generationId, String protocolName, String leader, String memberId,
        List<Member> members) implements ApiResponse {

    /**
     * One member, as the leader sees it.
     *
     * @param memberId the member's id
     * @param metadata its metadata for the chosen protocol
     */
    public record Member(String memberId, ByteBuffer metadata) {
        /** Checks required fields. */
        public Member {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(metadata, "metadata");
        }
    }

    /** Checks required fields. */
    public JoinGroupResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(leader, "leader");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(members, "members");
    }

    /** A failed join. */
    public static JoinGroupResponse failed(Errors error, String memberId) {
        return new JoinGroupResponse(error, -1, null, "", memberId, List.of());
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.JOIN_GROUP;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.JOIN_GROUP.checkVersion(version);
        error.write(writer);
        writer.writeInt32(generationId);
        writer.writeNullableString(protocolName);
        writer.writeString(leader);
        writer.writeString(memberId);
        writer.writeArray(members, (w, m) -> {
            w.writeString(m.memberId());
            w.writeBytes(m.metadata().duplicate());
        });
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static JoinGroupResponse read(WireReader reader, short version) {
        ApiKey.JOIN_GROUP.checkVersion(version);
        return new JoinGroupResponse(Errors.read(reader, "error"), reader.readInt32("generationId"),
                reader.readNullableString("protocolName"), reader.readString("leader"), reader.readString("memberId"),
                reader.readArray("members", 6, r -> new Member(r.readString("members[].memberId"),
                        r.readBytes("members[].metadata"))));
    }
}
