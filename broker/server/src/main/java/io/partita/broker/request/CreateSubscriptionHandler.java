package io.partita.broker.request;

import io.partita.broker.group.share.ShareGroupManager;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.CreateSubscriptionRequest;
import io.partita.protocol.wire.api.CreateSubscriptionResponse;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** CreateSubscription: creates, reuses or replaces a topic subscription (see {@link ShareGroupManager}). */
public final class CreateSubscriptionHandler implements RequestHandler<CreateSubscriptionRequest> {
    private final ShareGroupManager shareGroups;

    public CreateSubscriptionHandler(ShareGroupManager shareGroups) {
        this.shareGroups = shareGroups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_SUBSCRIPTION;
    }

    @Override
    public Class<CreateSubscriptionRequest> requestType() {
        return CreateSubscriptionRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, CreateSubscriptionRequest request) {
        try {
            return CompletableFuture.completedFuture(shareGroups.createSubscription(context.connectionId(), request));
        } catch (IOException e) {
            return CompletableFuture.completedFuture(new CreateSubscriptionResponse(Errors.STORAGE_ERROR,
                    e.getMessage(), false));
        }
    }

    @Override
    public ApiResponse errorResponse(CreateSubscriptionRequest request, Errors error) {
        return new CreateSubscriptionResponse(error, null, false);
    }
}
