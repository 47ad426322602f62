package io.partita.broker.request;

import io.partita.broker.group.GroupCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.SyncGroupRequest;
import io.partita.protocol.wire.api.SyncGroupResponse;
import java.util.concurrent.CompletableFuture;

/** SyncGroup: the leader hands in the assignment; every member gets its share. */
public final class SyncGroupHandler implements RequestHandler<SyncGroupRequest> {
    private final GroupCoordinator coordinator;

    public SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.SYNC_GROUP;
    }

    @Override
    public Class<SyncGroupRequest> requestType() {
        return SyncGroupRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, SyncGroupRequest request) {
        return coordinator.sync(request).thenApply(r -> r);
    }

    @Override
    public ApiResponse errorResponse(SyncGroupRequest request, Errors error) {
        return SyncGroupResponse.failed(error);
    }
}
