package io.partita.broker.request;

import io.partita.broker.cluster.TopicManager;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.CreateTopicsRequest;
import io.partita.protocol.wire.api.CreateTopicsResponse;
import io.partita.protocol.wire.api.TopicResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics: one result per topic. A name given twice in one request fails both times with
 * INVALID_REQUEST, as in Kafka. Creation is complete when the answer is sent.
 */
public final class CreateTopicsHandler implements RequestHandler<CreateTopicsRequest> {
    private final TopicManager topics;

    public CreateTopicsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.CREATE_TOPICS;
    }

    @Override
    public Class<CreateTopicsRequest> requestType() {
        return CreateTopicsRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, CreateTopicsRequest request) {
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new HashSet<>();
        for (CreateTopicsRequest.Topic t : request.topics()) {
            if (!seen.add(t.name())) {
                repeated.add(t.name());
            }
        }
        List<TopicResult> results = new ArrayList<>();
        for (CreateTopicsRequest.Topic t : request.topics()) {
            if (repeated.contains(t.name())) {
                results.add(new TopicResult(t.name(), Errors.INVALID_REQUEST, "topic '" + t.name()
                        + "' appears more than once in the request"));
                continue;
            }
            try {
                TopicManager.Result r = topics.create(t.name(), t.numPartitions(), t.replicationFactor(), t.configs(),
                        request.validateOnly());
                results.add(new TopicResult(t.name(), r.error(), r.message()));
            } catch (IOException e) {
                results.add(new TopicResult(t.name(), Errors.STORAGE_ERROR, e.getMessage()));
            }
        }
        return CompletableFuture.completedFuture(new CreateTopicsResponse(results));
    }

    @Override
    public ApiResponse errorResponse(CreateTopicsRequest request, Errors error) {
        List<TopicResult> results = new ArrayList<>();
        for (CreateTopicsRequest.Topic t : request.topics()) {
            results.add(new TopicResult(t.name(), error, null));
        }
        return new CreateTopicsResponse(results);
    }
}
