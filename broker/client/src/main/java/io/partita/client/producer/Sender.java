package io.partita.client.producer;

import io.partita.client.ClusterMetadata;
import io.partita.client.HostPort;
import io.partita.client.PartitaClientException;
import io.partita.client.network.NetworkClient;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.InitProducerIdRequest;
import io.partita.protocol.wire.api.InitProducerIdResponse;
import io.partita.protocol.wire.api.ProduceRequest;
import io.partita.protocol.wire.api.ProduceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer's I/O loop: drains sendable batches, groups them by partition leader into
 * produce requests, and completes, retries or fails them from the answers.
 *
 * <p>At most one request per partition is in flight (carrying every batch of the partition that
 * was sendable, see {@link ProducerBatch#absorb}), and a retried batch goes back to the head of
 * its partition's queue, so records of one partition arrive in send order whatever fails on the
 * way. With idempotence each batch carries the producer id and its first sequence, assigned once
 * and kept across retries, so the broker can drop a duplicate.
 *
 * <p>Thread ownership: the sequence table and producer identity belong to the sender thread;
 * responses arrive on the network thread and only re-enqueue, complete, unmute and wake.
 */
final class Sender implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final ProducerConfig config;
    private final RecordAccumulator accumulator;
    private final ClusterMetadata metadata;
    private final NetworkClient network;
    private final Set<TopicPartition> muted = ConcurrentHashMap.newKeySet();
    private volatile Map<TopicPartition, Integer> nextSequence = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object wakeLock = new Object();
    private boolean woken;
    private volatile boolean running = true;
    private volatile boolean forceClose;
    private volatile boolean resetProducerId;
    private volatile long producerId = -1;
    private volatile short producerEpoch = -1;
    /** Set while a transaction manager owns the producer identity: no InitProducerId of our own, batches flagged transactional. */
    private volatile boolean transactional;

    Sender(ProducerConfig config, RecordAccumulator accumulator, ClusterMetadata metadata, NetworkClient network) {
        this.config = config;
        this.accumulator = accumulator;
        this.metadata = metadata;
        this.network = network;
        this.transactional = config.transactionalId() != null;
    }

    /**
     * Hands the producer identity to a transaction (InitProducerId with a transactional id, or an
     * XA branch). Call only while nothing is queued or in flight; {@code sequences} (a concurrent
     * map, empty for a new identity) holds the identity's next sequence per partition.
     */
    void useTransactionalIdentity(long producerId, short producerEpoch, Map<TopicPartition, Integer> sequences) {
        this.transactional = true;
        this.nextSequence = sequences;
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
    }

    void wakeup() {
        synchronized (wakeLock) {
            woken = true;
            wakeLock.notifyAll();
        }
    }

    /** Sends what is queued, then stops. */
    void initiateClose() {
        running = false;
        wakeup();
    }

    /** Stops at once; queued batches are failed by the caller. */
    void forceClose() {
        forceClose = true;
        running = false;
        wakeup();
    }

    @Override
    public void run() {
        while (!forceClose && (running || accumulator.hasUnsent() || inFlight.get() > 0)) {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.error("producer I/O loop error", e);
                await(config.retryBackoffMs());
            }
        }
    }

    private void runOnce() {
        if (resetProducerId && !transactional) {
            resetProducerId = false;
            producerId = -1;
            nextSequence.clear();
        }
        if (transactional && producerId < 0) {
            await(config.retryBackoffMs());
            return;
        }
        if (config.idempotence() && producerId < 0 && !transactional) {
            if (!accumulator.hasUnsent()) {
                await(1000); // the producer id is fetched with the first batch, so a transaction can claim the producer first
                return;
            }
            if (!initProducerId()) {
                await(config.retryBackoffMs());
                return;
            }
        }
        long now = System.currentTimeMillis();
        long[] next = {Long.MAX_VALUE};
        List<ProducerBatch> ready = accumulator.drain(now, muted, !running, next);
        Map<HostPort, List<ProducerBatch>> byLeader = new LinkedHashMap<>();
        Set<String> stale = new java.util.HashSet<>();
        for (ProducerBatch b : ready) {
            if (now - b.createdMs > config.deliveryTimeoutMs()) {
                failBatch(b, new PartitaClientException("record for " + b.tp + " not delivered within delivery.timeout.ms="
                        + config.deliveryTimeoutMs() + " after " + b.attempts + " attempts", Errors.REQUEST_TIMED_OUT,
                        true, null));
                continue;
            }
            HostPort leader = metadata.leader(b.tp);
            if (leader == null) {
                stale.add(b.tp.topic());
                b.retryNotBeforeMs = now + config.retryBackoffMs();
                accumulator.reenqueue(b);
                continue;
            }
            byLeader.computeIfAbsent(leader, k -> new ArrayList<>()).add(b);
        }
        if (!stale.isEmpty()) {
            metadata.refresh(stale, true).whenComplete((s, e) -> wakeup());
        }
        for (Map.Entry<HostPort, List<ProducerBatch>> e : byLeader.entrySet()) {
            send(e.getKey(), e.getValue());
        }
        long wait = next[0] == Long.MAX_VALUE ? 1000 : Math.max(1, next[0]);
        if (!stale.isEmpty()) {
            wait = Math.min(wait, Math.max(1, config.retryBackoffMs()));
        }
        await(wait);
    }

    private boolean initProducerId() {
        HostPort broker = metadata.anyBroker();
        try {
            InitProducerIdResponse r = (InitProducerIdResponse) network.send(broker.host(), broker.port(),
                    ApiKey.INIT_PRODUCER_ID, new InitProducerIdRequest(null, -1, -1L, (short) -1), true)
                    .get(config.requestTimeoutMs(), TimeUnit.MILLISECONDS);
            if (r.error() != Errors.NONE) {
                LOG.warn("InitProducerId failed: {}", r.error());
                return false;
            }
            producerId = r.producerId();
            producerEpoch = r.producerEpoch();
            LOG.debug("producer id {} epoch {}", producerId, producerEpoch);
            return true;
        } catch (Exception e) {
            LOG.debug("InitProducerId to {} failed: {}", broker, e.toString());
            return false;
        }
    }

    private void send(HostPort leader, List<ProducerBatch> batches) {
        Map<String, List<ProduceRequest.PartitionData>> topics = new LinkedHashMap<>();
        Map<TopicPartition, ProducerBatch> byPartition = new HashMap<>();
        for (ProducerBatch b : batches) {
            int sequence = -1;
            if (config.idempotence() && !b.isBuilt()) {
                sequence = nextSequence.getOrDefault(b.tp, 0);
                nextSequence.put(b.tp, sequence + b.recordCount());
            }
            java.nio.ByteBuffer bytes = b.bytes(config.idempotence() ? producerId : -1, producerEpoch, sequence,
                    transactional);
            topics.computeIfAbsent(b.tp.topic(), k -> new ArrayList<>())
                    .add(new ProduceRequest.PartitionData(b.tp.partition(), bytes));
            byPartition.put(b.tp, b);
            muted.add(b.tp);
        }
        List<ProduceRequest.TopicData> data = new ArrayList<>();
        topics.forEach((t, parts) -> data.add(new ProduceRequest.TopicData(t, parts)));
        ProduceRequest request = new ProduceRequest(transactional ? config.transactionalId() : null, config.acks(),
                config.requestTimeoutMs(), data);
        boolean expectResponse = config.acks() != 0;
        inFlight.incrementAndGet();
        network.send(leader.host(), leader.port(), ApiKey.PRODUCE, request, expectResponse)
                .whenComplete((response, error) -> {
                    try {
                        onResponse(leader, byPartition, response, error);
                    } finally {
                        inFlight.decrementAndGet();
                        wakeup();
                    }
                });
    }

    private void onResponse(HostPort leader, Map<TopicPartition, ProducerBatch> batches, ApiResponse response,
            Throwable error) {
        long now = System.currentTimeMillis();
        if (error != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof java.util.concurrent.TimeoutException) {
                network.disconnect(leader.host(), leader.port());
            }
            if (cause instanceof io.partita.client.AuthenticationException refused) {
                for (ProducerBatch b : batches.values()) {
                    failBatch(b, refused);
                }
                return;
            }
            boolean retriable = !(cause instanceof PartitaClientException p) || p.retriable();
            for (ProducerBatch b : batches.values()) {
                retryOrFail(b, now, retriable, new PartitaClientException("produce to " + leader + " failed: "
                        + cause.getMessage(), null, retriable, cause));
            }
            metadata.refresh(topicsOf(batches), true);
            return;
        }
        if (response == null) { // acks=0: written, nothing more to know
            for (ProducerBatch b : batches.values()) {
                completeBatch(b, -1);
            }
            return;
        }
        Map<TopicPartition, ProduceResponse.PartitionResponse> answers = new HashMap<>();
        for (ProduceResponse.TopicResponse t : ((ProduceResponse) response).topics()) {
            for (ProduceResponse.PartitionResponse p : t.partitions()) {
                answers.put(new TopicPartition(t.name(), p.partition()), p);
            }
        }
        boolean refresh = false;
        for (ProducerBatch b : batches.values()) {
            ProduceResponse.PartitionResponse p = answers.get(b.tp);
            Errors e = p == null ? Errors.UNKNOWN_SERVER_ERROR : p.error();
            if (e == Errors.NONE || e == Errors.DUPLICATE_SEQUENCE_NUMBER) {
                completeBatch(b, p.baseOffset());
                continue;
            }
            refresh |= e == Errors.NOT_LEADER_OR_FOLLOWER || e == Errors.UNKNOWN_TOPIC_OR_PARTITION
                    || e == Errors.FENCED_LEADER_EPOCH || e == Errors.UNKNOWN_LEADER_EPOCH;
            String message = p == null ? "no answer for " + b.tp : p.errorMessage();
            PartitaClientException failure = e == Errors.PRODUCER_FENCED || (transactional
                    && e == Errors.INVALID_PRODUCER_EPOCH)
                    ? new ProducerFencedException(b.tp + (message == null ? "" : ": " + message))
                    : new PartitaClientException(e, b.tp + (message == null ? "" : ": " + message));
            retryOrFail(b, now, e.retriable(), failure);
            if (!e.retriable() && config.idempotence() && (e == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER
                    || e == Errors.UNKNOWN_PRODUCER_ID || e == Errors.INVALID_PRODUCER_EPOCH)) {
                resetProducerId = true;
            }
        }
        if (refresh) {
            metadata.refresh(topicsOf(batches), true);
        }
    }

    private static Set<String> topicsOf(Map<TopicPartition, ProducerBatch> batches) {
        Set<String> out = new java.util.HashSet<>();
        batches.keySet().forEach(tp -> out.add(tp.topic()));
        return out;
    }

    private void retryOrFail(ProducerBatch b, long now, boolean retriable, PartitaClientException e) {
        if (retriable && !forceClose && now - b.createdMs + config.retryBackoffMs() <= config.deliveryTimeoutMs()) {
            b.attempts++;
            b.retryNotBeforeMs = now + config.retryBackoffMs();
            LOG.debug("retrying batch for {} (attempt {}): {}", b.tp, b.attempts, e.getMessage());
            accumulator.reenqueue(b);
            muted.remove(b.tp);
        } else {
            failBatch(b, e);
        }
    }

    private void completeBatch(ProducerBatch b, long baseOffset) {
        muted.remove(b.tp);
        accumulator.release(b.reservedBytes());
        b.complete(baseOffset);
    }

    void failBatch(ProducerBatch b, RuntimeException e) {
        muted.remove(b.tp);
        accumulator.release(b.reservedBytes());
        b.fail(e);
    }

    private void await(long ms) {
        synchronized (wakeLock) {
            if (!woken) {
                try {
                    wakeLock.wait(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    forceClose = true;
                }
            }
            woken = false;
        }
    }
}
