package io.partita.broker.request;

import io.partita.broker.log.TimestampOffset;
import io.partita.broker.replication.Partition;
import io.partita.broker.replication.ReplicaManager;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ListOffsetsRequest;
import io.partita.protocol.wire.api.ListOffsetsResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets: {@code -2} the log start offset, {@code -1} the high watermark (the last stable
 * offset is the same while there are no transactions), any other timestamp (0 or more) the first
 * record at or after it below the high watermark, through the time index; offset and timestamp
 * -1 when there is none.
 */
public final class ListOffsetsHandler implements RequestHandler<ListOffsetsRequest> {
    private final ReplicaManager replicas;

    public ListOffsetsHandler(ReplicaManager replicas) {
        this.replicas = replicas;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.LIST_OFFSETS;
    }

    @Override
    public Class<ListOffsetsRequest> requestType() {
        return ListOffsetsRequest.class;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, ListOffsetsRequest request) {
        List<ListOffsetsResponse.ListOffsetsTopicResponse> topics = new ArrayList<>();
        for (ListOffsetsRequest.ListOffsetsTopic t : request.topics()) {
            List<ListOffsetsResponse.ListOffsetsPartitionResponse> parts = new ArrayList<>();
            for (ListOffsetsRequest.ListOffsetsPartition p : t.partitions()) {
                parts.add(lookUp(t.name(), p, request.isolationLevel()));
            }
            topics.add(new ListOffsetsResponse.ListOffsetsTopicResponse(t.name(), parts));
        }
        return CompletableFuture.completedFuture(new ListOffsetsResponse(topics));
    }

    private ListOffsetsResponse.ListOffsetsPartitionResponse lookUp(String topic, ListOffsetsRequest.ListOffsetsPartition p,
            byte isolationLevel) {
        if (isolationLevel != 0 && isolationLevel != 1) {
            return error(p.partition(), Errors.INVALID_ISOLATION_LEVEL);
        }
        Optional<Partition> found = p.partition() < 0 ? Optional.empty()
                : replicas.partition(new TopicPartition(topic, p.partition()));
        if (found.isEmpty()) {
            return error(p.partition(), Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        Partition partition = found.get();
        try {
            partition.checkLeaderEpoch(p.currentLeaderEpoch());
            int epoch = partition.leaderEpoch();
            if (p.timestamp() == ListOffsetsRequest.EARLIEST_TIMESTAMP) {
                return ok(p.partition(), -1, partition.logStartOffset(), epoch);
            }
            if (p.timestamp() == ListOffsetsRequest.LATEST_TIMESTAMP) {
                long latest = isolationLevel == 1 ? partition.lastStableOffset() : partition.highWatermark();
                return ok(p.partition(), -1, latest, epoch);
            }
            if (p.timestamp() < 0) {
                return error(p.partition(), Errors.INVALID_REQUEST);
            }
            TimestampOffset at = isolationLevel == 1
                    ? partition.offsetForTimestamp(p.timestamp(), partition.lastStableOffset())
                    : partition.offsetForTimestamp(p.timestamp());
            return at == null ? ok(p.partition(), -1, -1, -1) : ok(p.partition(), at.timestamp(), at.offset(), epoch);
        } catch (Exception e) {
            return error(p.partition(), ErrorMapping.of(e));
        }
    }

    private static ListOffsetsResponse.ListOffsetsPartitionResponse ok(int partition, long timestamp, long offset, int epoch) {
        return new ListOffsetsResponse.ListOffsetsPartitionResponse(partition, Errors.NONE, timestamp, offset, epoch);
    }

    private static ListOffsetsResponse.ListOffsetsPartitionResponse error(int partition, Errors error) {
        return new ListOffsetsResponse.ListOffsetsPartitionResponse(partition, error, -1, -1, -1);
    }

    @Override
    public ApiResponse errorResponse(ListOffsetsRequest request, Errors error) {
        List<ListOffsetsResponse.ListOffsetsTopicResponse> topics = new ArrayList<>();
        for (ListOffsetsRequest.ListOffsetsTopic t : request.topics()) {
            List<ListOffsetsResponse.ListOffsetsPartitionResponse> parts = new ArrayList<>();
            for (ListOffsetsRequest.ListOffsetsPartition p : t.partitions()) {
                parts.add(error(p.partition(), error));
            }
            topics.add(new ListOffsetsResponse.ListOffsetsTopicResponse(t.name(), parts));
        }
        return new ListOffsetsResponse(topics);
    }
}
