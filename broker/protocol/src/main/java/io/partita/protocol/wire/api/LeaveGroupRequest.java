package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * Leaves a group at once, instead of waiting for the session timeout; the others rebalance.
 *
 * <p>Version 0: groupId string, memberId string.
 *
 * @param groupId the group
 * @param memberId the member leaving
 */
public record LeaveGroupRequest(String groupId, String memberId) implements ApiRequest {

    /** Checks required fields. */
    public LeaveGroupRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LEAVE_GROUP;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.LEAVE_GROUP.checkVersion(version);
        writer.writeString(groupId);
        writer.writeString(memberId);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static LeaveGroupRequest read(WireReader reader, short version) {
        ApiKey.LEAVE_GROUP.checkVersion(version);
        return new LeaveGroupRequest(reader.readString("groupId"), reader.readString("memberId"));
    }
}
