package io.partita.broker.request;

import io.partita.broker.txn.TransactionException;
import io.partita.broker.txn.XaCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.XaRollbackRequest;
import io.partita.protocol.wire.api.XaRollbackResponse;

import java.util.concurrent.CompletableFuture;

/**
 * XaRollback: rolls back an XA branch; answers once the abort markers are written and the branch is forgotten.
 */
public final class XaRollbackHandler implements RequestHandler<XaRollbackRequest> {
    private final XaCoordinator coordinator;

    public XaRollbackHandler(XaCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_ROLLBACK;
    }

    @Override
    public Class<XaRollbackRequest> requestType() {
        return XaRollbackRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, XaRollbackRequest request) {
        try {
            coordinator.rollback(request.xid());
            return CompletableFuture.completedFuture(new XaRollbackResponse(Errors.NONE, null));
        } catch (TransactionException e) {
            return CompletableFuture.completedFuture(new XaRollbackResponse(e.error(), e.getMessage()));
        }
    }

    @Override
    public ApiResponse errorResponse(XaRollbackRequest request, Errors error) {
        return new XaRollbackResponse(error, null);
    }
}
