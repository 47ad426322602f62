package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The outcome of XaForget. Partita never completes a branch heuristically, so there is never anything to forget: a known Xid answers INVALID_TXN_STATE (XAER_PROTO), an unknown one UNKNOWN_XID (XAER_NOTA).
 *
 * <p>Version 0: error int16, errorMessage nullable string.
 *
 * @param error UNKNOWN_XID or INVALID_TXN_STATE
 * @param errorMessage details naming the bad value, or null
 */
public record XaForgetResponse(Errors error, String errorMessage) implements ApiResponse {

    /** Checks required fields. */
    public XaForgetResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_FORGET;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.XA_FORGET.checkVersion(version);
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
    public static XaForgetResponse read(WireReader reader, short version) {
        ApiKey.XA_FORGET.checkVersion(version);
        return new XaForgetResponse(Errors.read(reader, "error"), reader.readNullableString("errorMessage"));
    }
}
