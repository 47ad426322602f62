package io.partita.broker.request;

import io.partita.broker.txn.TransactionException;
import io.partita.broker.txn.XaCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.XaPrepareRequest;
import io.partita.protocol.wire.api.XaPrepareResponse;

import java.util.concurrent.CompletableFuture;

/**
 * XaPrepare: answers once the branch is durably PREPARED in {@code __transaction_state} (or read-only and forgotten).
 */
public final class XaPrepareHandler implements RequestHandler<XaPrepareRequest> {
    private final XaCoordinator coordinator;

    public XaPrepareHandler(XaCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_PREPARE;
    }

    @Override
    public Class<XaPrepareRequest> requestType() {
        return XaPrepareRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, XaPrepareRequest request) {
        try {
            boolean readOnly = coordinator.prepare(request.xid());
            return CompletableFuture.completedFuture(new XaPrepareResponse(Errors.NONE, null, readOnly));
        } catch (TransactionException e) {
            return CompletableFuture.completedFuture(new XaPrepareResponse(e.error(), e.getMessage(), false));
        }
    }

    @Override
    public ApiResponse errorResponse(XaPrepareRequest request, Errors error) {
        return new XaPrepareResponse(error, null, false);
    }
}
