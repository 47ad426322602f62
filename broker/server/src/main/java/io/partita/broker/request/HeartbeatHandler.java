package io.partita.broker.request;

import io.partita.broker.group.GroupCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.HeartbeatRequest;
import io.partita.protocol.wire.api.HeartbeatResponse;
import java.util.concurrent.CompletableFuture;

/** Heartbeat: keeps a member's session alive and tells it when to rejoin. */
public final class HeartbeatHandler implements RequestHandler<HeartbeatRequest> {
    private final GroupCoordinator coordinator;

    public HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.HEARTBEAT;
    }

    @Override
    public Class<HeartbeatRequest> requestType() {
        return HeartbeatRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, HeartbeatRequest request) {
        return CompletableFuture.completedFuture(new HeartbeatResponse(
                coordinator.heartbeat(request.groupId(), request.generationId(), request.memberId())));
    }

    @Override
    public ApiResponse errorResponse(HeartbeatRequest request, Errors error) {
        return new HeartbeatResponse(error);
    }
}
