package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;

/**
 * Lists every topic subscription.
 *
 * <p>Version 0: no fields.
 */
public record ListSubscriptionsRequest() implements ApiRequest {

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_SUBSCRIPTIONS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.LIST_SUBSCRIPTIONS.checkVersion(version);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static ListSubscriptionsRequest read(WireReader reader, short version) {
        ApiKey.LIST_SUBSCRIPTIONS.checkVersion(version);
        return new ListSubscriptionsRequest();
    }
}
