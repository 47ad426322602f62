package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A member's assignment for the generation.
 *
 * <p>Version 0: error int16, assignment bytes.
 *
 * @param error NONE, or why there is no assignment (REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, ...)
 * @param assignment the member's assignment; empty on error
 */
public record SyncGroupResponse(Errors error, ByteBuffer assignment) implements ApiResponse {

    /** Checks required fields. */
    public SyncGroupResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(assignment, "assignment");
    }

    /** A failed sync. */
    public static SyncGroupResponse failed(Errors error) {
        return new SyncGroupResponse(error, ByteBuffer.allocate(0));
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SYNC_GROUP;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.SYNC_GROUP.checkVersion(version);
        error.write(writer);
        writer.writeBytes(assignment.duplicate());
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static SyncGroupResponse read(WireReader reader, short version) {
        ApiKey.SYNC_GROUP.checkVersion(version);
        return new SyncGroupResponse(Errors.read(reader, "error"), reader.readBytes("assignment"));
    }
}
