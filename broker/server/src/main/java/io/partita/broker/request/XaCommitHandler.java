package io.partita.broker.request;

import io.partita.broker.txn.TransactionException;
import io.partita.broker.txn.XaCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.XaCommitRequest;
import io.partita.protocol.wire.api.XaCommitResponse;

import java.util.concurrent.CompletableFuture;

/**
 * XaCommit: commits an XA branch, one-phase or two-phase; answers once the markers are written and the branch is forgotten.
 */
public final class XaCommitHandler implements RequestHandler<XaCommitRequest> {
    private final XaCoordinator coordinator;

    public XaCommitHandler(XaCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_COMMIT;
    }

    @Override
    public Class<XaCommitRequest> requestType() {
        return XaCommitRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, XaCommitRequest request) {
        try {
            coordinator.commit(request.xid(), request.onePhase());
            return CompletableFuture.completedFuture(new XaCommitResponse(Errors.NONE, null));
        } catch (TransactionException e) {
            return CompletableFuture.completedFuture(new XaCommitResponse(e.error(), e.getMessage()));
        }
    }

    @Override
    public ApiResponse errorResponse(XaCommitRequest request, Errors error) {
        return new XaCommitResponse(error, null);
    }
}
