package io.partita.broker.request;

import io.partita.broker.txn.TransactionException;
import io.partita.broker.txn.XaCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.XaRecoverRequest;
import io.partita.protocol.wire.api.XaRecoverResponse;

import java.util.concurrent.CompletableFuture;

/**
 * XaRecover: the XA branches that are prepared and await commit or rollback.
 */
public final class XaRecoverHandler implements RequestHandler<XaRecoverRequest> {
    private final XaCoordinator coordinator;

    public XaRecoverHandler(XaCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_RECOVER;
    }

    @Override
    public Class<XaRecoverRequest> requestType() {
        return XaRecoverRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, XaRecoverRequest request) {
        try {
            return CompletableFuture.completedFuture(new XaRecoverResponse(Errors.NONE, null, coordinator.recover()));
        } catch (TransactionException e) {
            return CompletableFuture.completedFuture(new XaRecoverResponse(e.error(), e.getMessage(), java.util.List.of()));
        }
    }

    @Override
    public ApiResponse errorResponse(XaRecoverRequest request, Errors error) {
        return new XaRecoverResponse(error, null, java.util.List.of());
    }
}
