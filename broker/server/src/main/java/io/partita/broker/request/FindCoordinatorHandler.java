package io.partita.broker.request;

import io.partita.broker.group.GroupCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.FindCoordinatorRequest;
import io.partita.protocol.wire.api.FindCoordinatorResponse;
import io.partita.protocol.wire.api.MetadataResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * FindCoordinator: a group's coordinator is the broker leading its partition of
 * {@code __consumer_offsets} (created on first use); the answer is that leader's address.
 * Transactional ids have no coordinator yet: COORDINATOR_NOT_AVAILABLE.
 */
public final class FindCoordinatorHandler implements RequestHandler<FindCoordinatorRequest> {
    private final GroupCoordinator coordinator;
    private final IntFunction<Optional<MetadataResponse.Broker>> brokers;

    /**
     * @param brokers the address of a live broker by id, or empty when it is not known
     */
    public FindCoordinatorHandler(GroupCoordinator coordinator, IntFunction<Optional<MetadataResponse.Broker>> brokers) {
        this.coordinator = coordinator;
        this.brokers = brokers;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FIND_COORDINATOR;
    }

    @Override
    public Class<FindCoordinatorRequest> requestType() {
        return FindCoordinatorRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, FindCoordinatorRequest request) {
        return CompletableFuture.completedFuture(find(request));
    }

    private FindCoordinatorResponse find(FindCoordinatorRequest request) {
        if (request.keyType() != FindCoordinatorRequest.GROUP) {
            return FindCoordinatorResponse.failed(request.keyType() == FindCoordinatorRequest.TRANSACTION
                    ? Errors.COORDINATOR_NOT_AVAILABLE : Errors.INVALID_REQUEST,
                    "no coordinator for key type " + request.keyType() + " on this broker");
        }
        if (request.key().isEmpty()) {
            return FindCoordinatorResponse.failed(Errors.INVALID_GROUP_ID, "the group id must not be empty");
        }
        try {
            Optional<Integer> leader = coordinator.coordinatorOf(request.key());
            Optional<MetadataResponse.Broker> broker = leader.flatMap(brokers::apply);
            if (broker.isEmpty()) {
                return FindCoordinatorResponse.failed(Errors.COORDINATOR_NOT_AVAILABLE, "the partition "
                        + coordinator.offsetsPartitionFor(request.key()) + " of group '" + request.key()
                        + "' has no live leader");
            }
            MetadataResponse.Broker b = broker.get();
            return new FindCoordinatorResponse(Errors.NONE, null, b.nodeId(), b.host(), b.port());
        } catch (IOException e) {
            return FindCoordinatorResponse.failed(Errors.COORDINATOR_NOT_AVAILABLE, e.getMessage());
        }
    }

    @Override
    public ApiResponse errorResponse(FindCoordinatorRequest request, Errors error) {
        return FindCoordinatorResponse.failed(error, null);
    }
}
