package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The coordinator found by a FindCoordinator request.
 *
 * <p>Version 0: error int16, errorMessage nullable string, nodeId int32, host string, port int32.
 *
 * @param error NONE, or why there is no coordinator (COORDINATOR_NOT_AVAILABLE, INVALID_GROUP_ID)
 * @param errorMessage details of the error, or null
 * @param nodeId the coordinator's broker id, or -1
 * @param host the coordinator's host, or "" on error
 * @param port the coordinator's port, or -1
 */
public record FindCoordinatorResponse(Errors error, String errorMessage, int nodeId, String host, int port)
        implements ApiResponse {

    /** Checks required fields. */
    public FindCoordinatorResponse {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(host, "host");
    }

    /** A failed look-up. */
    public static FindCoordinatorResponse failed(Errors error, String message) {
        return new FindCoordinatorResponse(error, message, -1, "", -1);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FIND_COORDINATOR;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.FIND_COORDINATOR.checkVersion(version);
        error.write(writer);
        writer.writeNullableString(errorMessage);
        writer.writeInt32(nodeId);
        writer.writeString(host);
        writer.writeInt32(port);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static FindCoordinatorResponse read(WireReader reader, short version) {
        ApiKey.FIND_COORDINATOR.checkVersion(version);
        return new FindCoordinatorResponse(Errors.read(reader, "error"), reader.readNullableString("errorMessage"),
                reader.readInt32("nodeId"), reader.readString("host"), reader.readInt32("port"));
    }
}
