package io.partita.broker.request;

import io.partita.broker.group.GroupCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.OffsetFetchRequest;
import io.partita.protocol.wire.api.OffsetFetchResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** OffsetFetch: reads a group's committed offsets. */
public final class OffsetFetchHandler implements RequestHandler<OffsetFetchRequest> {
    private final GroupCoordinator coordinator;

    public OffsetFetchHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_FETCH;
    }

    @Override
    public Class<OffsetFetchRequest> requestType() {
        return OffsetFetchRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, OffsetFetchRequest request) {
        return CompletableFuture.completedFuture(coordinator.fetchOffsets(request));
    }

    @Override
    public ApiResponse errorResponse(OffsetFetchRequest request, Errors error) {
        return new OffsetFetchResponse(error, List.of());
    }
}
