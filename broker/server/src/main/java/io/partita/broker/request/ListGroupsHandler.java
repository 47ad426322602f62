package io.partita.broker.request;

import io.partita.broker.group.GroupCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ListGroupsRequest;
import io.partita.protocol.wire.api.ListGroupsResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** ListGroups: the groups this broker coordinates. */
public final class ListGroupsHandler implements RequestHandler<ListGroupsRequest> {
    private final GroupCoordinator coordinator;

    public ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_GROUPS;
    }

    @Override
    public Class<ListGroupsRequest> requestType() {
        return ListGroupsRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, ListGroupsRequest request) {
        return CompletableFuture.completedFuture(new ListGroupsResponse(Errors.NONE, coordinator.listGroups()));
    }

    @Override
    public ApiResponse errorResponse(ListGroupsRequest request, Errors error) {
        return new ListGroupsResponse(error, List.of());
    }
}
