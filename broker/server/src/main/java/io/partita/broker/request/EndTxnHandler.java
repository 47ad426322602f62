package io.partita.broker.request;

import io.partita.broker.txn.TransactionCoordinator;
import io.partita.broker.txn.TransactionException;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.EndTxnRequest;
import io.partita.protocol.wire.api.EndTxnResponse;

import java.util.concurrent.CompletableFuture;

/**
 * EndTxn: commits or aborts the open transaction of a transactional id through the {@link TransactionCoordinator}; answers once the markers are written.
 */
public final class EndTxnHandler implements RequestHandler<EndTxnRequest> {
    private final TransactionCoordinator coordinator;

    public EndTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.END_TXN;
    }

    @Override
    public Class<EndTxnRequest> requestType() {
        return EndTxnRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, EndTxnRequest request) {
        try {
            coordinator.endTransaction(request.transactionalId(), request.producerId(), request.producerEpoch(),
                    request.commit());
            return CompletableFuture.completedFuture(new EndTxnResponse(Errors.NONE, null));
        } catch (TransactionException e) {
            return CompletableFuture.completedFuture(new EndTxnResponse(e.error(), e.getMessage()));
        }
    }

    @Override
    public ApiResponse errorResponse(EndTxnRequest request, Errors error) {
        return new EndTxnResponse(error, null);
    }
}
