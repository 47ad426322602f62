package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The outcome of a DeleteSubscription.
 *
 * <p>Version 0: error int16, errorMessage nullable string.
 *
 * @param error NONE, SUBSCRIPTION_NOT_FOUND or SUBSCRIPTION_IN_USE
 * @param errorMessage more about the error, or null
 */
public record DeleteSubscriptionResponse(Errors error, String errorMessage) implements ApiResponse {

    /** Checks required fields. */
    public DeleteSubscriptionResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_SUBSCRIPTION;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.DELETE_SUBSCRIPTION.checkVersion(version);
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
    public static DeleteSubscriptionResponse read(WireReader reader, short version) {
        ApiKey.DELETE_SUBSCRIPTION.checkVersion(version);
        return new DeleteSubscriptionResponse(Errors.read(reader, "error"), reader.readNullableString("errorMessage"));
    }
}
