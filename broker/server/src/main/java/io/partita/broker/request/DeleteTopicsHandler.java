package io.partita.broker.request;

import io.partita.broker.cluster.TopicManager;
import io.partita.broker.txn.TransactionCoordinator;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.DeleteTopicsRequest;
import io.partita.protocol.wire.api.DeleteTopicsResponse;
import io.partita.protocol.wire.api.TopicResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** DeleteTopics: one result per name; the data is gone when the answer is sent. */
public final class DeleteTopicsHandler implements RequestHandler<DeleteTopicsRequest> {
    private final TopicManager topics;

    public DeleteTopicsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.DELETE_TOPICS;
    }

    @Override
    public Class<DeleteTopicsRequest> requestType() {
        return DeleteTopicsRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, DeleteTopicsRequest request) {
        List<TopicResult> results = new ArrayList<>();
        for (String name : request.topicNames()) {
            if (name.equals(TransactionCoordinator.STATE_TOPIC)) {
                results.add(new TopicResult(name, Errors.INVALID_TOPIC, "topic '" + name
                        + "' is internal to the broker and cannot be deleted"));
                continue;
            }
            try {
                TopicManager.Result r = topics.delete(name);
                results.add(new TopicResult(name, r.error(), r.message()));
            } catch (IOException e) {
                results.add(new TopicResult(name, Errors.STORAGE_ERROR, e.getMessage()));
            }
        }
        return CompletableFuture.completedFuture(new DeleteTopicsResponse(results));
    }

    @Override
    public ApiResponse errorResponse(DeleteTopicsRequest request, Errors error) {
        List<TopicResult> results = new ArrayList<>();
        for (String name : request.topicNames()) {
            results.add(new TopicResult(name, error, null));
        }
        return new DeleteTopicsResponse(results);
    }
}
