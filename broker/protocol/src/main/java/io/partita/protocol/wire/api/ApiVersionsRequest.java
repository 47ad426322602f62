package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;

/**
 * Asks which APIs and versions the broker supports. Usually the first request on a connection.
 *
 * <p>Version 0: empty body.
 */
public record ApiVersionsRequest() implements ApiRequest {

    @Override
    public ApiKey apiKey() {
        return ApiKey.API_VERSIONS;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.API_VERSIONS.checkVersion(version);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static ApiVersionsRequest read(WireReader reader, short version) {
        ApiKey.API_VERSIONS.checkVersion(version);
        return new ApiVersionsRequest();
    }
}
