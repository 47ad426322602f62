package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * Keeps a member's session alive; the answer tells it when a rebalance has begun.
 *
 * <p>Version 0: groupId string, generationId int32, memberId string.
 *
 * @param groupId the group
 * @param generationId the member's generation
 * @param memberId the member
 */
public record HeartbeatRequest(String groupId, int generationId, String memberId) implements ApiRequest {

    /** Checks required fields. */
    public HeartbeatRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.HEARTBEAT;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.HEARTBEAT.checkVersion(version);
        writer.writeString(groupId);
        writer.writeInt32(generationId);
        writer.writeString(memberId);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static HeartbeatRequest read(WireReader reader, short version) {
        ApiKey.HEARTBEAT.checkVersion(version);
        return new HeartbeatRequest(reader.readString("groupId"), reader.readInt32("generationId"),
                reader.readString("memberId"));
    }
}
