package io.partita.broker.request;

import io.partita.broker.txn.TransactionCoordinator;
import io.partita.broker.txn.TransactionException;
import io.partita.broker.txn.XaCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.XaStartRequest;
import io.partita.protocol.wire.api.XaStartResponse;

import java.util.concurrent.CompletableFuture;

/**
 * XaStart: creates an XA branch at the {@link XaCoordinator} and answers with the producer identity of its sends.
 */
public final class XaStartHandler implements RequestHandler<XaStartRequest> {
    private final XaCoordinator coordinator;

    public XaStartHandler(XaCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.XA_START;
    }

    @Override
    public Class<XaStartRequest> requestType() {
        return XaStartRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, XaStartRequest request) {
        try {
            TransactionCoordinator.ProducerIdAndEpoch id = coordinator.start(request.xid(),
                    request.transactionTimeoutMs());
            return CompletableFuture.completedFuture(new XaStartResponse(Errors.NONE, null, id.producerId(),
                    id.producerEpoch()));
        } catch (TransactionException e) {
            return CompletableFuture.completedFuture(new XaStartResponse(e.error(), e.getMessage(), -1, (short) -1));
        }
    }

    @Override
    public ApiResponse errorResponse(XaStartRequest request, Errors error) {
        return new XaStartResponse(error, null, -1, (short) -1);
    }
}
