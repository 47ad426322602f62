package io.partita.client.producer;

import io.partita.client.ClusterMetadata;
import io.partita.client.PartitaClientException;
import io.partita.client.PartitionInfo;
import io.partita.client.network.NetworkClient;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.partition.Partitioner;
import io.partita.protocol.record.Header;
import io.partita.protocol.record.RecordBatch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends records to Partita topics. {@link #send} is asynchronous: the record joins a
 * per-partition batch that a background thread sends when it is full ({@code batch.size}), has
 * waited {@code linger.ms}, or is flushed. Records with a key go to
 * {@code murmur2(key) % partitions} (the same partition Kafka's default partitioner picks);
 * records without one stick to one partition per batch.
 *
 * <p>By default the producer is idempotent with {@code acks=all}: retries after errors or lost
 * connections never duplicate a record and never reorder a partition's records. See
 * {@link ProducerConfig} for every setting. Thread-safe: share one producer between threads.
 *
 * <p><b>Transactions.</b> With {@code transactional.id} set, records are sent in transactions:
 * <pre>{@code
 * producer.initTransactions();          // once: fences older producers with the same id
 * producer.beginTransaction();
 * producer.send(new ProducerRecord("orders", key, value));
 * producer.send(new ProducerRecord("audit", key, value));
 * producer.commitTransaction();         // or abortTransaction(); all or nothing for read_committed consumers
 * }</pre>
 * The first record for a partition in a transaction waits until the coordinator has added the
 * partition. A failed send leaves only {@link #abortTransaction()}; a newer producer with the
 * same transactional id makes this one fail with {@link ProducerFencedException}. XA branches
 * are driven through {@code io.partita.client.txn.PartitaXaResource} instead.
 */
public final class PartitaProducer implements AutoCloseable {
    private final ProducerConfig config;
    private final NetworkClient network;
    private final ClusterMetadata metadata;
    private final RecordAccumulator accumulator;
    private final Sender sender;
    private final Thread ioThread;
    private final Partitioner partitioner;
    private final TransactionManager transactions;
    private final Map<String, Sticky> sticky = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<RecordMetadata>> incomplete = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** The partition unkeyed records of a topic go to until the batch they fill is sent. */
    private record Sticky(int partition, ProducerBatch batch) {
    }

    public PartitaProducer(Properties properties) {
        this(ProducerConfig.from(properties));
    }

    public PartitaProducer(ProducerConfig config) {
        this.config = config;
        this.network = new NetworkClient(config.clientId(), config.requestTimeoutMs(), 100 << 20, config.credentials());
        this.metadata = new ClusterMetadata(network, config.bootstrapServers());
        this.accumulator = new RecordAccumulator(config.batchSize(), config.lingerMs(), config.bufferMemory(),
                config.maxRequestSize());
        this.sender = new Sender(config, accumulator, metadata, network);
        this.partitioner = config.partitioner();
        this.transactions = new TransactionManager(config, network, metadata, sender);
        this.ioThread = new Thread(sender, "partita-producer-" + config.clientId());
        this.ioThread.setDaemon(true);
        this.ioThread.start();
    }

    public Future<RecordMetadata> send(ProducerRecord record) {
        return send(record, null);
    }

    /**
     * Queues a record for sending. Blocks only while there is no room in {@code buffer.memory} or
     * the topic's partitions are not yet known, for at most {@code max.block.ms} in all.
     *
     * @return a future of where the record landed; it fails with {@link PartitaClientException}
     *         when the record cannot be delivered
     * @throws IllegalStateException after {@link #close}
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord record, Callback callback) {
        if (closed) {
            throw new IllegalStateException("producer is closed");
        }
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        try {
            int size = estimateSize(record);
            if (size > config.maxRequestSize()) {
                throw new PartitaClientException("record of about " + size + " bytes is larger than max.request.size ("
                        + config.maxRequestSize() + ")", null, false, null);
            }
            List<PartitionInfo> partitions = metadata.awaitPartitions(record.topic(), true, config.maxBlockMs(),
                    config.retryBackoffMs());
            long timestamp = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
            incomplete.add(future);
            future.whenComplete((m, e) -> incomplete.remove(future));
            appendTo(record, partitions.size(), timestamp, size, future, callback);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            incomplete.remove(future);
            if (e instanceof IllegalStateException || e instanceof ProducerFencedException) {
                throw e; // misuse of the transaction API, or a fenced producer: not a delivery failure
            }
            if (callback != null) {
                callback.onCompletion(null, e);
            }
        }
        return future;
    }

    private void appendTo(ProducerRecord record, int numPartitions, long timestamp, int size,
            CompletableFuture<RecordMetadata> future, Callback callback) {
        RecordAccumulator.AppendResult result;
        if (record.partition() != null) {
            if (record.partition() >= numPartitions) {
                throw new PartitaClientException("partition " + record.partition() + " of topic '" + record.topic()
                        + "' does not exist; it has " + numPartitions, null, false, null);
            }
            result = appendTo(record.topic(), record.partition(), record, timestamp, size, future, callback, false);
        } else {
            int partition = partitioner.partition(record.topic(), record.key(), record.value(), numPartitions);
            if (partition == Partitioner.UNASSIGNED) {
                result = appendSticky(record, numPartitions, timestamp, size, future, callback);
            } else if (partition < 0 || partition >= numPartitions) {
                throw new PartitaClientException("partitioner returned partition " + partition + " for topic '"
                        + record.topic() + "' of " + numPartitions + " partitions", null, false, null);
            } else {
                result = appendTo(record.topic(), partition, record, timestamp, size, future, callback, false);
            }
        }
        if (result.newBatch() || result.batchFull()) {
            sender.wakeup();
        }
    }

    private RecordAccumulator.AppendResult appendTo(String topic, int partition, ProducerRecord record, long timestamp,
            int size, CompletableFuture<RecordMetadata> future, Callback callback, boolean abortIfNewBatch) {
        TopicPartition tp = new TopicPartition(topic, partition);
        if (transactions.isTransactional()) {
            transactions.maybeAddPartition(tp);
            future.whenComplete((m, e) -> {
                if (e != null) {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    transactions.onSendFailed(cause instanceof PartitaClientException p ? p
                            : new PartitaClientException("send to " + tp + " failed: " + cause, null, false, cause));
                }
            });
        }
        return accumulator.append(tp, record, timestamp, size, future, callback,
                System.currentTimeMillis(), config.maxBlockMs(), abortIfNewBatch);
    }

    /**
     * Gets this producer's transactional id its producer id and a new epoch, fencing older
     * producers with the same id (their open transaction is aborted). Call once, before the first
     * transaction.
     *
     * @throws IllegalStateException without {@code transactional.id}
     * @throws PartitaClientException when the broker refuses (for example INVALID_TRANSACTION_TIMEOUT)
     *         or cannot be reached within {@code max.block.ms}
     */
    public void initTransactions() {
        transactions.initTransactions();
    }

    /**
     * Opens a transaction; the records sent until commit or abort belong to it.
     *
     * @throws IllegalStateException before {@link #initTransactions()} or while a transaction is open
     * @throws ProducerFencedException when a newer producer has the transactional id
     */
    public void beginTransaction() {
        transactions.beginTransaction();
    }

    /**
     * Sends everything queued, then commits: the transaction's records become visible to
     * read_committed consumers, in every partition at once.
     *
     * @throws PartitaClientException when a record of the transaction failed (only
     *         {@link #abortTransaction()} is possible then), or the commit failed (for example
     *         TRANSACTION_TIMED_OUT: the broker aborted it; call {@link #initTransactions()} again)
     * @throws ProducerFencedException when a newer producer has the transactional id
     */
    public void commitTransaction() {
        transactions.checkCanCommit();
        try {
            flush();
        } catch (PartitaClientException e) {
            transactions.onSendFailed(e);
            throw new PartitaClientException("commitTransaction: a record of the transaction failed, abort it: "
                    + e.getMessage(), e.error(), false, e);
        }
        transactions.checkCanCommit();
        transactions.endTransaction(true);
    }

    /**
     * Aborts the open transaction: waits for the records already handed to {@link #send} (their
     * failures are ignored), then has the broker mark them aborted so no read_committed consumer
     * ever sees them.
     *
     * @throws ProducerFencedException when a newer producer has the transactional id
     */
    public void abortTransaction() {
        transactions.checkCanAbort();
        awaitPending();
        transactions.endTransaction(false);
    }

    /**
     * The identity of the open transaction (or of the associated XA branch), for work that joins
     * it on the broker, such as share-group acknowledgements
     * ({@code PartitaShareConsumer.commitSync(TransactionIdentity)}). The transaction's commit or
     * abort then always goes to the broker, even if nothing was sent.
     *
     * @throws IllegalStateException when no transaction is open (or no XA branch is associated)
     * @throws PartitaClientException when the transaction can only be aborted
     * @throws ProducerFencedException when a newer producer has the transactional id
     */
    public TransactionIdentity enlistInTransaction() {
        return transactions.enlist();
    }

    /**
     * Associates the producer with an XA branch: sends from now on belong to it. For
     * {@code io.partita.client.txn.PartitaXaResource}; applications use that class.
     *
     * @param branch the branch
     * @param producerId the branch's producer id (from XaStart)
     * @param producerEpoch the branch's producer epoch
     * @param partitions the branch's partitions so far (updated in place)
     * @param sequences the branch's next sequence per partition (a concurrent map, updated in place)
     */
    public void associateXaBranch(io.partita.protocol.txn.Xid branch, long producerId, short producerEpoch,
            Set<TopicPartition> partitions, Map<TopicPartition, Integer> sequences) {
        awaitPending();
        transactions.associate(branch, producerId, producerEpoch, partitions, sequences);
    }

    /**
     * Waits for the branch's sends and ends the association. For
     * {@code io.partita.client.txn.PartitaXaResource}.
     *
     * @return the failure of one of the branch's sends (the branch must roll back), or null
     */
    public PartitaClientException dissociateXaBranch() {
        PartitaClientException failed = awaitPending();
        PartitaClientException noted = transactions.dissociate();
        return failed != null ? failed : noted;
    }

    /** Sends what is queued and waits for every pending record; returns the first failure, or null. */
    private PartitaClientException awaitPending() {
        try {
            flush();
            return null;
        } catch (PartitaClientException e) {
            return e;
        }
    }

    /**
     * Unkeyed records stay on one partition until its batch is full; the record that would
     * open a new batch there goes to a newly chosen partition instead, so each batch fills up
     * before the next partition is used.
     */
    private RecordAccumulator.AppendResult appendSticky(ProducerRecord record, int numPartitions, long timestamp,
            int size, CompletableFuture<RecordMetadata> future, Callback callback) {
        String topic = record.topic();
        Sticky s = sticky.get(topic);
        if (s == null || s.partition() >= numPartitions) {
            s = new Sticky(ThreadLocalRandom.current().nextInt(numPartitions), null);
        }
        RecordAccumulator.AppendResult result = appendTo(topic, s.partition(), record, timestamp, size, future,
                callback, s.batch() != null);
        if (result.aborted()) {
            int next = ThreadLocalRandom.current().nextInt(numPartitions);
            if (numPartitions > 1 && next == s.partition()) {
                next = (next + 1) % numPartitions;
            }
            s = new Sticky(next, null);
            result = appendTo(topic, next, record, timestamp, size, future, callback, false);
        }
        sticky.put(topic, new Sticky(s.partition(), result.batch()));
        return result;
    }

    private static int estimateSize(ProducerRecord r) {
        int size = RecordBatch.RECORDS_OFFSET + 32 + (r.key() == null ? 0 : r.key().length)
                + (r.value() == null ? 0 : r.value().length);
        for (Header h : r.headers()) {
            size += 10 + h.key().getBytes(StandardCharsets.UTF_8).length + (h.value() == null ? 0 : h.value().remaining());
        }
        return size;
    }

    /** The partitions of {@code topic}, waiting up to {@code max.block.ms} for them. */
    public List<PartitionInfo> partitionsFor(String topic) {
        return metadata.awaitPartitions(topic, true, config.maxBlockMs(), config.retryBackoffMs());
    }

    /**
     * Sends everything queued and waits for the outcome.
     *
     * @throws PartitaClientException when any of those records failed: how many, and the first error
     */
    public void flush() {
        List<CompletableFuture<RecordMetadata>> pending = new ArrayList<>(incomplete);
        accumulator.beginFlush();
        sender.wakeup();
        try {
            AtomicInteger failed = new AtomicInteger();
            Throwable[] first = new Throwable[1];
            for (CompletableFuture<RecordMetadata> f : pending) {
                try {
                    f.join();
                } catch (RuntimeException e) {
                    if (failed.getAndIncrement() == 0) {
                        first[0] = e.getCause() == null ? e : e.getCause();
                    }
                }
            }
            if (failed.get() > 0) {
                throw new PartitaClientException(failed.get() + " of " + pending.size()
                        + " records failed; first error: " + first[0].getMessage(), null, false, first[0]);
            }
        } finally {
            accumulator.endFlush();
        }
    }

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Stops taking records, sends what is queued, and waits up to {@code timeout} for it; records
     * still unsent then fail with {@link PartitaClientException}.
     */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        sender.initiateClose();
        try {
            ioThread.join(Math.max(1, Math.min(timeout.toMillis(), Long.MAX_VALUE / 2)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ioThread.isAlive()) {
            sender.forceClose();
            try {
                ioThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PartitaClientException unsent = new PartitaClientException("producer closed before the record was sent",
                null, false, null);
        for (ProducerBatch b : accumulator.drainAll()) {
            sender.failBatch(b, unsent);
        }
        network.close();
    }
}
