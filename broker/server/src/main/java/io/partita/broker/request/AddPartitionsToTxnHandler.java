package io.partita.broker.request;

import io.partita.broker.txn.TransactionCoordinator;
import io.partita.broker.txn.TransactionException;
import io.partita.broker.txn.TransactionKey;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.AddPartitionsToTxnRequest;
import io.partita.protocol.wire.api.AddPartitionsToTxnResponse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * AddPartitionsToTxn: adds partitions to the open transaction of a transactional id or XA branch
 * (opening it if needed). All or nothing: when a partition does not exist, it answers
 * UNKNOWN_TOPIC_OR_PARTITION and the others INVALID_TXN_STATE, and nothing is added.
 */
public final class AddPartitionsToTxnHandler implements RequestHandler<AddPartitionsToTxnRequest> {
    private final TransactionCoordinator coordinator;

    public AddPartitionsToTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public Class<AddPartitionsToTxnRequest> requestType() {
        return AddPartitionsToTxnRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, AddPartitionsToTxnRequest request) {
        if ((request.transactionalId() == null) == (request.xid() == null)) {
            return CompletableFuture.completedFuture(new AddPartitionsToTxnResponse(Errors.INVALID_REQUEST,
                    "exactly one of transactionalId and xid must be set", List.of()));
        }
        TransactionKey key = request.xid() != null ? TransactionKey.of(request.xid())
                : TransactionKey.of(request.transactionalId());
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        for (AddPartitionsToTxnRequest.TopicPartitions t : request.topics()) {
            for (int p : t.partitions()) {
                if (p < 0) {
                    return CompletableFuture.completedFuture(new AddPartitionsToTxnResponse(Errors.INVALID_REQUEST,
                            "partition " + p + " of topic '" + t.name() + "' is negative", List.of()));
                }
                partitions.add(new TopicPartition(t.name(), p));
            }
        }
        try {
            coordinator.addPartitions(key, request.producerId(), request.producerEpoch(), partitions);
            return CompletableFuture.completedFuture(results(request, Errors.NONE, null, Set.of()));
        } catch (TransactionCoordinator.UnknownPartitionsException e) {
            return CompletableFuture.completedFuture(results(request, Errors.NONE, e.getMessage(),
                    Set.copyOf(e.partitions())));
        } catch (TransactionException e) {
            return CompletableFuture.completedFuture(new AddPartitionsToTxnResponse(e.error(), e.getMessage(),
                    List.of()));
        }
    }

    private static AddPartitionsToTxnResponse results(AddPartitionsToTxnRequest request, Errors error, String message,
            Set<TopicPartition> unknown) {
        List<AddPartitionsToTxnResponse.TopicResults> topics = new ArrayList<>();
        for (AddPartitionsToTxnRequest.TopicPartitions t : request.topics()) {
            List<AddPartitionsToTxnResponse.PartitionResult> parts = new ArrayList<>();
            for (int p : t.partitions()) {
                Errors e = unknown.isEmpty() ? Errors.NONE
                        : unknown.contains(new TopicPartition(t.name(), p)) ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                        : Errors.INVALID_TXN_STATE;
                parts.add(new AddPartitionsToTxnResponse.PartitionResult(p, e));
            }
            topics.add(new AddPartitionsToTxnResponse.TopicResults(t.name(), parts));
        }
        return new AddPartitionsToTxnResponse(error, message, topics);
    }

    @Override
    public ApiResponse errorResponse(AddPartitionsToTxnRequest request, Errors error) {
        return new AddPartitionsToTxnResponse(error, null, List.of());
    }
}
