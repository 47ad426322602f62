package io.partita.broker.request;

import io.partita.broker.log.AbortedTxn;
import io.partita.broker.log.LogReadResult;
import io.partita.broker.replication.DelayedOperation;
import io.partita.broker.replication.Partition;
import io.partita.broker.replication.ReplicaManager;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.ByteBufferRecords;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.RecordsPayload;
import io.partita.protocol.wire.api.FetchRequest;
import io.partita.protocol.wire.api.FetchResponse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Fetch: whole batches below the high watermark, sent from the segment files without copying.
 *
 * <p><b>Budget.</b> Partitions are read in request order, each up to its {@code partitionMaxBytes}
 * and together up to {@code maxBytes}, except that the first batch found is returned whole even
 * when it is larger, so a consumer always makes progress.
 *
 * <p><b>Long poll.</b> When fewer than {@code minBytes} are available and {@code maxWaitMs} is
 * positive, the request waits in the {@link io.partita.broker.replication.DelayedOperations}
 * registry on its partitions; an advancing high watermark on any of them re-reads and answers as
 * soon as {@code minBytes} are there, and the deadline answers with whatever there is. An error
 * on any partition answers at once. No thread waits and nothing polls.
 *
 * <p><b>Isolation.</b> Level 0 (read uncommitted) reads up to the high watermark. Level 1 (read
 * committed) reads up to the last stable offset (below which no transaction is open) and lists
 * the aborted transactions overlapping the returned range, from the segments' {@code .txnindex},
 * so the consumer can drop their records; it drops control batches too.
 */
public final class FetchHandler implements RequestHandler<FetchRequest> {
    private static final RecordsPayload NO_RECORDS = new ByteBufferRecords(ByteBuffer.allocate(0));

    private final ReplicaManager replicas;

    public FetchHandler(ReplicaManager replicas) {
        this.replicas = replicas;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FETCH;
    }

    @Override
    public Class<FetchRequest> requestType() {
        return FetchRequest.class;
    }

    /** One pass over the requested partitions. */
    private record ReadResult(FetchResponse response, long bytes, boolean hasError) {
        void release() {
            FileRecordsPayload.release(response);
        }
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, FetchRequest request) {
        if (request.isolationLevel() != FetchRequest.READ_UNCOMMITTED && request.isolationLevel() != FetchRequest.READ_COMMITTED) {
            return CompletableFuture.completedFuture(new FetchResponse(0, Errors.INVALID_ISOLATION_LEVEL, List.of()));
        }
        ReadResult first = read(request);
        if (request.maxWaitMs() <= 0 || first.bytes() >= request.minBytes() || first.hasError() || request.topics().isEmpty()) {
            return CompletableFuture.completedFuture(first.response());
        }
        first.release();
        DelayedFetch op = new DelayedFetch(request);
        List<TopicPartition> keys = new ArrayList<>();
        for (FetchRequest.FetchTopic t : request.topics()) {
            for (FetchRequest.FetchPartition p : t.partitions()) {
                if (p.partition() >= 0) {
                    keys.add(new TopicPartition(t.name(), p.partition()));
                }
            }
        }
        replicas.delayedOperations().tryCompleteElseWatch(op, keys);
        return op.future;
    }

    private ReadResult read(FetchRequest request) {
        long budget = Math.max(0, request.maxBytes());
        long total = 0;
        boolean hasError = false;
        List<FetchResponse.FetchableTopic> topics = new ArrayList<>(request.topics().size());
        for (FetchRequest.FetchTopic t : request.topics()) {
            List<FetchResponse.PartitionData> parts = new ArrayList<>(t.partitions().size());
            for (FetchRequest.FetchPartition p : t.partitions()) {
                FetchResponse.PartitionData data = readPartition(t.name(), p, budget - total, total == 0,
                        request.isolationLevel() == FetchRequest.READ_COMMITTED);
                hasError |= data.error() != Errors.NONE;
                total += data.records() == null ? 0 : data.records().sizeInBytes();
                parts.add(data);
            }
            topics.add(new FetchResponse.FetchableTopic(t.name(), parts));
        }
        return new ReadResult(new FetchResponse(0, Errors.NONE, topics), total, hasError);
    }

