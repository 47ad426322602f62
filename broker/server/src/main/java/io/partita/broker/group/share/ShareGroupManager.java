package io.partita.broker.group.share;

import io.partita.broker.cluster.TopicManager;
import io.partita.broker.cluster.TopicMetadata;
import io.partita.broker.log.FlushMode;
import io.partita.broker.log.LogConfig;
import io.partita.broker.replication.Partition;
import io.partita.broker.replication.ReplicaManager;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.Record;
import io.partita.protocol.selector.Selector;
import io.partita.protocol.selector.SelectorParseException;
import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.CreateSubscriptionRequest;
import io.partita.protocol.wire.api.CreateSubscriptionResponse;
import io.partita.protocol.wire.api.DeleteSubscriptionResponse;
import io.partita.protocol.wire.api.ListSubscriptionsResponse;
import io.partita.protocol.wire.api.ShareAcknowledgeRequest;
import io.partita.protocol.wire.api.ShareAcknowledgeResponse;
import io.partita.protocol.wire.api.ShareBrowseResponse;
import io.partita.protocol.wire.api.ShareFetchRequest;
import io.partita.protocol.wire.api.ShareFetchResponse;
import io.partita.protocol.wire.api.TxnShareAcknowledgeRequest;
import io.partita.protocol.wire.api.TxnShareAcknowledgeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The share groups and topic subscriptions of this broker: acquisition and acknowledgement of
 * records, lock timeouts, dead-lettering, membership tied to connections, subscriptions, and the
 * persistence of all of it in {@code __share_state} (see {@link ShareStateLog}).
 *
 * <p><b>Membership.</b> A member is known by the id it sends (a UUID) and the connection it
 * fetched on. It leaves with a ShareAcknowledge carrying {@code leave}, or when that connection
 * closes; either way the records it holds are released. A fetch arriving on a connection already
 * closed acquires nothing.
 *
 * <p><b>Restart.</b> Every acquisition is stored, before the records are sent, as the record's
 * raised delivery count; acknowledgements and dead-lettering are stored before they are
 * answered. After a restart (clean or not) locks are gone: every record not ACKNOWLEDGED or
 * ARCHIVED is AVAILABLE with the count of its deliveries so far, so it is delivered again with
 * that count + 1, and an acknowledged record is never delivered again.
 *
 * <p><b>Threads.</b> Thread-safe. Request threads call {@link #acquire}, {@link #acknowledge} and
 * the subscription methods; the timer expires locks and writes snapshots; work that waits on disk
 * after a timer event or a connection close runs on the given executor.
 */
public final class ShareGroupManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShareGroupManager.class);
    private static final int MAX_GROUP_NAME_CHARS = 1024;

    private final ShareConfig config;
    private final ReplicaManager replicas;
    private final TopicManager topics;
    private final Clock clock;
    private final Executor executor;
    private final DeadLetters deadLetters;
    private final Path checkpointFile;
    private final Object stateLogLock = new Object();
    private volatile ShareStateLog stateLog;
    private final Map<String, ShareGroup> groups = new ConcurrentHashMap<>();
    private final Set<String> liveConnections = ConcurrentHashMap.newKeySet();
    private final StagedAcknowledgements staged = new StagedAcknowledgements();
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private volatile boolean closed;

    private ShareGroupManager(ShareConfig config, TopicManager topics, ReplicaManager replicas, Path checkpointFile,
            Clock clock, Executor executor) {
        this.config = config;
        this.topics = topics;
        this.replicas = replicas;
        this.checkpointFile = checkpointFile;
        this.clock = clock;
        this.executor = executor;
        this.deadLetters = new DeadLetters(topics, replicas);
    }

    /**
     * Creates {@code __share_state} if needed, replays it, drops non-durable subscriptions (their
     * connections are gone), writes a snapshot, and schedules lock expiry and snapshots.
     *
     * @param checkpointDir where {@code share-state.checkpoint} lives (the first log directory)
     * @param executor runs work that waits on disk after timer events and connection closes
     */
    public static ShareGroupManager start(ShareConfig config, TopicManager topics, ReplicaManager replicas,
            Path checkpointDir, Clock clock, ScheduledExecutorService timer, Executor executor) throws IOException {
        ShareGroupManager m = new ShareGroupManager(config, topics, replicas, checkpointDir.resolve("share-state.checkpoint"),
                clock, executor);
        m.load();
        long sweepMs = Math.max(5, Math.min(1000, config.lockDurationMs() / 4));
        m.scheduled.add(timer.scheduleWithFixedDelay(m::expireLocksQuietly, sweepMs, sweepMs, TimeUnit.MILLISECONDS));
        m.scheduled.add(timer.scheduleWithFixedDelay(m::snapshotQuietly, config.snapshotIntervalMs(),
                config.snapshotIntervalMs(), TimeUnit.MILLISECONDS));
        return m;
    }

    /**
     * The state log, creating {@code __share_state} on first use: a broker that never serves a
     * share group has no such topic.
     */
    private ShareStateLog stateLog() throws IOException {
        ShareStateLog log = stateLog;
        if (log != null) {
            return log;
        }
        synchronized (stateLogLock) {
            if (stateLog == null) {
                if (topics.topic(ShareStateLog.TOPIC).isEmpty()) {
                    TopicManager.Result r = topics.create(ShareStateLog.TOPIC, 1, 1, Map.of(
                            LogConfig.FLUSH_MODE, FlushMode.GROUP_COMMIT.configValue(),
                            LogConfig.SEGMENT_BYTES, Integer.toString(16 << 20),
                            LogConfig.RETENTION_MS, Long.toString(TimeUnit.DAYS.toMillis(7))), false);
                    if (r.error() != Errors.NONE && r.error() != Errors.TOPIC_ALREADY_EXISTS) {
                        throw new IOException("cannot create " + ShareStateLog.TOPIC + ": " + r.message());
                    }
                }
                Partition p = replicas.partition(new TopicPartition(ShareStateLog.TOPIC, 0))
                        .orElseThrow(() -> new IOException(ShareStateLog.TOPIC + " has no partition 0 on this broker"));
                stateLog = new ShareStateLog(p.log(), p.leaderEpoch(), checkpointFile);
            }
            return stateLog;
        }
    }

    private void append(List<ShareStateLog.Encoded> records) throws IOException {
        if (!records.isEmpty()) {
            stateLog().append(records);
        }
    }

    private void load() throws IOException {
        int[] count = new int[1];
        if (topics.topic(ShareStateLog.TOPIC).isEmpty()) {
            return;
        }
        stateLog().replay(e -> {
            apply(e);
            count[0]++;
        });
        List<ShareStateLog.Encoded> drops = new ArrayList<>();
        for (ShareGroup g : new ArrayList<>(groups.values())) {
            if (g.subscription() != null && !g.subscription().durable()) {
                groups.remove(g.name());
                drops.add(ShareStateLog.groupDeleted(g.name()));
            }
        }
        append(drops);
        snapshot();
        LOG.info("share state loaded: {} records replayed, {} groups", count[0], groups.size());
    }

    private void apply(ShareStateLog.Entry e) {
        switch (e.type()) {
            case ShareStateLog.TYPE_SUBSCRIPTION -> groups.put(e.group(), new ShareGroup(e.group(), e.subscription()));
            case ShareStateLog.TYPE_GROUP_DELETED -> groups.remove(e.group());
            case ShareStateLog.TYPE_TXN_STAGED -> {
                ShareGroup g = groups.computeIfAbsent(e.group(), n -> new ShareGroup(n, null));
                SharePartition sp = g.partitionIfPresent(e.tp());
                if (sp == null) {
                    LOG.warn("{} staged acknowledgements of {} in share group {} with no state there; ignored",
                            e.txnId(), e.tp(), e.group());
                    return;
                }
                for (StagedAcknowledgements.Staged st : e.staged()) {
                    sp.restage(e.txnId(), st.offset(), st.deliveryCount());
                    staged.add(e.txnId(), e.group(), e.tp(), st);
                }
            }
            case ShareStateLog.TYPE_TXN_DONE -> {
                ShareGroup g = groups.get(e.group());
                if (g != null) {
                    for (SharePartition sp : g.partitions()) {
                        sp.dropTransaction(e.txnId());
                    }
                }
                staged.done(e.txnId(), e.group());
            }
            case ShareStateLog.TYPE_PARTITION -> {
                ShareGroup g = groups.computeIfAbsent(e.group(), n -> new ShareGroup(n, null));
                g.partition(e.tp(), tp -> new SharePartition(tp, config.maxRecordLocks(), config.maxPendingRecords(), e.startOffset()))
                        .replay(e.startOffset(), e.snapshot(), e.changes());
            }
            default -> throw new IllegalStateException("unknown entry type " + e.type());
        }
    }

    // ---------------------------------------------------------------- connections

    /** A connection opened: its fetches may acquire records. */
    public void connectionOpened(String connectionId) {
        liveConnections.add(connectionId);
    }

    /**
     * A connection closed: its members leave and their records are released; non-durable
     * subscriptions it owned go. Returns at once; the work runs on the executor.
     */
    public void connectionClosed(String connectionId) {
        if (!liveConnections.remove(connectionId)) {
            return;
        }
        runLater(() -> {
            for (ShareGroup g : new ArrayList<>(groups.values())) {
                List<String> gone = g.connectionClosed(connectionId);
                for (String member : gone) {
                    releaseMember(g, member);
                }
                maybeDropNonDurable(g);
            }
        });
    }

    private void runLater(Runnable r) {
        try {
            executor.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.error("share group work failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("shutting down: share group work skipped (the state on disk stays consistent)");
        }
    }

    // ---------------------------------------------------------------- fetch

    /** A validated ShareFetch: its group and selectors. */
    public record FetchContext(String connectionId, ShareFetchRequest request, ShareGroup group, Selector memberSelector,
                               List<TopicPartition> partitions) {
    }

    /** Records acquired (or errors met) by one pass of a ShareFetch, not yet stored or sent. */
    public static final class Acquisition {
        private final FetchContext context;
        private final Map<TopicPartition, SharePartition.Outcome> outcomes = new LinkedHashMap<>();
        private final Map<TopicPartition, Errors> errors = new LinkedHashMap<>();

        private Acquisition(FetchContext context) {
            this.context = context;
        }

        /** @return whether any record was acquired */
        public boolean hasRecords() {
            for (SharePartition.Outcome o : outcomes.values()) {
                if (!o.acquired.isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        /** @return whether a partition failed */
        public boolean hasErrors() {
            return !errors.isEmpty();
        }
    }

    /**
     * Checks a ShareFetch: the group name, the member, the selector, and for a subscription its
     * existence, topic and (unshared) single member; registers the member.
     *
     * @return the context, or the error response to send
     */
    public Object prepare(String connectionId, ShareFetchRequest request) {
        String name = request.groupId();
        if (name.isEmpty() || name.length() > MAX_GROUP_NAME_CHARS) {
            return ShareFetchResponse.failed(Errors.INVALID_GROUP_ID, "share group name must have 1 to "
                    + MAX_GROUP_NAME_CHARS + " characters");
        }
        if (request.memberId().isEmpty() || request.maxRecords() < 1) {
            return ShareFetchResponse.failed(Errors.INVALID_REQUEST, "memberId must not be empty and maxRecords ("
                    + request.maxRecords() + ") must be at least 1");
        }
        Selector selector;
        try {
            selector = Selector.parse(request.selector());
        } catch (SelectorParseException e) {
            return ShareFetchResponse.failed(Errors.INVALID_SELECTOR, "selector '" + request.selector() + "': "
                    + e.getMessage());
        }
        ShareGroup group = groups.get(name);
        if (group == null) {
            if (isSubscriptionName(name)) {
                return ShareFetchResponse.failed(Errors.SUBSCRIPTION_NOT_FOUND, "subscription '" + name
                        + "' does not exist; create it first");
            }
            group = groups.computeIfAbsent(name, n -> new ShareGroup(n, null));
        }
        List<TopicPartition> parts = new ArrayList<>();
        for (ShareFetchRequest.ShareFetchTopic t : request.topics()) {
            if (group.subscription() != null && !group.subscription().topic().equals(t.name())) {
                return ShareFetchResponse.failed(Errors.INVALID_REQUEST, "subscription '" + name + "' reads topic '"
                        + group.subscription().topic() + "', not '" + t.name() + "'");
            }
            for (int p : t.partitions()) {
                parts.add(new TopicPartition(t.name(), p));
            }
        }
        String other = group.join(request.memberId(), connectionId);
        if (other != null) {
            return ShareFetchResponse.failed(Errors.SUBSCRIPTION_IN_USE, "subscription '" + name
                    + "' is not shared and already has a consumer");
        }
        return new FetchContext(connectionId, request, group, selector, List.copyOf(parts));
    }

    private static boolean isSubscriptionName(String name) {
        return name.startsWith("sub:") || name.startsWith("nondurable:");
    }

    /** One acquisition pass, in memory only: nothing is stored or sent yet. */
    public Acquisition acquire(FetchContext c) {
        Acquisition a = new Acquisition(c);
        if (!liveConnections.contains(c.connectionId()) || groups.get(c.group().name()) != c.group()) {
            return a;
        }
        long now = clock.millis();
        int left = c.request().maxRecords();
        for (TopicPartition tp : c.partitions()) {
            Optional<Partition> partition = tp.partition() < 0 ? Optional.empty() : replicas.partition(tp);
            if (partition.isEmpty()) {
                a.errors.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                continue;
            }
            SharePartition sp = sharePartition(c.group(), tp, partition.get());
            try {
                SharePartition.Outcome o = sp.acquire(c.request().memberId(), c.memberSelector(),
                        c.group().subscriptionSelector(), Math.max(0, left), now, config.lockDurationMs(),
                        maxDeliveryAttempts(tp.topic()), partition.get());
                left -= o.acquired.size();
                a.outcomes.put(tp, o);
            } catch (IOException | RuntimeException e) {
                LOG.warn("acquiring from {} for share group {} failed", tp, c.group().name(), e);
                a.errors.put(tp, Errors.STORAGE_ERROR);
            }
        }
        return a;
    }

    private SharePartition sharePartition(ShareGroup g, TopicPartition tp, Partition partition) {
        return g.partition(tp, t -> {
            Subscription s = g.subscription();
            long start = s == null ? partition.logStartOffset()
                    : s.startOffsets().getOrDefault(t.partition(), partition.logStartOffset());
            return new SharePartition(t, config.maxRecordLocks(), config.maxPendingRecords(), start);
        });
    }

    /** Gives back what an acquisition took, for a fetch whose response will not be sent. */
    public void giveBack(Acquisition a) {
        for (Map.Entry<TopicPartition, SharePartition.Outcome> e : a.outcomes.entrySet()) {
            SharePartition sp = a.context.group().partitionIfPresent(e.getKey());
            if (sp != null) {
                sp.unacquire(e.getValue().acquired, a.context.request().memberId());
            }
        }
    }

    /**
     * Stores an acquisition (and any dead letters found on the way) and builds the response once
     * it is durable. Appends on the calling thread (a request thread or the executor: writing a
     * dead letter may wait on disk) and does not wait for the fsync; the future completes on the
     * state log's flusher thread.
     */
    public CompletableFuture<ShareFetchResponse> store(Acquisition a) {
        String group = a.context.group().name();
        CompletableFuture<Void> stored;
        try {
            stored = persistAsync(a.context.group(), a.outcomes);
        } catch (IOException | RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        return stored.handle((v, failure) -> {
            if (failure != null) {
                Throwable cause = unwrap(failure);
                LOG.error("storing an acquisition of share group {} failed; the records stay available", group, cause);
                giveBack(a);
                return ShareFetchResponse.failed(Errors.STORAGE_ERROR, "storing the acquisition failed: "
                        + cause.getMessage());
            }
            return response(a);
        });
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static ShareFetchResponse response(Acquisition a) {
        Map<String, List<ShareFetchResponse.ShareFetchPartitionResponse>> byTopic = new LinkedHashMap<>();
        for (ShareFetchRequest.ShareFetchTopic t : a.context.request().topics()) {
            List<ShareFetchResponse.ShareFetchPartitionResponse> parts = byTopic.computeIfAbsent(t.name(),
                    k -> new ArrayList<>());
            for (int p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p);
                Errors error = a.errors.getOrDefault(tp, Errors.NONE);
                List<ShareFetchResponse.AcquiredRecord> records = new ArrayList<>();
                SharePartition.Outcome o = a.outcomes.get(tp);
                if (o != null) {
                    for (SharePartition.Acquired r : o.acquired) {
                        Record rec = r.record();
                        records.add(new ShareFetchResponse.AcquiredRecord(r.offset(), r.deliveryCount(), rec.timestamp(),
                                rec.key(), rec.value(), rec.headers()));
                    }
                }
                parts.add(new ShareFetchResponse.ShareFetchPartitionResponse(p, error, records));
            }
        }
        List<ShareFetchResponse.ShareFetchTopicResponse> topicsOut = new ArrayList<>();
        byTopic.forEach((name, parts) -> topicsOut.add(new ShareFetchResponse.ShareFetchTopicResponse(name, parts)));
        return new ShareFetchResponse(Errors.NONE, null, topicsOut);
    }

    // ---------------------------------------------------------------- acknowledge

    /**
     * Applies and stores acknowledgements (and a leave). The answer comes once they are durable:
     * on the state log's flusher thread, or on the executor when records were released or the
     * member leaves (waking waiting fetches and storing the release wait on disk).
     */
    public CompletableFuture<ShareAcknowledgeResponse> acknowledge(String connectionId, ShareAcknowledgeRequest request) {
        ShareGroup g = groups.get(request.groupId());
        if (g == null) {
            return CompletableFuture.completedFuture(new ShareAcknowledgeResponse(Errors.GROUP_ID_NOT_FOUND,
                    "share group '" + request.groupId() + "' does not exist", List.of()));
        }
        Map<TopicPartition, SharePartition.Outcome> outcomes = new LinkedHashMap<>();
        List<ShareAcknowledgeResponse.AckTopicResponse> topicsOut = new ArrayList<>();
        for (ShareAcknowledgeRequest.AckTopic t : request.topics()) {
            List<ShareAcknowledgeResponse.AckPartitionResponse> parts = new ArrayList<>();
            for (ShareAcknowledgeRequest.AckPartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                SharePartition sp = g.partitionIfPresent(tp);
                if (sp == null) {
                    parts.add(new ShareAcknowledgeResponse.AckPartitionResponse(p.partition(), Errors.INVALID_RECORD_STATE,
                            "no record of " + tp + " is acquired in share group '" + g.name() + "'"));
                    continue;
                }
                SharePartition.Outcome o = new SharePartition.Outcome();
                int limit = maxDeliveryAttempts(t.name());
                for (ShareAcknowledgeRequest.Ack ack : p.acknowledgements()) {
                    sp.acknowledge(request.memberId(), ack.offset(), ack.type(), limit, o);
                }
                outcomes.put(tp, o);
                parts.add(o.failures.isEmpty()
                        ? new ShareAcknowledgeResponse.AckPartitionResponse(p.partition(), Errors.NONE, null)
                        : new ShareAcknowledgeResponse.AckPartitionResponse(p.partition(), Errors.INVALID_RECORD_STATE,
                                String.join("; ", o.failures)));
            }
            topicsOut.add(new ShareAcknowledgeResponse.AckTopicResponse(t.name(), parts));
        }
        CompletableFuture<Void> stored;
        try {
            stored = persistAsync(g, outcomes);
        } catch (IOException | RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        BiFunction<Void, Throwable, ShareAcknowledgeResponse> answer = (v, failure) -> {
            if (failure != null) {
                Throwable cause = unwrap(failure);
                LOG.error("storing acknowledgements of share group {} failed", g.name(), cause);
                return new ShareAcknowledgeResponse(Errors.STORAGE_ERROR, "storing the acknowledgements failed: "
                        + cause.getMessage(), topicsOut);
            }
            wake(outcomes);
            if (request.leave()) {
                g.leave(request.memberId());
                releaseMember(g, request.memberId());
                maybeDropNonDurable(g);
            }
            return new ShareAcknowledgeResponse(Errors.NONE, null, topicsOut);
        };
        return request.leave() || needsWake(outcomes) ? stored.handleAsync(answer, executor) : stored.handle(answer);
    }

    private static boolean needsWake(Map<TopicPartition, SharePartition.Outcome> outcomes) {
        return outcomes.values().stream().anyMatch(SharePartition.Outcome::freedRecords);
    }

    private void releaseMember(ShareGroup g, String member) {
        Map<TopicPartition, SharePartition.Outcome> outcomes = new LinkedHashMap<>();
        for (SharePartition sp : g.partitions()) {
            SharePartition.Outcome o = new SharePartition.Outcome();
            sp.releaseMember(member, maxDeliveryAttempts(sp.topicPartition().topic()), o);
            outcomes.put(sp.topicPartition(), o);
        }
        try {
            persist(g, outcomes);
        } catch (IOException | RuntimeException e) {
            LOG.error("storing the release of member {} of share group {} failed", member, g.name(), e);
        }
        wake(outcomes);
    }

    private void wake(Map<TopicPartition, SharePartition.Outcome> outcomes) {
        for (Map.Entry<TopicPartition, SharePartition.Outcome> e : outcomes.entrySet()) {
            if (e.getValue().freedRecords()) {
                replicas.delayedOperations().checkAndComplete(e.getKey());
            }
        }
    }

    /**
     * Writes the dead letters of {@code outcomes}, then stores their changes and the dead letters'
     * ARCHIVED states in one append, and waits until it is durable.
     */
    private void persist(ShareGroup g, Map<TopicPartition, SharePartition.Outcome> outcomes) throws IOException {
        Encoding e = encode(g, outcomes);
        append(e.records());
        if (e.failure() != null) {
            throw e.failure();
        }
    }

    /** As {@link #persist}, without waiting for the fsync: the future completes once the change is durable. */
    private CompletableFuture<Void> persistAsync(ShareGroup g, Map<TopicPartition, SharePartition.Outcome> outcomes)
            throws IOException {
        Encoding e = encode(g, outcomes);
        CompletableFuture<Void> durable = e.records().isEmpty() ? CompletableFuture.completedFuture(null)
                : stateLog().appendAsync(e.records());
        if (e.failure() == null) {
            return durable;
        }
        return durable.thenCompose(v -> CompletableFuture.failedFuture(e.failure()));
    }

    /** State records to append, and the first dead letter that could not be written (or null). */
    private record Encoding(List<ShareStateLog.Encoded> records, IOException failure) {
    }

    /**
     * Writes the dead letters of {@code outcomes} and encodes their changes and the dead letters'
     * ARCHIVED states for one append. A dead letter that cannot be written goes back to AVAILABLE.
     */
    private Encoding encode(ShareGroup g, Map<TopicPartition, SharePartition.Outcome> outcomes) {
        List<ShareStateLog.Encoded> records = new ArrayList<>();
        IOException failure = null;
        for (Map.Entry<TopicPartition, SharePartition.Outcome> e : outcomes.entrySet()) {
            TopicPartition tp = e.getKey();
            SharePartition.Outcome o = e.getValue();
            SharePartition sp = g.partitionIfPresent(tp);
            if (sp == null || (o.changes.isEmpty() && o.deadLetters.isEmpty())) {
                continue;
            }
            List<SharePartition.Change> changes = new ArrayList<>(o.changes);
            List<SharePartition.DeadLetter> failed = new ArrayList<>();
            for (SharePartition.DeadLetter d : o.deadLetters) {
                try {
                    writeDeadLetter(g, tp, d);
                    changes.add(new SharePartition.Change(d.offset(), RecordState.ARCHIVED, d.deliveryCount()));
                } catch (IOException | RuntimeException ex) {
                    LOG.error("moving {}@{} of share group {} to its dead-letter topic failed; it stays available",
                            tp, d.offset(), g.name(), ex);
                    failed.add(d);
                    failure = failure == null ? new IOException("dead-lettering " + tp + "@" + d.offset() + " failed", ex)
                            : failure;
                }
            }
            sp.restore(failed);
            records.add(ShareStateLog.partitionState(g.name(), tp, false, sp.startOffset(), changes));
        }
        return new Encoding(records, failure);
    }

    private void writeDeadLetter(ShareGroup g, TopicPartition tp, SharePartition.DeadLetter d) throws IOException {
        Partition partition = replicas.partition(tp).orElse(null);
        Record r = partition == null ? null : SharePartition.readRecord(partition, d.offset());
        if (r == null) {
            LOG.warn("{}@{} of share group {} is no longer in the log; nothing to dead-letter", tp, d.offset(), g.name());
            return;
        }
        String dlq = config.deadLetterTopic(topicConfigs(tp.topic()));
        deadLetters.write(dlq, tp, g.name(), r, d);
        LOG.info("{}@{} of share group {} moved to {}: {}", tp, d.offset(), g.name(), dlq, d.reason());
    }

    private Map<String, String> topicConfigs(String topic) {
        return topics.topic(topic).map(TopicMetadata::configs).orElse(Map.of());
    }

    private int maxDeliveryAttempts(String topic) {
        return config.maxDeliveryAttempts(topicConfigs(topic));
    }

    // ---------------------------------------------------------------- lock expiry and snapshots

    private void expireLocksQuietly() {
        if (closed) {
            return;
        }
        long now = clock.millis();
        for (ShareGroup g : groups.values()) {
            Map<TopicPartition, SharePartition.Outcome> outcomes = new LinkedHashMap<>();
            for (SharePartition sp : g.partitions()) {
                SharePartition.Outcome o = new SharePartition.Outcome();
                sp.expireLocks(now, maxDeliveryAttempts(sp.topicPartition().topic()), o);
                if (o.freedRecords()) {
                    outcomes.put(sp.topicPartition(), o);
                }
            }
            if (!outcomes.isEmpty()) {
                runLater(() -> {
                    try {
                        persist(g, outcomes);
                    } catch (IOException | RuntimeException e) {
                        LOG.error("storing lock expiries of share group {} failed", g.name(), e);
                    }
                    wake(outcomes);
                });
            }
        }
    }

    private void snapshotQuietly() {
        if (closed) {
            return;
        }
        try {
            snapshot();
        } catch (IOException | RuntimeException e) {
            LOG.warn("writing the share state snapshot failed", e);
        }
    }

    /** Writes a snapshot round (see {@link ShareStateLog}). */
    void snapshot() throws IOException {
        if (stateLog == null && groups.isEmpty()) {
            return;
        }
        stateLog().snapshot(() -> {
            List<ShareStateLog.Encoded> records = new ArrayList<>();
            for (ShareGroup g : groups.values()) {
                if (g.subscription() != null) {
                    records.add(ShareStateLog.subscription(g.subscription()));
                }
                for (SharePartition sp : g.partitions()) {
                    SharePartition.Snapshot s = sp.snapshot();
                    records.add(ShareStateLog.partitionState(g.name(), sp.topicPartition(), true, s.startOffset(),
                            s.entries()));
                }
            }
            // After the partition snapshots, which store held records as AVAILABLE.
            records.addAll(staged.encodeAll());
            return records;
        });
    }

    // ---------------------------------------------------------------- subscriptions

    /**
     * Creates, reuses or replaces a subscription (see {@link CreateSubscriptionRequest}). A
     * non-durable one is owned by {@code connectionId} until its members take over.
     */
    public synchronized CreateSubscriptionResponse createSubscription(String connectionId, CreateSubscriptionRequest r)
            throws IOException {
        if (r.name().isEmpty() || r.name().length() > MAX_GROUP_NAME_CHARS) {
            return new CreateSubscriptionResponse(Errors.INVALID_GROUP_ID, "subscription name must have 1 to "
                    + MAX_GROUP_NAME_CHARS + " characters", false);
        }
        try {
            Selector.parse(r.selector());
        } catch (SelectorParseException e) {
            return new CreateSubscriptionResponse(Errors.INVALID_SELECTOR, "selector '" + r.selector() + "': "
                    + e.getMessage(), false);
        }
        Optional<TopicMetadata> topic;
        try {
            topic = topics.getOrAutoCreate(r.topic());
        } catch (IllegalArgumentException e) {
            return new CreateSubscriptionResponse(Errors.INVALID_TOPIC, e.getMessage(), false);
        }
        if (topic.isEmpty()) {
            return new CreateSubscriptionResponse(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic '" + r.topic()
                    + "' does not exist", false);
        }
        ShareGroup existing = groups.get(r.name());
        if (existing != null) {
            Subscription s = existing.subscription();
            if (s != null && s.sameDefinition(r.topic(), r.selector(), r.durable(), r.shared())) {
                if (!r.durable()) {
                    existing.addOwner(connectionId);
                }
                return new CreateSubscriptionResponse(Errors.NONE, null, false);
            }
            if (existing.memberCount() > 0) {
                return new CreateSubscriptionResponse(Errors.SUBSCRIPTION_IN_USE, "'" + r.name() + "' has "
                        + existing.memberCount() + " active consumer(s) and a different definition (topic '"
                        + (s == null ? "?" : s.topic()) + "', selector '" + (s == null ? null : s.selector()) + "')",
                        false);
            }
            LOG.info("replacing share group {} by a new subscription to {} with selector {}", r.name(), r.topic(),
                    r.selector());
        }
        Map<Integer, Long> starts = new TreeMap<>();
        for (int p = 0; p < topic.get().partitions(); p++) {
            Optional<Partition> partition = replicas.partition(new TopicPartition(r.topic(), p));
            starts.put(p, partition.map(Partition::highWatermark).orElse(0L));
        }
        Subscription s = new Subscription(r.name(), r.topic(), r.selector(), r.durable(), r.shared(), starts);
        append(List.of(ShareStateLog.subscription(s)));
        ShareGroup g = new ShareGroup(r.name(), s);
        if (!r.durable()) {
            g.addOwner(connectionId);
        }
        groups.put(r.name(), g);
        return new CreateSubscriptionResponse(Errors.NONE, null, true);
    }

    /** Deletes a subscription that has no members. */
    public synchronized DeleteSubscriptionResponse deleteSubscription(String name) throws IOException {
        ShareGroup g = groups.get(name);
        if (g == null || g.subscription() == null) {
            return new DeleteSubscriptionResponse(Errors.SUBSCRIPTION_NOT_FOUND, "no subscription named '" + name + "'");
        }
        if (g.memberCount() > 0) {
            return new DeleteSubscriptionResponse(Errors.SUBSCRIPTION_IN_USE, "'" + name + "' has " + g.memberCount()
                    + " active consumer(s)");
        }
        drop(g);
        return new DeleteSubscriptionResponse(Errors.NONE, null);
    }

    private synchronized void drop(ShareGroup g) throws IOException {
        if (groups.get(g.name()) != g) {
            return;
        }
        append(List.of(ShareStateLog.groupDeleted(g.name())));
        groups.remove(g.name());
        LOG.info("share group {} deleted", g.name());
    }

    private void maybeDropNonDurable(ShareGroup g) {
        Subscription s = g.subscription();
        if (s != null && !s.durable() && g.abandoned()) {
            try {
                drop(g);
            } catch (IOException e) {
                LOG.error("deleting non-durable subscription {} failed", g.name(), e);
            }
        }
    }

    /** Every subscription, sorted by name. */
    public List<ListSubscriptionsResponse.SubscriptionListing> listSubscriptions() {
        List<ListSubscriptionsResponse.SubscriptionListing> out = new ArrayList<>();
        for (ShareGroup g : new TreeMap<>(groups).values()) {
            Subscription s = g.subscription();
            if (s != null) {
                out.add(new ListSubscriptionsResponse.SubscriptionListing(s.name(), s.topic(), s.selector(), s.durable(),
                        s.shared(), g.memberCount()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- transactions

    /**
     * Stages acknowledgements for a transaction (TxnShareAcknowledge): the member's acquired
     * records named in {@code request} move to the transaction (no lock deadline; not released
     * when the member leaves or its connection closes) and the staging is stored in
     * {@code __share_state} before this returns, so it survives a restart (the records stay held
     * by the transaction, never redelivered, until {@link #commitTransaction} or
     * {@link #abortTransaction}). The caller holds the transaction open meanwhile.
     *
     * @param txnId the transaction, as {@link ShareTransactionParticipant#txnId} names it
     */
    public TxnShareAcknowledgeResponse stageAcknowledgements(String txnId, TxnShareAcknowledgeRequest request) {
        ShareGroup g = groups.get(request.groupId());
        if (g == null) {
            return new TxnShareAcknowledgeResponse(Errors.GROUP_ID_NOT_FOUND, "share group '" + request.groupId()
                    + "' does not exist", List.of());
        }
        List<ShareStateLog.Encoded> records = new ArrayList<>();
        Map<TopicPartition, List<Long>> stagedNow = new LinkedHashMap<>();
        List<ShareAcknowledgeResponse.AckTopicResponse> topicsOut = new ArrayList<>();
        for (ShareAcknowledgeRequest.AckTopic t : request.topics()) {
            List<ShareAcknowledgeResponse.AckPartitionResponse> parts = new ArrayList<>();
            for (ShareAcknowledgeRequest.AckPartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                SharePartition sp = g.partitionIfPresent(tp);
                if (sp == null) {
                    parts.add(new ShareAcknowledgeResponse.AckPartitionResponse(p.partition(), Errors.INVALID_RECORD_STATE,
                            "no record of " + tp + " is acquired in share group '" + g.name() + "'"));
                    continue;
                }
                List<String> failures = new ArrayList<>();
                List<Long> offsets = new ArrayList<>();
                Map<Long, Byte> types = new LinkedHashMap<>();
                for (ShareAcknowledgeRequest.Ack ack : p.acknowledgements()) {
                    if (ack.type() == ShareAcknowledgeRequest.RETURN) {
                        failures.add("offset " + ack.offset() + ": RETURN cannot be staged in a transaction");
                    } else if (ack.type() < ShareAcknowledgeRequest.ACCEPT || ack.type() > ShareAcknowledgeRequest.REJECT) {
                        failures.add("offset " + ack.offset() + ": unknown acknowledgement type " + ack.type());
                    } else if (types.putIfAbsent(ack.offset(), ack.type()) == null) {
                        offsets.add(ack.offset());
                    }
                }
                List<Long> failed = sp.stage(request.memberId(), txnId, offsets);
                for (long o : failed) {
                    failures.add("offset " + o + " is not acquired by member " + request.memberId());
                }
                List<StagedAcknowledgements.Staged> acks = new ArrayList<>();
                List<Long> done = new ArrayList<>();
                for (long o : offsets) {
                    if (!failed.contains(o)) {
                        StagedAcknowledgements.Staged st = new StagedAcknowledgements.Staged(o, types.get(o),
                                sp.deliveryCount(o));
                        staged.add(txnId, g.name(), tp, st);
                        acks.add(st);
                        done.add(o);
                    }
                }
                if (!acks.isEmpty()) {
                    records.add(ShareStateLog.staged(txnId, g.name(), tp, acks));
                    stagedNow.put(tp, done);
                }
                parts.add(failures.isEmpty()
                        ? new ShareAcknowledgeResponse.AckPartitionResponse(p.partition(), Errors.NONE, null)
                        : new ShareAcknowledgeResponse.AckPartitionResponse(p.partition(), Errors.INVALID_RECORD_STATE,
                                String.join("; ", failures)));
            }
            topicsOut.add(new ShareAcknowledgeResponse.AckTopicResponse(t.name(), parts));
        }
        try {
            append(records);
        } catch (IOException | RuntimeException e) {
            LOG.error("storing acknowledgements staged by {} in share group {} failed", txnId, g.name(), e);
            long deadline = clock.millis() + config.lockDurationMs();
            stagedNow.forEach((tp, offsets) -> {
                g.partitionIfPresent(tp).unstage(txnId, request.memberId(), offsets, deadline);
                for (long o : offsets) {
                    staged.remove(txnId, g.name(), tp, o);
                }
            });
            return new TxnShareAcknowledgeResponse(Errors.STORAGE_ERROR, "storing the staged acknowledgements failed: "
                    + e.getMessage(), List.of());
        }
        return new TxnShareAcknowledgeResponse(Errors.NONE, null, topicsOut);
    }

    /**
     * Applies what {@code txnId} staged (its acknowledgements are stored as usual, then a type 5
     * record ends the staging). Idempotent: after a restart it may be called again.
     *
     * @throws IOException when storing failed; the staging stays, to be completed by a later call
     */
    public void commitTransaction(String txnId) throws IOException {
        for (Map.Entry<String, Map<TopicPartition, List<StagedAcknowledgements.Staged>>> e : staged.of(txnId).entrySet()) {
            ShareGroup g = groups.get(e.getKey());
            if (g != null) {
                Map<TopicPartition, SharePartition.Outcome> outcomes = new LinkedHashMap<>();
                e.getValue().forEach((tp, acks) -> {
                    SharePartition sp = g.partitionIfPresent(tp);
                    if (sp != null) {
                        SharePartition.Outcome o = new SharePartition.Outcome();
                        int limit = maxDeliveryAttempts(tp.topic());
                        for (StagedAcknowledgements.Staged a : acks) {
                            sp.acknowledge(SharePartition.txnOwner(txnId), a.offset(), a.type(), limit, o);
                        }
                        outcomes.put(tp, o);
                    }
                });
                persist(g, outcomes);
                wake(outcomes);
            }
            append(List.of(ShareStateLog.transactionDone(txnId, e.getKey(), true)));
            staged.done(txnId, e.getKey());
        }
    }

    /**
     * Releases what {@code txnId} staged: the records become AVAILABLE with their delivery counts
     * kept (their next delivery counts one more), or are dead-lettered at the delivery limit.
     * Idempotent.
     *
     * @throws IOException when storing failed; the staging stays, to be completed by a later call
     */
    public void abortTransaction(String txnId) throws IOException {
        for (String group : staged.of(txnId).keySet()) {
            ShareGroup g = groups.get(group);
            if (g != null) {
                Map<TopicPartition, SharePartition.Outcome> outcomes = new LinkedHashMap<>();
                for (SharePartition sp : g.partitions()) {
                    SharePartition.Outcome o = new SharePartition.Outcome();
                    sp.releaseMember(SharePartition.txnOwner(txnId), maxDeliveryAttempts(sp.topicPartition().topic()), o);
                    outcomes.put(sp.topicPartition(), o);
                }
                persist(g, outcomes);
                wake(outcomes);
            }
            append(List.of(ShareStateLog.transactionDone(txnId, group, false)));
            staged.done(txnId, group);
        }
    }

    /** The transactions that have staged acknowledgements (after a restart too), sorted. */
    public java.util.Set<String> stagedTransactions() {
        return staged.transactions();
    }

    // ---------------------------------------------------------------- shutdown

    /** Stops the timers and writes a final snapshot. */
    @Override
    public void close() {
        closed = true;
        for (ScheduledFuture<?> f : scheduled) {
            f.cancel(false);
        }
        try {
            snapshot();
        } catch (IOException | RuntimeException e) {
            LOG.warn("writing the final share state snapshot failed; the next start replays more", e);
        }
    }

    /**
     * What {@code group} has finished in {@code [from, to)} of {@code tp}, for queue browsers;
     * changes nothing. A group without state for the partition answers with its subscription's
     * start offset there, or -1 (nothing finished) when it has none.
     */
    public ShareBrowseResponse.BrowsePartition browse(String group, TopicPartition tp, long from, long to) {
        if (tp.partition() < 0 || replicas.partition(tp).isEmpty()) {
            return new ShareBrowseResponse.BrowsePartition(tp.partition(), Errors.UNKNOWN_TOPIC_OR_PARTITION, -1,
                    List.of());
        }
        ShareGroup g = groups.get(group);
        SharePartition sp = g == null ? null : g.partitionIfPresent(tp);
        if (sp == null) {
            Subscription s = g == null ? null : g.subscription();
            long start = s == null || !s.topic().equals(tp.topic()) ? -1
                    : s.startOffsets().getOrDefault(tp.partition(), -1L);
            return new ShareBrowseResponse.BrowsePartition(tp.partition(), Errors.NONE, start, List.of());
        }
        List<Long> finished = new ArrayList<>();
        long start = sp.finished(from, to, finished);
        return new ShareBrowseResponse.BrowsePartition(tp.partition(), Errors.NONE, start, finished);
    }

    /** For tests and tools: the state of {@code offset} in {@code group}, or empty when unknown. */
    public Optional<RecordState> recordState(String group, TopicPartition tp, long offset) {
        ShareGroup g = groups.get(group);
        SharePartition sp = g == null ? null : g.partitionIfPresent(tp);
        return sp == null ? Optional.empty() : Optional.of(sp.state(offset));
    }

    /** Runs {@code action} for each group name (for tools). */
    public void forEachGroup(Consumer<String> action) {
        new TreeMap<>(groups).keySet().forEach(action);
    }
}
