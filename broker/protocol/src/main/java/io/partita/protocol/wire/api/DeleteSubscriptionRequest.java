package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * Deletes a topic subscription and its share group state (JMS {@code unsubscribe}).
 *
 * <p>Version 0: name string.
 *
 * @param name the subscription's name
 */
public record DeleteSubscriptionRequest(String name) implements ApiRequest {

    /** Checks required fields. */
    public DeleteSubscriptionRequest {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_SUBSCRIPTION;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.DELETE_SUBSCRIPTION.checkVersion(version);
        writer.writeString(name);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static DeleteSubscriptionRequest read(WireReader reader, short version) {
        ApiKey.DELETE_SUBSCRIPTION.checkVersion(version);
        return new DeleteSubscriptionRequest(reader.readString("name"));
    }
}