    private FetchResponse.PartitionData readPartition(String topic, FetchRequest.FetchPartition p, long budget,
            boolean minOneBatch, boolean readCommitted) {
        Optional<Partition> found = p.partition() < 0 ? Optional.empty()
                : replicas.partition(new TopicPartition(topic, p.partition()));
        if (found.isEmpty()) {
            return error(p.partition(), Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        Partition partition = found.get();
        long highWatermark = partition.highWatermark();
        long lastStable = partition.lastStableOffset();
        long upper = readCommitted ? lastStable : highWatermark;
        long logStart = partition.logStartOffset();
        try {
            partition.checkLeaderEpoch(p.currentLeaderEpoch());
            int maxBytes = (int) Math.max(0, Math.min(budget, Math.max(0, p.partitionMaxBytes())));
            if (maxBytes == 0 && !minOneBatch) {
                return new FetchResponse.PartitionData(p.partition(), Errors.NONE, highWatermark, lastStable, logStart,
                        readCommitted ? List.of() : null, NO_RECORDS);
            }
            LogReadResult read = partition.read(p.fetchOffset(), maxBytes, upper, minOneBatch);
            RecordsPayload records;
            if (read.records().sizeInBytes() > 0) {
                records = new FileRecordsPayload(read.records());
            } else {
                read.close();
                records = NO_RECORDS;
            }
            List<FetchResponse.AbortedTransaction> aborted = null;
            if (readCommitted) {
                aborted = new ArrayList<>();
                if (records.sizeInBytes() > 0) {
                    for (AbortedTxn txn : partition.abortedTransactions(p.fetchOffset(), upper)) {
                        aborted.add(new FetchResponse.AbortedTransaction(txn.producerId(), txn.firstOffset()));
                    }
                }
            }
            return new FetchResponse.PartitionData(p.partition(), Errors.NONE, highWatermark, lastStable,
                    read.logStartOffset(), aborted, records);
        } catch (Exception e) {
            return error(p.partition(), ErrorMapping.of(e), highWatermark, logStart);
        }
    }

    private static FetchResponse.PartitionData error(int partition, Errors error) {
        return error(partition, error, -1, -1);
    }

    private static FetchResponse.PartitionData error(int partition, Errors error, long highWatermark, long logStart) {
        return new FetchResponse.PartitionData(partition, error, highWatermark, highWatermark, logStart, null, null);
    }

    /** A fetch waiting for {@code minBytes} or its deadline. */
    private final class DelayedFetch extends DelayedOperation {
        final CompletableFuture<ApiResponse> future = new CompletableFuture<>();
        private final FetchRequest request;
        private ReadResult ready;

        DelayedFetch(FetchRequest request) {
            super(request.maxWaitMs());
            this.request = request;
        }

        @Override
        protected synchronized boolean tryComplete() {
            if (isCompleted()) {
                return true;
            }
            ReadResult r = read(request);
            if (r.bytes() >= request.minBytes() || r.hasError()) {
                ready = r;
                if (forceComplete()) {
                    return true;
                }
                ready = null;
            }
            r.release();
            return isCompleted();
        }

        @Override
        protected synchronized void onComplete() {
            ReadResult r = ready != null ? ready : read(request);
            ready = null;
            if (!future.complete(r.response())) {
                r.release();
            }
        }
    }

    @Override
    public ApiResponse errorResponse(FetchRequest request, Errors error) {
        List<FetchResponse.FetchableTopic> topics = new ArrayList<>();
        for (FetchRequest.FetchTopic t : request.topics()) {
            List<FetchResponse.PartitionData> parts = new ArrayList<>();
            for (FetchRequest.FetchPartition p : t.partitions()) {
                parts.add(error(p.partition(), error));
            }
            topics.add(new FetchResponse.FetchableTopic(t.name(), parts));
        }
        return new FetchResponse(0, Errors.NONE, topics);
    }
}
