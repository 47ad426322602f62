package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;

/**
 * Lists the XA branches that are prepared and not yet committed or rolled back.
 *
 * <p>Version 0: empty body.
 */
public record XaRecoverRequest() implements ApiRequest {

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_RECOVER;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.XA_RECOVER.checkVersion(version);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static XaRecoverRequest read(WireReader reader, short version) {
        ApiKey.XA_RECOVER.checkVersion(version);
        return new XaRecoverRequest();
    }
}
