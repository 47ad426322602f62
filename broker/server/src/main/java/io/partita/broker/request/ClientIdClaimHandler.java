package io.partita.broker.request;

import io.partita.broker.group.ClientIdClaims;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ClientIdClaimRequest;
import io.partita.protocol.wire.api.ClientIdClaimResponse;

import java.util.concurrent.CompletableFuture;

/**
 * ClientIdClaim: claims a JMS client id for the requesting connection (kept until that
 * connection closes) or releases it, in {@link ClientIdClaims}.
 */
public final class ClientIdClaimHandler implements RequestHandler<ClientIdClaimRequest> {
    private final ClientIdClaims claims;

    public ClientIdClaimHandler(ClientIdClaims claims) {
        this.claims = claims;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CLIENT_ID_CLAIM;
    }

    @Override
    public Class<ClientIdClaimRequest> requestType() {
        return ClientIdClaimRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, ClientIdClaimRequest request) {
        return CompletableFuture.completedFuture(request.release()
                ? claims.release(request.clientId(), request.owner())
                : claims.claim(request.clientId(), request.owner(), context.connectionId()));
    }

    @Override
    public ApiResponse errorResponse(ClientIdClaimRequest request, Errors error) {
        return new ClientIdClaimResponse(error, null);
    }
}
