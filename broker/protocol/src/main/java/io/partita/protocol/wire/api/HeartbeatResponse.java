package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The answer to a heartbeat.
 *
 * <p>Version 0: error int16.
 *
 * @param error NONE; REBALANCE_IN_PROGRESS when the member must rejoin; UNKNOWN_MEMBER_ID or
 *              ILLEGAL_GENERATION when it was removed or is behind
 */
public record HeartbeatResponse(Errors error) implements ApiResponse {

    /** Checks required fields. */
    public HeartbeatResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.HEARTBEAT;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.HEARTBEAT.checkVersion(version);
        error.write(writer);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static HeartbeatResponse read(WireReader reader, short version) {
        ApiKey.HEARTBEAT.checkVersion(version);
        return new HeartbeatResponse(Errors.read(reader, "error"));
    }
}
