package io.partita.broker.request;

import io.partita.broker.txn.ProducerIdManager;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.InitProducerIdRequest;
import io.partita.protocol.wire.api.InitProducerIdResponse;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId for idempotent producers: a producer id never handed out before, with epoch 0.
 * A producer that asks again (even with its current id and epoch) gets a fresh id, which resets
 * its sequences everywhere. Transactional ids are not supported yet: a request with one is
 * answered INVALID_REQUEST.
 */
public final class InitProducerIdHandler implements RequestHandler<InitProducerIdRequest> {
    private final ProducerIdManager producerIds;

    public InitProducerIdHandler(ProducerIdManager producerIds) {
        this.producerIds = producerIds;
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
            return CompletableFuture.completedFuture(errorResponse(request, Errors.INVALID_REQUEST));
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
