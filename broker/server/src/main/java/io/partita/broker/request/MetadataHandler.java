package io.partita.broker.request;

import io.partita.broker.cluster.TopicManager;
import io.partita.broker.cluster.TopicMetadata;
import io.partita.broker.replication.Partition;
import io.partita.broker.replication.ReplicaManager;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.MetadataRequest;
import io.partita.protocol.wire.api.MetadataResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Metadata: this broker (the whole cluster for now, and its controller), and the partitions and
 * leaders of the requested topics. A missing topic is created when the request allows it and
 * {@code auto.create.topics.enable} is set; it is then described as created (NONE), since
 * creation completes before the answer.
 */
public final class MetadataHandler implements RequestHandler<MetadataRequest> {
    /** This broker as the connection asking should reach it (TCP or in-VM address); given null, the TCP one. */
    private final Function<RequestContext, MetadataResponse.Broker> self;
    private final TopicManager topics;
    private final ReplicaManager replicas;

    public MetadataHandler(Function<RequestContext, MetadataResponse.Broker> self, TopicManager topics, ReplicaManager replicas) {
        this.self = self;
        this.topics = topics;
        this.replicas = replicas;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }

    @Override
    public Class<MetadataRequest> requestType() {
        return MetadataRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, MetadataRequest request) {
        List<MetadataResponse.Topic> out = new ArrayList<>();
        if (request.topics() == null) {
            for (TopicMetadata t : topics.topics()) {
                out.add(describe(t));
            }
        } else {
            for (String name : request.topics()) {
                out.add(describe(name, request.allowAutoTopicCreation()));
            }
        }
        return CompletableFuture.completedFuture(response(context, out));
    }

    private MetadataResponse response(RequestContext context, List<MetadataResponse.Topic> out) {
        MetadataResponse.Broker me = self.apply(context);
        return new MetadataResponse(List.of(me), topics.clusterId(), me.nodeId(), out);
    }

    private MetadataResponse.Topic describe(String name, boolean allowAutoCreate) {
        try {
            Optional<TopicMetadata> t = allowAutoCreate ? topics.getOrAutoCreate(name) : topics.topic(name);
            return t.map(this::describe)
                    .orElseGet(() -> new MetadataResponse.Topic(Errors.UNKNOWN_TOPIC_OR_PARTITION, name, List.of()));
        } catch (IllegalArgumentException e) {
            return new MetadataResponse.Topic(Errors.INVALID_TOPIC, name, List.of());
        } catch (IOException e) {
            return new MetadataResponse.Topic(Errors.STORAGE_ERROR, name, List.of());
        }
    }

    private MetadataResponse.Topic describe(TopicMetadata t) {
        List<MetadataResponse.Partition> partitions = new ArrayList<>(t.partitions());
        for (int i = 0; i < t.partitions(); i++) {
            Optional<Partition> p = replicas.partition(new TopicPartition(t.name(), i));
            if (p.isPresent()) {
                partitions.add(new MetadataResponse.Partition(Errors.NONE, i, p.get().leaderId(), p.get().leaderEpoch(),
                        p.get().replicas(), p.get().inSyncReplicas()));
            } else {
                partitions.add(new MetadataResponse.Partition(Errors.LEADER_NOT_AVAILABLE, i, -1, -1, List.of(), List.of()));
            }
        }
        return new MetadataResponse.Topic(Errors.NONE, t.name(), partitions);
    }

    @Override
    public ApiResponse errorResponse(MetadataRequest request, Errors error) {
        Collection<String> names = request.topics() == null ? List.of() : request.topics();
        List<MetadataResponse.Topic> out = new ArrayList<>();
        for (String name : names) {
            out.add(new MetadataResponse.Topic(error, name, List.of()));
        }
        return response(null, out); // no connection known here: the broker's TCP address
    }
}
