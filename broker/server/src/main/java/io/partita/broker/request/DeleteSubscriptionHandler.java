package io.partita.broker.request;

import io.partita.broker.group.share.ShareGroupManager;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.DeleteSubscriptionRequest;
import io.partita.protocol.wire.api.DeleteSubscriptionResponse;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** DeleteSubscription: deletes a topic subscription without consumers and its state. */
public final class DeleteSubscriptionHandler implements RequestHandler<DeleteSubscriptionRequest> {
    private final ShareGroupManager shareGroups;

    public DeleteSubscriptionHandler(ShareGroupManager shareGroups) {
        this.shareGroups = shareGroups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_SUBSCRIPTION;
    }

    @Override
    public Class<DeleteSubscriptionRequest> requestType() {
        return DeleteSubscriptionRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, DeleteSubscriptionRequest request) {
        try {
            return CompletableFuture.completedFuture(shareGroups.deleteSubscription(request.name()));
        } catch (IOException e) {
            return CompletableFuture.completedFuture(new DeleteSubscriptionResponse(Errors.STORAGE_ERROR, e.getMessage()));
        }
    }

    @Override
    public ApiResponse errorResponse(DeleteSubscriptionRequest request, Errors error) {
        return new DeleteSubscriptionResponse(error, null);
    }
}
