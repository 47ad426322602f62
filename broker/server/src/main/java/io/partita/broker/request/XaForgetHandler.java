package io.partita.broker.request;

import io.partita.broker.txn.TransactionException;
import io.partita.broker.txn.XaCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.XaForgetRequest;
import io.partita.protocol.wire.api.XaForgetResponse;

import java.util.concurrent.CompletableFuture;

/**
 * XaForget: Partita never completes a branch heuristically, so the answer is UNKNOWN_XID or INVALID_TXN_STATE.
 */
public final class XaForgetHandler implements RequestHandler<XaForgetRequest> {
    private final XaCoordinator coordinator;

    public XaForgetHandler(XaCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_FORGET;
    }

    @Override
    public Class<XaForgetRequest> requestType() {
        return XaForgetRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, XaForgetRequest request) {
        try {
            coordinator.forget(request.xid());
            return CompletableFuture.completedFuture(new XaForgetResponse(Errors.NONE, null));
        } catch (TransactionException e) {
            return CompletableFuture.completedFuture(new XaForgetResponse(e.error(), e.getMessage()));
        }
    }

    @Override
    public ApiResponse errorResponse(XaForgetRequest request, Errors error) {
        return new XaForgetResponse(error, null);
    }
}
