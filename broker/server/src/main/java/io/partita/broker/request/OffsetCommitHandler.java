package io.partita.broker.request;

import io.partita.broker.group.GroupCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.OffsetCommitRequest;
import io.partita.protocol.wire.api.OffsetCommitResponse;
import java.util.concurrent.CompletableFuture;

/** OffsetCommit: stores a group's offsets, answering once they are durable. */
public final class OffsetCommitHandler implements RequestHandler<OffsetCommitRequest> {
    private final GroupCoordinator coordinator;

    public OffsetCommitHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.OFFSET_COMMIT;
    }

    @Override
    public Class<OffsetCommitRequest> requestType() {
        return OffsetCommitRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, OffsetCommitRequest request) {
        return CompletableFuture.completedFuture(coordinator.commitOffsets(request));
    }

    @Override
    public ApiResponse errorResponse(OffsetCommitRequest request, Errors error) {
        return OffsetCommitResponse.allFailed(request, error);
    }
}
