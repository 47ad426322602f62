package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The outcome of an Authenticate request. On any error the broker closes the connection once
 * this response is written.
 *
 * <p>Version 0: error int16, errorMessage nullable string.
 *
 * @param error NONE; SASL_AUTHENTICATION_FAILED (unknown user or wrong password, deliberately not
 *              told apart); AUTHENTICATION_REQUIRED (anonymous access asked for but refused);
 *              ALREADY_AUTHENTICATED (a second Authenticate on one connection)
 * @param errorMessage a sentence for the user, or null
 */
public record AuthenticateResponse(Errors error, String errorMessage) implements ApiResponse {

    /** Checks required fields. */
    public AuthenticateResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.AUTHENTICATE;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.AUTHENTICATE.checkVersion(version);
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
    public static AuthenticateResponse read(WireReader reader, short version) {
        ApiKey.AUTHENTICATE.checkVersion(version);
        return new AuthenticateResponse(
                Errors.read(reader, "error"),
                reader.readNullableString("errorMessage"));
    }
}
