package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * The outcome of a CreateSubscription.
 *
 * <p>Version 0: error int16, errorMessage nullable string, created boolean.
 *
 * @param error NONE, SUBSCRIPTION_IN_USE (a different definition has members), INVALID_SELECTOR,
 *              UNKNOWN_TOPIC_OR_PARTITION, INVALID_GROUP_ID
 * @param errorMessage more about the error, or null
 * @param created true when the subscription is new (or replaced an older definition), false when reused
 */
public record CreateSubscriptionResponse(Errors error, String errorMessage, boolean created) implements ApiResponse {

    /** Checks required fields. */
    public CreateSubscriptionResponse {
        Objects.requireNonNull(error, "error");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_SUBSCRIPTION;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.CREATE_SUBSCRIPTION.checkVersion(version);
        error.write(writer);
        writer.writeNullableString(errorMessage);
        writer.writeBoolean(created);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the response
     */
    public static CreateSubscriptionResponse read(WireReader reader, short version) {
        ApiKey.CREATE_SUBSCRIPTION.checkVersion(version);
        return new CreateSubscriptionResponse(Errors.read(reader, "error"), reader.readNullableString("errorMessage"),
                reader.readBoolean("created"));
    }
}
