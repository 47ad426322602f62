package io.partita.broker.request;

import io.partita.broker.cluster.TopicManager;
import io.partita.broker.cluster.TopicMetadata;
import io.partita.broker.replication.DelayedOperation;
import io.partita.broker.replication.Partition;
import io.partita.broker.replication.ReplicaManager;
import io.partita.broker.txn.TransactionCoordinator;
import io.partita.broker.txn.TransactionException;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatches;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ProduceRequest;
import io.partita.protocol.wire.api.ProduceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Produce: appends each partition's batches as leader and answers according to {@code acks}.
 *
 * <ul>
 * <li>{@code acks=0}: nothing is written back, ever, as in Kafka. A failed append closes the
 *     connection instead, which is the only signal such a producer can get.</li>
 * <li>{@code acks=1}: answered once the leader has appended and the append is durable under the
 *     topic's {@code flush.mode} (fsynced for group-commit).</li>
 * <li>{@code acks=-1} (all): refused with NOT_ENOUGH_REPLICAS, before anything is written, when
 *     the ISR is smaller than {@code min.insync.replicas}; otherwise answered once the high
 *     watermark has reached the appended records on every partition, or with REQUEST_TIMED_OUT
 *     for the partitions that did not reach it within the request's {@code timeoutMs}.</li>
 * </ul>
 * A topic that does not exist is created when {@code auto.create.topics.enable} is set. A retried
 * idempotent batch is answered with the offsets it got the first time. A transactional batch is
 * appended only if its producer is the current instance of an open transaction that has the
 * partition added (AddPartitionsToTxn); otherwise the partition answers INVALID_TXN_STATE,
 * PRODUCER_FENCED, INVALID_PRODUCER_EPOCH or INVALID_PRODUCER_ID_MAPPING.
 */
