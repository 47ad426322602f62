package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The vote of a branch in two-phase commit.
 *
 * <p>Version 0: error int16, errorMessage nullable string, readOnly boolean.
 *
 * @param error NONE (the branch is durably prepared, or read-only), or UNKNOWN_XID,
 *              INVALID_TXN_STATE, TRANSACTION_TIMED_OUT, STORAGE_ERROR, ...
 * @param errorMessage details naming the bad value, or null
 * @param readOnly true when the branch wrote nothing: it is already forgotten (XA_RDONLY)
 */
public record XaPrepareResponse(Errors error, String errorMessage, boolean readOnly) implements ApiResponse {

    /** Checks required fields. */
    public XaPrepareResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_PREPARE;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.XA_PREPARE.checkVersion(version);
        error.write(writer);
        writer.writeNullableString(errorMessage);
        writer.writeBoolean(readOnly);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static XaPrepareResponse read(WireReader reader, short version) {
        ApiKey.XA_PREPARE.checkVersion(version);
        return new XaPrepareResponse(Errors.read(reader, "error"), reader.readNullableString("errorMessage"),
                reader.readBoolean("readOnly"));
    }
}
