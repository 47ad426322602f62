package io.partita.broker.request;

import io.partita.broker.group.share.ShareGroupManager;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ListSubscriptionsRequest;
import io.partita.protocol.wire.api.ListSubscriptionsResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** ListSubscriptions: every topic subscription with its definition and member count. */
public final class ListSubscriptionsHandler implements RequestHandler<ListSubscriptionsRequest> {
    private final ShareGroupManager shareGroups;

    public ListSubscriptionsHandler(ShareGroupManager shareGroups) {
        this.shareGroups = shareGroups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_SUBSCRIPTIONS;
    }

    @Override
    public Class<ListSubscriptionsRequest> requestType() {
        return ListSubscriptionsRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, ListSubscriptionsRequest request) {
        return CompletableFuture.completedFuture(new ListSubscriptionsResponse(Errors.NONE,
                shareGroups.listSubscriptions()));
    }

    @Override
    public ApiResponse errorResponse(ListSubscriptionsRequest request, Errors error) {
        return new ListSubscriptionsResponse(error, List.of());
    }
}
