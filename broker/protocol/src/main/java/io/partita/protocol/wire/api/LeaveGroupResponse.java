package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The answer to a LeaveGroup request.
 *
 * <p>Version 0: error int16.
 *
 * @param error NONE, or UNKNOWN_MEMBER_ID, NOT_COORDINATOR, ...
 */
public record LeaveGroupResponse(Errors error) implements ApiResponse {

    /** Checks required fields. */
    public LeaveGroupResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LEAVE_GROUP;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.LEAVE_GROUP.checkVersion(version);
        error.write(writer);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static LeaveGroupResponse read(WireReader reader, short version) {
        ApiKey.LEAVE_GROUP.checkVersion(version);
        return new LeaveGroupResponse(Errors.read(reader, "error"));
    }
}
