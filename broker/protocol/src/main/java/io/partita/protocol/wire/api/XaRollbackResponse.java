package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The outcome of XaRollback: rolled back and forgotten, or why not.
 *
 * <p>Version 0: error int16, errorMessage nullable string.
 *
 * @param error NONE, or UNKNOWN_XID (XAER_NOTA), STORAGE_ERROR (XAER_RMFAIL), ...
 * @param errorMessage details naming the bad value, or null
 */
public record XaRollbackResponse(Errors error, String errorMessage) implements ApiResponse {

    /** Checks required fields. */
    public XaRollbackResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_ROLLBACK;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.XA_ROLLBACK.checkVersion(version);
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
    public static XaRollbackResponse read(WireReader reader, short version) {
        ApiKey.XA_ROLLBACK.checkVersion(version);
        return new XaRollbackResponse(Errors.read(reader, "error"), reader.readNullableString("errorMessage"));
    }
}
