package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The outcome of XaCommit: committed and forgotten, or why not.
 *
 * <p>Version 0: error int16, errorMessage nullable string.
 *
 * @param error NONE, or UNKNOWN_XID (XAER_NOTA), INVALID_TXN_STATE (XAER_PROTO), TRANSACTION_TIMED_OUT (XA_RBTIMEOUT), TRANSACTION_ROLLED_BACK (XA_RBROLLBACK), ...
 * @param errorMessage details naming the bad value, or null
 */
public record XaCommitResponse(Errors error, String errorMessage) implements ApiResponse {

    /** Checks required fields. */
    public XaCommitResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_COMMIT;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.XA_COMMIT.checkVersion(version);
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
    public static XaCommitResponse read(WireReader reader, short version) {
        ApiKey.XA_COMMIT.checkVersion(version);
        return new XaCommitResponse(Errors.read(reader, "error"), reader.readNullableString("errorMessage"));
    }
}
