package io.partita.broker.request;

import io.partita.protocol.wire.RequestHeader;

/**
 * Where a request came from: its header and the connection it arrived on.
 *
 * @param header       the request header (api, version, correlation id, client id)
 * @param connectionId a name of the connection for logs, e.g. {@code 127.0.0.1:53122}
 */
public record RequestContext(RequestHeader header, String connectionId) {
    public short apiVersion() {
        return header.apiVersion();
    }
}
