package io.partita.broker.request;

import io.partita.broker.group.share.ShareGroupManager;
import io.partita.broker.group.share.ShareTransactionParticipant;
import io.partita.broker.txn.TransactionCoordinator;
import io.partita.broker.txn.TransactionException;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.TxnShareAcknowledgeRequest;
import io.partita.protocol.wire.api.TxnShareAcknowledgeResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * TxnShareAcknowledge: stages a member's acknowledgements in the transaction of the request's
 * producer identity (opening it if needed), answered once the staging is stored in
 * {@code __share_state}; they are applied or released with the transaction's outcome.
 */
public final class TxnShareAcknowledgeHandler implements RequestHandler<TxnShareAcknowledgeRequest> {
    private final TransactionCoordinator coordinator;
    private final ShareGroupManager shareGroups;

    public TxnShareAcknowledgeHandler(TransactionCoordinator coordinator, ShareGroupManager shareGroups) {
        this.coordinator = coordinator;
        this.shareGroups = shareGroups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.TXN_SHARE_ACKNOWLEDGE;
    }

    @Override
    public Class<TxnShareAcknowledgeRequest> requestType() {
        return TxnShareAcknowledgeRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, TxnShareAcknowledgeRequest request) {
        try {
            return CompletableFuture.completedFuture(coordinator.joinTransaction(request.producerId(),
                    request.producerEpoch(), ref -> shareGroups.stageAcknowledgements(
                            ShareTransactionParticipant.txnId(ref.key()), request)));
        } catch (TransactionException e) {
            return CompletableFuture.completedFuture(new TxnShareAcknowledgeResponse(e.error(), e.getMessage(), List.of()));
        }
    }

    @Override
    public ApiResponse errorResponse(TxnShareAcknowledgeRequest request, Errors error) {
        return new TxnShareAcknowledgeResponse(error, null, List.of());
    }
}
