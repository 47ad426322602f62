package io.partita.broker.request;

import io.partita.broker.group.GroupCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.broker.group.GroupState;
import io.partita.protocol.wire.api.DescribeGroupsRequest;
import io.partita.protocol.wire.api.DescribeGroupsResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** DescribeGroups: state, protocol and members of each group asked for. */
public final class DescribeGroupsHandler implements RequestHandler<DescribeGroupsRequest> {
    private final GroupCoordinator coordinator;

    public DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DESCRIBE_GROUPS;
    }

    @Override
    public Class<DescribeGroupsRequest> requestType() {
        return DescribeGroupsRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, DescribeGroupsRequest request) {
        return CompletableFuture.completedFuture(new DescribeGroupsResponse(
                request.groups().stream().map(coordinator::describe).toList()));
    }

    @Override
    public ApiResponse errorResponse(DescribeGroupsRequest request, Errors error) {
        return new DescribeGroupsResponse(request.groups().stream().map(g -> new DescribeGroupsResponse.Group(error, g,
                GroupState.DEAD.displayName(), "", "", List.<DescribeGroupsResponse.Member>of())).toList());
    }
}
