package io.partita.broker.request;

import io.partita.broker.group.share.ShareGroupManager;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ShareAcknowledgeRequest;
import io.partita.protocol.wire.api.ShareAcknowledgeResponse;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ShareAcknowledge: accepts, releases or rejects a member's records and optionally makes it leave;
 * answered once the outcome is stored in {@code __share_state} (see {@link ShareGroupManager}).
 */
public final class ShareAcknowledgeHandler implements RequestHandler<ShareAcknowledgeRequest> {
    private final ShareGroupManager shareGroups;

    public ShareAcknowledgeHandler(ShareGroupManager shareGroups) {
        this.shareGroups = shareGroups;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SHARE_ACKNOWLEDGE;
    }

    @Override
    public Class<ShareAcknowledgeRequest> requestType() {
        return ShareAcknowledgeRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, ShareAcknowledgeRequest request) {
        return shareGroups.acknowledge(context.connectionId(), request).thenApply(r -> r);
    }

    @Override
    public ApiResponse errorResponse(ShareAcknowledgeRequest request, Errors error) {
        return new ShareAcknowledgeResponse(error, null, List.of());
    }
}
