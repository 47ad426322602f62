package io.partita.broker.request;

import io.partita.protocol.wire.RequestHeader;

/**
 * Where a request came from: its header and the connection it arrived on.
 *
 * @param header       the request header (api, version, correlation id, client id)
 * @param connectionId a name of the connection for logs, e.g. {@code 127.0.0.1:53122}
 * @param inVm         whether the connection came through the in-VM ({@code vm://}) acceptor
 */
public record RequestContext(RequestHeader header, String connectionId, boolean inVm) {

    /** A request that came over TCP. */
    public RequestContext(RequestHeader header, String connectionId) {
        this(header, connectionId, false);
    }

    public short apiVersion() {
        return header.apiVersion();
    }
}
