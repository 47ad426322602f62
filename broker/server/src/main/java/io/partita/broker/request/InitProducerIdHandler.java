package io.partita.broker.request;

import io.partita.broker.txn.ProducerIdManager;
import io.partita.broker.txn.TransactionCoordinator;
import io.partita.broker.txn.TransactionException;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.InitProducerIdRequest;
import io.partita.protocol.wire.api.InitProducerIdResponse;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId. Without a transactional id (idempotent producer): a producer id never handed
 * out before, with epoch 0; a producer that asks again gets a fresh id, which resets its
 * sequences everywhere. With a transactional id: the {@link TransactionCoordinator} answers with
 * the id's producer id and a new epoch, fencing older instances (their open transaction is
 * aborted); the timeout must be within {@code transaction.max.timeout.ms}.
 */
public final class InitProducerIdHandler implements RequestHandler<InitProducerIdRequest> {
    private final ProducerIdManager producerIds;
    private final TransactionCoordinator coordinator;

    public InitProducerIdHandler(ProducerIdManager producerIds, TransactionCoordinator coordinator) {
        this.producerIds = producerIds;
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public Class<InitProducerIdRequest> requestType() {
        return InitProducerIdRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, InitProducerIdRequest request) {
        if (request.transactionalId() != null) {
            try {
                TransactionCoordinator.ProducerIdAndEpoch id = coordinator.initProducerId(request.transactionalId(),
                        request.transactionTimeoutMs());
                return CompletableFuture.completedFuture(new InitProducerIdResponse(Errors.NONE, id.producerId(),
                        id.producerEpoch()));
            } catch (TransactionException e) {
                return CompletableFuture.completedFuture(errorResponse(request, e.error()));
            }
        }
        try {
            return CompletableFuture.completedFuture(new InitProducerIdResponse(Errors.NONE, producerIds.nextProducerId(),
                    (short) 0));
        } catch (IOException e) {
            return CompletableFuture.completedFuture(errorResponse(request, Errors.STORAGE_ERROR));
        }
    }

    @Override
    public ApiResponse errorResponse(InitProducerIdRequest request, Errors error) {
        return new InitProducerIdResponse(error, -1, (short) -1);
    }
}
