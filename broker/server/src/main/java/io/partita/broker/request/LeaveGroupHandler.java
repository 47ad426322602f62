package io.partita.broker.request;

import io.partita.broker.group.GroupCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.LeaveGroupRequest;
import io.partita.protocol.wire.api.LeaveGroupResponse;
import java.util.concurrent.CompletableFuture;

/** LeaveGroup: removes a member at once; the others rebalance. */
public final class LeaveGroupHandler implements RequestHandler<LeaveGroupRequest> {
    private final GroupCoordinator coordinator;

    public LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LEAVE_GROUP;
    }

    @Override
    public Class<LeaveGroupRequest> requestType() {
        return LeaveGroupRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, LeaveGroupRequest request) {
        return CompletableFuture.completedFuture(new LeaveGroupResponse(
                coordinator.leave(request.groupId(), request.memberId())));
    }

    @Override
    public ApiResponse errorResponse(LeaveGroupRequest request, Errors error) {
        return new LeaveGroupResponse(error);
    }
}
