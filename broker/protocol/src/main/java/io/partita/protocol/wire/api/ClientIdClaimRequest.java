package io.partita.protocol.wire.api;

import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiRequest;
import io.partita.protocol.wire.WireReader;
import io.partita.protocol.wire.WireWriter;
import java.util.Objects;

/**
 * Claims a JMS client id for the connection the request is sent on, or releases it. The broker
 * keeps a claim while that connection is open and drops it when the connection closes. A claim
 * by the owner that already holds the id (the same JMS connection, come back on a new broker
 * connection) moves the claim to the new connection; a claim by another owner is refused with
 * CLIENT_ID_IN_USE. A release by anyone but the owner does nothing.
 *
 * <p>Version 0: clientId string, owner string, release boolean.
 *
 * @param clientId the client id
 * @param owner who claims it: an id unique to one JMS connection for its whole life (not to one
 *              broker connection), so that it gets its claim back after reconnecting
 * @param release true to give the id up, false to claim it
 */
public record ClientIdClaimRequest(String clientId, String owner, boolean release) implements ApiRequest {

    /** Checks required fields. */
    public ClientIdClaimRequest {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(owner, "owner");
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CLIENT_ID_CLAIM;
    }

    @Override
    public void write(WireWriter writer, short version) {
        ApiKey.CLIENT_ID_CLAIM.checkVersion(version);
        writer.writeString(clientId);
        writer.writeString(owner);
        writer.writeBoolean(release);
    }

    /**
     * Decodes the body.
     *
     * @param reader the reader
     * @param version the api version
     * @return the request
     */
    public static ClientIdClaimRequest read(WireReader reader, short version) {
        ApiKey.CLIENT_ID_CLAIM.checkVersion(version);
        return new ClientIdClaimRequest(reader.readString("clientId"), reader.readString("owner"),
                reader.readBoolean("release"));
    }
}
