package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The outcome of a ClientIdClaim.
 *
 * <p>Version 0: error int16, errorMessage nullable string.
 *
 * @param error NONE, CLIENT_ID_IN_USE (another owner holds the id) or INVALID_REQUEST (an empty id)
 * @param errorMessage more about the error, or null
 */
public record ClientIdClaimResponse(Errors error, String errorMessage) implements ApiResponse {

    /** Checks required fields. */
    public ClientIdClaimResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CLIENT_ID_CLAIM;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.CLIENT_ID_CLAIM.checkVersion(version);
        error.write(writer);
        writer.writeNullableString(errorMessage);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static ClientIdClaimResponse read(WireReader reader, short version) {
        ApiKey.CLIENT_ID_CLAIM.checkVersion(version);
        return new ClientIdClaimResponse(Errors.read(reader, "error"), reader.readNullableString("errorMessage"));
    }
}
