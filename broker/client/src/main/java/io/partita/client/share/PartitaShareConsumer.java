package io.partita.client.share;

import io.partita.client.ClusterMetadata;
import io.partita.client.HostPort;
import io.partita.client.PartitaClientException;
import io.partita.client.PartitionInfo;
import io.partita.client.network.NetworkClient;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.Header;
import io.partita.protocol.selector.Selector;
import io.partita.protocol.wire.ApiKey;
import io.partita.protocol.wire.ApiResponse;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.CreateSubscriptionRequest;
import io.partita.protocol.wire.api.CreateSubscriptionResponse;
import io.partita.protocol.wire.api.ShareAcknowledgeRequest;
import io.partita.protocol.wire.api.ShareAcknowledgeResponse;
import io.partita.protocol.wire.api.ShareFetchRequest;
import io.partita.protocol.wire.api.ShareFetchResponse;
import io.partita.protocol.wire.api.TxnShareAcknowledgeRequest;
import io.partita.protocol.wire.api.TxnShareAcknowledgeResponse;
import io.partita.client.producer.TransactionIdentity;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A member of a share group: queue semantics over the log. Any number of members consume the
 * same partitions; the broker hands each record to one member at a time, locked until the member
 * acknowledges it or the lock times out ({@code share.record.lock.duration.ms} on the broker),
 * and counts deliveries.
 *
 * <pre>{@code
 * try (PartitaShareConsumer consumer = new PartitaShareConsumer(props)) {
 *     consumer.subscribe(ShareSubscription.queue("orders", "region = 'EU'"));
 *     while (running) {
 *         for (ShareRecord r : consumer.poll(Duration.ofSeconds(1))) {
 *             consumer.acknowledge(r, process(r) ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE);
 *         }
 *         consumer.commitSync();   // returns once the broker has made the acknowledgements durable
 *     }
 * }
 * }</pre>
 *
 * <p><b>Acknowledgement.</b> Every record {@link #poll} returns stays acquired by this member until
 * {@link #acknowledge} marks it and {@link #commitSync}/{@link #commitAsync} sends the marks; a
 * record left unacknowledged is redelivered (to any member, delivery count + 1) when its lock
 * times out, when this consumer closes, or when its connection drops.
 *
 * <p><b>Membership.</b> The member id is a random UUID chosen here; there is no join step. The
 * first {@link #poll} makes the consumer a member; {@link #close()} sends what is acknowledged,
 * leaves, and so releases the rest.
 *
 * <p>Not thread-safe: use a consumer from one thread at a time (a JMS session's thread); futures
 * returned by {@link #commitAsync} complete on the client's I/O thread, which also sends the
 * acknowledgements queued behind an asynchronous commit.
 */
public final class PartitaShareConsumer implements AutoCloseable {
    private final ShareConsumerConfig config;
    private final NetworkClient network;
    private final ClusterMetadata metadata;
    private final String memberId = UUID.randomUUID().toString();
    /** Acquired records not yet acknowledged, by partition, to check acknowledgements. */
    private final Map<TopicPartition, Set<Long>> held = new HashMap<>();
    /** Acknowledgements not yet sent, by partition, in acknowledgement order; under {@link #ackLock}. */
    private final Map<TopicPartition, List<ShareAcknowledgeRequest.Ack>> pending = new LinkedHashMap<>();
    /** Guards {@link #pending} and the asynchronous commit state (the I/O thread sends queued commits). */
    private final Object ackLock = new Object();
    /** The asynchronous commit in flight, or null; under {@link #ackLock}. */
    private CompletableFuture<Void> asyncInFlight;
    /** Completes with the commit of what was acknowledged while {@link #asyncInFlight} was out; under {@link #ackLock}. */
    private CompletableFuture<Void> asyncQueued;
    /** Brokers this member has fetched from, to leave on close. */
    private final Set<HostPort> contacted = new HashSet<>();
    private ShareSubscription subscription;
    /** The fetch {@link #fetchAhead} started, not yet collected by {@link #poll}, or null. */
    private PendingFetch ahead;
    private boolean closed;

    /** @throws IllegalArgumentException naming a bad or unknown setting */
    public PartitaShareConsumer(Properties properties) {
        this(ShareConsumerConfig.from(properties));
    }

    public PartitaShareConsumer(ShareConsumerConfig config) {
        this.config = config;
        this.network = new NetworkClient(config.clientId(), config.requestTimeoutMs(), 100 << 20,
                config.credentials());
        this.metadata = new ClusterMetadata(network, config.bootstrapServers());
    }

    /** @return this member's id within its share group */
    public String memberId() {
        return memberId;
    }

    /** @return what this consumer consumes, or null before {@link #subscribe} */
    public ShareSubscription subscription() {
        return subscription;
    }

    /**
     * Starts consuming {@code s}. The selector is checked here. For a topic subscription the
     * broker creates it (at the log end), reuses an existing one of the same definition, or
     * replaces one whose topic or selector differs.
     *
     * @throws io.partita.protocol.selector.SelectorParseException when the selector is not valid,
     *         saying where
     * @throws PartitaClientException when the broker refuses the subscription, e.g.
     *         SUBSCRIPTION_IN_USE when another consumer holds a different definition of it
     * @throws IllegalStateException when this consumer already consumes something else
     */
    public void subscribe(ShareSubscription s) {
        ensureOpen();
        if (subscription != null && !subscription.equals(s)) {
            throw new IllegalStateException("this consumer already consumes " + subscription.group()
                    + "; close it and use a new one for " + s.group());
        }
        Selector.parse(s.selector());
        if (s.kind().subscription()) {
            HostPort broker = metadata.anyBroker();
            CreateSubscriptionResponse r = (CreateSubscriptionResponse) await(network.send(broker.host(), broker.port(),
                    ApiKey.CREATE_SUBSCRIPTION, new CreateSubscriptionRequest(s.group(), s.topic(), s.selector(),
                            s.kind().durable(), s.kind().shared()), true), "creating subscription '" + s.group() + "'");
            if (r.error() != Errors.NONE) {
                throw new PartitaClientException(r.error(), "subscription '" + s.group() + "' on topic '" + s.topic()
                        + "'" + (r.errorMessage() == null ? "" : ": " + r.errorMessage()));
            }
            // The connection that created a non-durable subscription owns it until a member fetches.
            contacted.add(broker);
        }
        subscription = s;
    }

    /**
     * Acquires up to {@code max.poll.records} records, waiting up to {@code timeout} for some.
     *
     * @return the records, higher priority first within each partition; empty when none came in time
     * @throws PartitaClientException when the broker refuses (for example an unknown topic)
     */
    public List<ShareRecord> poll(Duration timeout) {
        ensureOpen();
        if (subscription == null) {
            throw new IllegalStateException("subscribe before polling");
        }
        List<ShareRecord> fetchedAhead = takeAhead();
        if (!fetchedAhead.isEmpty()) {
            return fetchedAhead;
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            long leftMs = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            List<ShareRecord> records = collect(sendFetch((int) Math.min(leftMs, config.fetchMaxWaitMs()),
                    config.maxPollRecords()));
            if (!records.isEmpty() || System.nanoTime() >= deadline) {
                return records;
            }
        }
    }

    /**
     * Starts acquiring up to {@code maxRecords} more records in the background, without waiting
     * at the broker for new ones; the next {@link #poll} returns them (or polls as usual when
     * none came). Lets a caller working through one poll's records have the next ones on the way,
     * so that it does not wait a round trip between polls. At most one such fetch is out at a
     * time: a call while one is out does nothing. The records it acquires are held by this member
     * like any others, and released by {@link #close()} if never polled.
     *
     * @return whether a fetch was started
     */
    public boolean fetchAhead(int maxRecords) {
        ensureOpen();
        if (subscription == null) {
            throw new IllegalStateException("subscribe before fetching");
        }
        if (ahead != null || maxRecords <= 0) {
            return false;
        }
        ahead = sendFetch(0, maxRecords);
        return true;
    }

    /**
     * Waits for the fetch {@link #fetchAhead} started, if one is out, and returns what it acquired
     * (held like polled records), so that the caller can hand them out or give them back
     * ({@link AcknowledgeType#RETURN}); empty when none is out.
     */
    public List<ShareRecord> collectAhead() {
        ensureOpen();
        return takeAhead();
    }

    /** Collects the fetch {@link #fetchAhead} started and forgets it; empty when none is out. */
    private List<ShareRecord> takeAhead() {
        PendingFetch f = ahead;
        ahead = null;
        return f == null ? List.of() : collect(f);
    }

    /** A share fetch sent to each leader of the subscription's partitions, not yet collected. */
    private record PendingFetch(ShareSubscription subscription, Map<HostPort, CompletableFuture<ApiResponse>> sent) {
    }

    private PendingFetch sendFetch(int maxWaitMs, int maxRecords) {
        ShareSubscription s = subscription;
        List<PartitionInfo> partitions = metadata.awaitPartitions(s.topic(), false, config.requestTimeoutMs(),
                config.retryBackoffMs());
        Map<HostPort, List<Integer>> byLeader = new LinkedHashMap<>();
        for (PartitionInfo p : partitions) {
            HostPort leader = metadata.leader(new TopicPartition(s.topic(), p.partition()));
            if (leader != null) {
                byLeader.computeIfAbsent(leader, k -> new ArrayList<>()).add(p.partition());
            }
        }
        if (byLeader.isEmpty()) {
            metadata.refresh(List.of(s.topic()), false);
            return new PendingFetch(s, Map.of());
        }
        int perBroker = Math.max(1, maxRecords / byLeader.size());
        String memberSelector = s.kind().subscription() ? null : s.selector();
        Map<HostPort, CompletableFuture<ApiResponse>> sent = new LinkedHashMap<>();
        for (Map.Entry<HostPort, List<Integer>> e : byLeader.entrySet()) {
            contacted.add(e.getKey());
            sent.put(e.getKey(), network.send(e.getKey().host(), e.getKey().port(), ApiKey.SHARE_FETCH,
                    new ShareFetchRequest(s.group(), memberId, maxWaitMs, perBroker, memberSelector,
                            List.of(new ShareFetchRequest.ShareFetchTopic(s.topic(), e.getValue()))), true));
        }
        return new PendingFetch(s, sent);
    }

    /** Waits for the answers of a fetch and takes what they acquired into {@link #held}. */
    private List<ShareRecord> collect(PendingFetch fetch) {
        ShareSubscription s = fetch.subscription();
        List<ShareRecord> out = new ArrayList<>();
        PartitaClientException failure = null;
        boolean stale = false;
        for (CompletableFuture<ApiResponse> f : fetch.sent().values()) {
            ShareFetchResponse r;
            try {
                r = (ShareFetchResponse) await(f, "fetching from share group '" + s.group() + "'");
            } catch (PartitaClientException e) {
                failure = failure == null ? e : failure;
                stale = true;
                continue;
            }
            if (r.error() != Errors.NONE) {
                failure = failure == null ? new PartitaClientException(r.error(), "share group '" + s.group() + "'"
                        + (r.errorMessage() == null ? "" : ": " + r.errorMessage())) : failure;
                continue;
            }
            for (ShareFetchResponse.ShareFetchTopicResponse t : r.topics()) {
                for (ShareFetchResponse.ShareFetchPartitionResponse p : t.partitions()) {
                    if (p.error() != Errors.NONE) {
                        stale |= p.error().retriable();
                        if (!p.error().retriable() && failure == null) {
                            failure = new PartitaClientException(p.error(), "topic '" + t.name() + "' partition "
                                    + p.partition());
                        }
                    }
                    TopicPartition tp = new TopicPartition(t.name(), p.partition());
                    for (ShareFetchResponse.AcquiredRecord a : p.records()) {
                        held.computeIfAbsent(tp, k -> new HashSet<>()).add(a.offset());
                        out.add(new ShareRecord(t.name(), p.partition(), a.offset(), a.deliveryCount(), a.timestamp(),
                                copy(a.key()), copy(a.value()), copyHeaders(a.headers())));
                    }
                }
            }
        }
        if (stale) {
            metadata.refresh(List.of(s.topic()), false);
        }
        if (out.isEmpty() && failure != null) {
            throw failure;
        }
        return out;
    }

    /**
     * Marks a record received from {@link #poll}; the mark is sent by the next
     * {@link #commitSync}, {@link #commitAsync} or {@link #close}.
     *
     * @throws IllegalStateException when the record is not held by this consumer (not from its
     *         polls, or already acknowledged)
     */
    public void acknowledge(ShareRecord record, AcknowledgeType type) {
        ensureOpen();
        mark(record, type);
    }

    private void mark(ShareRecord record, AcknowledgeType type) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Set<Long> offsets = held.get(tp);
        if (offsets == null || !offsets.remove(record.offset())) {
            throw new IllegalStateException(record + " is not held by this consumer (already acknowledged, "
                    + "or not delivered to it)");
        }
        synchronized (ackLock) {
            pending.computeIfAbsent(tp, k -> new ArrayList<>()).add(new ShareAcknowledgeRequest.Ack(record.offset(),
                    type.wireType()));
        }
    }

    /** Accepts a record: {@code acknowledge(record, AcknowledgeType.ACCEPT)}. */
    public void acknowledge(ShareRecord record) {
        acknowledge(record, AcknowledgeType.ACCEPT);
    }

    /**
     * Sends every pending acknowledgement and waits until the broker has made them durable.
     *
     * @throws PartitaClientException naming the records whose acknowledgement failed (for example
     *         INVALID_RECORD_STATE when a lock had expired and the record went to another member);
     *         the other acknowledgements are applied
     */
    public void commitSync() {
        await(commitAsync(), "committing acknowledgements");
    }

    /**
     * Sends every pending acknowledgement. At most one asynchronous commit is in flight: while
     * one is, the acknowledgements made meanwhile wait and go together in one request when it
     * completes (so a consumer that commits after every record costs the broker one stored
     * change per round trip, not one per record), and the future returned completes with that
     * request.
     *
     * @return completes once the broker has made them durable, or fails as {@link #commitSync} throws
     */
    public CompletableFuture<Void> commitAsync() {
        ensureOpen();
        CompletableFuture<Void> result;
        synchronized (ackLock) {
            if (asyncInFlight != null) {
                if (asyncQueued == null) {
                    asyncQueued = new CompletableFuture<>();
                }
                return asyncQueued;
            }
            if (pending.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            result = new CompletableFuture<>();
            asyncInFlight = result;
        }
        launchAsync(result);
        return result;
    }

    /** Sends what is pending as the asynchronous commit {@code result} stands for; then the queued one, if any. */
    private void launchAsync(CompletableFuture<Void> result) {
        CompletableFuture<Void> sent;
        try {
            sent = send(false);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
                result.complete(null);
            }
            CompletableFuture<Void> next;
            synchronized (ackLock) {
                next = asyncQueued;
                asyncQueued = null;
                asyncInFlight = next;
                if (next == null) {
                    ackLock.notifyAll();
                }
            }
            if (next != null) {
                launchAsync(next);
            }
        });
    }

    /** Waits (up to the request timeout) until no asynchronous commit is in flight or queued. */
    private void awaitAsyncCommits() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs());
        synchronized (ackLock) {
            while (asyncInFlight != null) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                try {
                    ackLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Sends every pending acknowledgement as part of a transaction and waits until the broker has
     * staged them durably: the records stay locked to the transaction (even if this consumer
     * closes) and the acknowledgements take effect when it commits; if it aborts, the records are
     * released and delivered again with their delivery count raised.
     *
     * @param transaction from {@code PartitaProducer.enlistInTransaction()} (a transactional
     *        producer's open transaction, or the XA branch its resource is associated with)
     * @throws PartitaClientException when the broker refuses (PRODUCER_FENCED, INVALID_TXN_STATE,
     *         TRANSACTION_TIMED_OUT, ...: nothing was staged) or names records that were not
     *         staged (INVALID_RECORD_STATE: their lock had expired); the others are staged
     */
    public void commitSync(TransactionIdentity transaction) {
        ensureOpen();
        awaitAsyncCommits();
        await(send(false, transaction), "staging acknowledgements in a transaction");
    }

    private CompletableFuture<Void> send(boolean leave) {
        return send(leave, null);
    }

    private CompletableFuture<Void> send(boolean leave, TransactionIdentity txn) {
        ShareSubscription s = subscription;
        Map<TopicPartition, List<ShareAcknowledgeRequest.Ack>> sending;
        synchronized (ackLock) {
            if (s == null || (pending.isEmpty() && !leave)) {
                pending.clear();
                return CompletableFuture.completedFuture(null);
            }
            sending = new LinkedHashMap<>(pending);
            pending.clear();
        }
        Map<HostPort, Map<String, List<ShareAcknowledgeRequest.AckPartition>>> byBroker = new LinkedHashMap<>();
        if (leave) {
            for (HostPort b : contacted) {
                byBroker.put(b, new LinkedHashMap<>());
            }
        }
        List<String> unroutable = new ArrayList<>();
        for (Map.Entry<TopicPartition, List<ShareAcknowledgeRequest.Ack>> e : sending.entrySet()) {
            HostPort leader = metadata.leader(e.getKey());
            if (leader == null) {
                unroutable.add(e.getKey().toString());
                continue;
            }
            byBroker.computeIfAbsent(leader, k -> new LinkedHashMap<>())
                    .computeIfAbsent(e.getKey().topic(), k -> new ArrayList<>())
                    .add(new ShareAcknowledgeRequest.AckPartition(e.getKey().partition(), List.copyOf(e.getValue())));
        }
        List<CompletableFuture<List<String>>> results = new ArrayList<>();
        for (Map.Entry<HostPort, Map<String, List<ShareAcknowledgeRequest.AckPartition>>> b : byBroker.entrySet()) {
            List<ShareAcknowledgeRequest.AckTopic> topics = new ArrayList<>();
            b.getValue().forEach((topic, parts) -> topics.add(new ShareAcknowledgeRequest.AckTopic(topic, parts)));
            if (txn != null) {
                results.add(network.send(b.getKey().host(), b.getKey().port(), ApiKey.TXN_SHARE_ACKNOWLEDGE,
                        new TxnShareAcknowledgeRequest(s.group(), memberId, txn.producerId(), txn.producerEpoch(),
                                topics), true)
                        .thenApply(r -> {
                            TxnShareAcknowledgeResponse t = (TxnShareAcknowledgeResponse) r;
                            if (t.error() != Errors.NONE) {
                                throw new PartitaClientException(t.error(), "staging acknowledgements of share group '"
                                        + s.group() + "' in a transaction" + (t.errorMessage() == null ? ""
                                        : ": " + t.errorMessage()));
                            }
                            return failures(new ShareAcknowledgeResponse(t.error(), t.errorMessage(), t.topics()));
                        }));
                continue;
            }
            results.add(network.send(b.getKey().host(), b.getKey().port(), ApiKey.SHARE_ACKNOWLEDGE,
                    new ShareAcknowledgeRequest(s.group(), memberId, leave, topics), true)
                    .thenApply(r -> failures((ShareAcknowledgeResponse) r)));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<String> failed = new ArrayList<>();
            Errors first = null;
            for (String u : unroutable) {
                failed.add(u + ": no leader known");
            }
            for (CompletableFuture<List<String>> f : results) {
                failed.addAll(f.join());
            }
            if (!failed.isEmpty()) {
                throw new PartitaClientException("acknowledgements failed in share group '" + s.group() + "': "
                        + String.join("; ", failed), first, false, null);
            }
            return null;
        });
    }

    private static List<String> failures(ShareAcknowledgeResponse r) {
        List<String> out = new ArrayList<>();
        if (r.error() != Errors.NONE) {
            out.add(r.error().name() + (r.errorMessage() == null ? "" : " (" + r.errorMessage() + ")"));
        }
        for (ShareAcknowledgeResponse.AckTopicResponse t : r.topics()) {
            for (ShareAcknowledgeResponse.AckPartitionResponse p : t.partitions()) {
                if (p.error() != Errors.NONE) {
                    out.add(t.name() + "-" + p.partition() + ": " + p.error().name()
                            + (p.errorMessage() == null ? "" : " (" + p.errorMessage() + ")"));
                }
            }
        }
        return out;
    }

    /**
     * Sends pending acknowledgements, leaves the group (so the broker releases every record this
     * member still holds, for other members) and closes the connections. A non-durable
     * subscription goes with its last consumer. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (subscription != null) {
                try {
                    // Nobody saw what a fetch ahead acquired: given back without counting a delivery.
                    for (ShareRecord r : takeAhead()) {
                        mark(r, AcknowledgeType.RETURN);
                    }
                } catch (RuntimeException e) {
                    // It failed: nothing of it to give back.
                }
                awaitAsyncCommits();
                send(true).get(config.requestTimeoutMs(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Leaving failed: the broker releases the records when the connection drops below.
        } finally {
            held.clear();
            network.close();
        }
    }

    private ApiResponse await(CompletableFuture<?> f, String what) {
        try {
            return (ApiResponse) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartitaClientException("interrupted " + what, null, false, e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof PartitaClientException p) {
                throw p;
            }
            throw new PartitaClientException(what + " failed: " + cause, null, true, cause);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the share consumer is closed");
        }
    }

    private static byte[] copy(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static List<Header> copyHeaders(List<Header> headers) {
        List<Header> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            out.add(Header.of(h.key(), copy(h.value())));
        }
        return List.copyOf(out);
    }
}