public final class ProduceHandler implements RequestHandler<ProduceRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ProduceHandler.class);

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final TopicManager topics;
    private final ReplicaManager replicas;
    private final TransactionCoordinator transactions;

    /**
     * @param transactions checks transactional batches: their producer's transaction must be open
     *                     and have the partition added
     */
    public ProduceHandler(TopicManager topics, ReplicaManager replicas, TransactionCoordinator transactions) {
        this.topics = topics;
        this.replicas = replicas;
        this.transactions = transactions;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }

    @Override
    public Class<ProduceRequest> requestType() {
        return ProduceRequest.class;
    }

    /** The state of one partition of the request; mutated only under the owning operation's lock. */
    static final class Outcome {
        final String topic;
        final int partition;
        Partition target;
        Errors error = Errors.NONE;
        String message;
        long baseOffset = -1;
        long lastOffset = -1;
        long logStartOffset = -1;
        boolean awaitingReplication;

        Outcome(String topic, int partition) {
            this.topic = topic;
            this.partition = partition;
        }

        void fail(Errors e, String why) {
            error = e;
            message = why;
            baseOffset = -1;
            logStartOffset = -1;
            awaitingReplication = false;
        }
    }

    @Override
    public CompletableFuture<ApiResponse> handle(RequestContext context, ProduceRequest request) {
        short acks = request.acks();
        List<Outcome> outcomes = new ArrayList<>();
        for (ProduceRequest.TopicData t : request.topics()) {
            for (ProduceRequest.PartitionData p : t.partitions()) {
                outcomes.add(new Outcome(t.name(), p.partition()));
            }
        }
        if (acks != ProduceRequest.ACKS_NONE && acks != ProduceRequest.ACKS_LEADER && acks != ProduceRequest.ACKS_ALL) {
            outcomes.forEach(o -> o.fail(Errors.INVALID_REQUIRED_ACKS, "acks " + acks + " is not 0, 1 or -1"));
            return CompletableFuture.completedFuture(response(outcomes));
        }
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        int i = 0;
        for (ProduceRequest.TopicData t : request.topics()) {
            Optional<TopicMetadata> topic;
            Errors topicError = null;
            if (t.name().equals(TransactionCoordinator.STATE_TOPIC)) {
                for (ProduceRequest.PartitionData p : t.partitions()) {
                    outcomes.get(i++).fail(Errors.INVALID_TOPIC, "topic '" + t.name()
                            + "' is internal to the broker; clients may not write to it");
                }
                continue;
            }
            try {
                topic = topics.getOrAutoCreate(t.name());
                if (topic.isEmpty()) {
                    topicError = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                }
            } catch (IllegalArgumentException e) {
                topicError = Errors.INVALID_TOPIC;
            } catch (IOException e) {
                topicError = Errors.STORAGE_ERROR;
            }
            for (ProduceRequest.PartitionData p : t.partitions()) {
                Outcome o = outcomes.get(i++);
                if (topicError != null) {
                    o.fail(topicError, null);
                } else {
                    appends.add(append(o, p, acks));
                }
            }
        }
        // Every partition is written before any waits for its fsync, and the handler returns at
        // once: the connection's next request is appended while these fsyncs run, and shares them.
        return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new))
                .thenCompose(v -> finish(acks, request.timeoutMs(), outcomes));
    }

    /** Writes one partition's batches; the future completes once the outcome is final (durable or failed). */
    private CompletableFuture<Void> append(Outcome o, ProduceRequest.PartitionData data, short acks) {
        Optional<Partition> partition = data.partition() < 0 ? Optional.empty()
                : replicas.partition(new TopicPartition(o.topic, data.partition()));
        if (partition.isEmpty()) {
            o.fail(Errors.UNKNOWN_TOPIC_OR_PARTITION, "no partition " + data.partition() + " of topic " + o.topic);
            return DONE;
        }
        if (data.records() == null) {
            o.fail(Errors.CORRUPT_MESSAGE, "no records");
            return DONE;
        }
        o.target = partition.get();
        try {
            verifyTransactional(o.target.topicPartition(), new RecordBatches(data.records()));
        } catch (TransactionException e) {
            o.fail(e.error(), e.getMessage());
            return DONE;
        } catch (RuntimeException e) {
            o.fail(Errors.CORRUPT_MESSAGE, e.getMessage());
            return DONE;
        }
        CompletableFuture<Partition.AppendResult> written;
        try {
            written = o.target.appendAsLeaderAsync(new RecordBatches(data.records()), acks);
        } catch (Exception e) {
            appendFailed(o, e);
            return DONE;
        }
        return written.handle((r, e) -> {
            if (e != null) {
                appendFailed(o, e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e);
            } else {
                o.baseOffset = r.firstOffset();
                o.lastOffset = r.lastOffset();
                o.logStartOffset = r.logStartOffset();
                o.awaitingReplication = acks == ProduceRequest.ACKS_ALL;
            }
            return null;
        });
    }

    private static void appendFailed(Outcome o, Throwable e) {
        Errors error = ErrorMapping.of(e);
        if (error == Errors.UNKNOWN_SERVER_ERROR || error == Errors.STORAGE_ERROR) {
            LOG.error("append to {} failed", o.target.topicPartition(), e);
        }
        o.fail(error, e.getMessage());
    }

    private void verifyTransactional(TopicPartition tp, RecordBatches records) {
        for (RecordBatch batch : records) {
            if (batch.isTransactional() && !batch.isControlBatch()) {
                transactions.verifyTransactionalProduce(batch.producerId(), batch.producerEpoch(), tp);
            }
        }
    }

    private CompletableFuture<ApiResponse> finish(short acks, int timeoutMs, List<Outcome> outcomes) {
        if (acks == ProduceRequest.ACKS_NONE) {
            for (Outcome o : outcomes) {
                if (o.error != Errors.NONE) {
                    return CompletableFuture.failedFuture(new CloseConnectionException("acks=0 produce to " + o.topic + "-"
                            + o.partition + " failed with " + o.error + (o.message == null ? "" : ": " + o.message)));
                }
            }
            return CompletableFuture.completedFuture(null);
        }
        if (acks == ProduceRequest.ACKS_ALL && outcomes.stream().anyMatch(o -> o.awaitingReplication)) {
            return awaitReplication(outcomes, timeoutMs);
        }
        return CompletableFuture.completedFuture(response(outcomes));
    }

    private CompletableFuture<ApiResponse> awaitReplication(List<Outcome> outcomes, int timeoutMs) {
        DelayedProduce op = new DelayedProduce(timeoutMs, outcomes);
        List<TopicPartition> keys = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.awaitingReplication) {
                keys.add(o.target.topicPartition());
            }
        }
        replicas.delayedOperations().tryCompleteElseWatch(op, keys);
        return op.future;
    }

    /** An acks=all produce waiting for the high watermark of its partitions. */
    private final class DelayedProduce extends DelayedOperation {
        final CompletableFuture<ApiResponse> future = new CompletableFuture<>();
        private final List<Outcome> outcomes;

        DelayedProduce(long timeoutMs, List<Outcome> outcomes) {
            super(timeoutMs);
            this.outcomes = outcomes;
        }

        @Override
        protected synchronized boolean tryComplete() {
            boolean waiting = false;
            for (Outcome o : outcomes) {
                if (!o.awaitingReplication) {
                    continue;
                }
                Partition p = o.target;
                if (replicas.partition(p.topicPartition()).orElse(null) != p) {
                    o.fail(Errors.UNKNOWN_TOPIC_OR_PARTITION, p.topicPartition() + " was deleted");
                } else if (p.highWatermark() > o.lastOffset) {
                    o.awaitingReplication = false;
                } else if (p.inSyncReplicas().size() < p.minInsyncReplicas()) {
                    o.fail(Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND, "the ISR of " + p.topicPartition()
                            + " shrank below min.insync.replicas after the append");
                } else {
                    waiting = true;
                }
            }
            return !waiting && forceComplete();
        }

        @Override
        protected synchronized void onExpiration() {
            for (Outcome o : outcomes) {
                if (o.awaitingReplication) {
                    o.fail(Errors.REQUEST_TIMED_OUT, "the in-sync replicas did not reach offset " + o.lastOffset
                            + " within the request timeout");
                }
            }
        }

        @Override
        protected synchronized void onComplete() {
            future.complete(response(outcomes));
        }
    }

    private static ProduceResponse response(List<Outcome> outcomes) {
        Map<String, List<ProduceResponse.PartitionResponse>> byTopic = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            byTopic.computeIfAbsent(o.topic, k -> new ArrayList<>()).add(new ProduceResponse.PartitionResponse(
                    o.partition, o.error, o.baseOffset, -1, o.logStartOffset, o.message));
        }
        List<ProduceResponse.TopicResponse> topics = new ArrayList<>();
        byTopic.forEach((name, parts) -> topics.add(new ProduceResponse.TopicResponse(name, parts)));
        return new ProduceResponse(topics, 0);
    }

    @Override
    public ApiResponse errorResponse(ProduceRequest request, Errors error) {
        List<Outcome> outcomes = new ArrayList<>();
        for (ProduceRequest.TopicData t : request.topics()) {
            for (ProduceRequest.PartitionData p : t.partitions()) {
                Outcome o = new Outcome(t.name(), p.partition());
                o.fail(error, null);
                outcomes.add(o);
            }
        }
        return response(outcomes);
    }
}
