package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;

/**
 * Lists the groups a broker coordinates.
 *
 * <p>Version 0: no fields.
 */
public record ListGroupsRequest() implements ApiRequest {

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_GROUPS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.LIST_GROUPS.checkVersion(version);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static ListGroupsRequest read(WireReader reader, short version) {
        ApiKey.LIST_GROUPS.checkVersion(version);
        return new ListGroupsRequest();
    }
}
