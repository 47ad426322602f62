package io.partita.broker.request;

import io.partita.broker.group.GroupCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.JoinGroupRequest;
import io.partita.protocol.wire.api.JoinGroupResponse;
import java.util.concurrent.CompletableFuture;

/** JoinGroup: joins or rejoins a consumer group; answered when the rebalance's join phase ends. */
public final class JoinGroupHandler implements RequestHandler<JoinGroupRequest> {
    private final GroupCoordinator coordinator;

    public JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.JOIN_GROUP;
    }

    @Override
    public Class<JoinGroupRequest> requestType() {
        return JoinGroupRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, JoinGroupRequest request) {
        return coordinator.join(request, context.header().clientId(), context.connectionId())
                .thenApply(r -> r);
    }

    @Override
    public ApiResponse errorResponse(JoinGroupRequest request, Errors error) {
        return JoinGroupResponse.failed(error, request.memberId());
    }
}
