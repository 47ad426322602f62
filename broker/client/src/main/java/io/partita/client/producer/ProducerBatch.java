package io.partita.client.producer;

import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.RecordBatchBuilder;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Records bound for one partition, collected until the batch is full, lingered long enough, or
 * flushed; then built once (with its producer id and sequence) and sent, and resent as the same
 * bytes on retry.
 *
 * <p>When several batches of a partition are sendable at once (they queued up while the one
 * before them was in flight), the first {@linkplain #absorb absorbs} the others: they travel in
 * one request as consecutive record batches with consecutive sequences, are appended together
 * (and fsynced together) by the broker, and are retried together, as the same bytes.
 *
 * <p>Appends happen under the accumulator's per-partition lock; everything after
 * {@link #close()} happens on the sender thread.
 */
final class ProducerBatch {
    final TopicPartition tp;
    final long createdMs;
    private final int reservedBytes;
    private final RecordBatchBuilder builder;
    private final List<Thunk> thunks = new ArrayList<>();
    /** Batches sent behind this one, in order, in the same request. */
    private final List<ProducerBatch> followers = new ArrayList<>();
    private final int capacity;
    private boolean closed;
    private ByteBuffer built;
    int attempts;
    long retryNotBeforeMs;
    int baseSequence = -1;

    /** One record's completion. */
    record Thunk(CompletableFuture<RecordMetadata> future, Callback callback, long timestamp) {
    }

    ProducerBatch(TopicPartition tp, int capacity, long nowMs) {
        this.tp = tp;
        this.capacity = capacity;
        this.reservedBytes = capacity;
        this.createdMs = nowMs;
        this.builder = new RecordBatchBuilder(Math.min(capacity, 64 * 1024));
    }

    /** Appends when it fits (a first record always fits); false when the batch is full or closed. */
    boolean tryAppend(ProducerRecord r, long timestamp, CompletableFuture<RecordMetadata> future, Callback callback) {
        if (closed) {
            return false;
        }
        java.nio.ByteBuffer key = r.key() == null ? null : java.nio.ByteBuffer.wrap(r.key());
        java.nio.ByteBuffer value = r.value() == null ? null : java.nio.ByteBuffer.wrap(r.value());
        int size = builder.sizeOfRecord(timestamp, key, value, r.headers());
        if (builder.recordCount() > 0 && builder.sizeInBytes() + size > capacity) {
            closed = true;
            return false;
        }
        builder.append(timestamp, key, value, r.headers());
        thunks.add(new Thunk(future, callback, timestamp));
        return true;
    }

    boolean isFull() {
        return closed;
    }

    /** The futures of this batch's own records, in order. */
    List<CompletableFuture<RecordMetadata>> futures() {
        List<CompletableFuture<RecordMetadata>> out = new ArrayList<>();
        thunks.forEach(t -> out.add(t.future()));
        return out;
    }

    /** Records of this batch and of the batches it absorbed. */
    int recordCount() {
        int n = thunks.size();
        for (ProducerBatch f : followers) {
            n += f.thunks.size();
        }
        return n;
    }

    /** Bytes of this batch and of the batches it absorbed. */
    int sizeInBytes() {
        if (built != null) {
            return built.remaining();
        }
        int n = builder.sizeInBytes();
        for (ProducerBatch f : followers) {
            n += f.builder.sizeInBytes();
        }
        return n;
    }

    /** Buffer memory held by this batch and the batches it absorbed. */
    int reservedBytes() {
        int n = reservedBytes;
        for (ProducerBatch f : followers) {
            n += f.reservedBytes;
        }
        return n;
    }

    /**
     * Takes {@code next}, the batch queued behind this one for the same partition, into this
     * one's request. Only before either is built.
     */
    void absorb(ProducerBatch next) {
        if (built != null || next.built != null || !next.followers.isEmpty() || !next.tp.equals(tp)) {
            throw new IllegalStateException("only unsent batches of one partition can travel together");
        }
        next.closed = true;
        followers.add(next);
    }

    /** Stops appends (the batch is being drained). */
    void close() {
        closed = true;
    }

    /**
     * The batch's bytes (followed by those of the batches it absorbed, each with the sequence
     * after the one before), built on first call with the given producer identity and sequence.
     */
    ByteBuffer bytes(long producerId, short epoch, int sequence, boolean transactional) {
        if (built == null) {
            ByteBuffer own = buildOwn(producerId, epoch, sequence, transactional);
            if (followers.isEmpty()) {
                built = own;
            } else {
                List<ByteBuffer> parts = new ArrayList<>();
                parts.add(own);
                int size = own.remaining();
                int next = sequence < 0 ? sequence : sequence + thunks.size();
                for (ProducerBatch f : followers) {
                    ByteBuffer part = f.buildOwn(producerId, epoch, next, transactional);
                    parts.add(part);
                    size += part.remaining();
                    next = next < 0 ? next : next + f.thunks.size();
                }
                ByteBuffer all = ByteBuffer.allocate(size);
                parts.forEach(all::put);
                built = all.flip();
            }
        }
        return built.duplicate();
    }

    private ByteBuffer buildOwn(long producerId, short epoch, int sequence, boolean transactional) {
        closed = true;
        if (producerId >= 0) {
            builder.producer(producerId, epoch, sequence);
            builder.transactional(transactional);
            baseSequence = sequence;
        }
        return builder.build();
    }

    boolean isBuilt() {
        return built != null;
    }

    /** Completes every record, this batch's and then its followers', at consecutive offsets from {@code baseOffset}. */
    void complete(long baseOffset) {
        completeOwn(baseOffset);
        long next = baseOffset < 0 ? baseOffset : baseOffset + thunks.size();
        for (ProducerBatch f : followers) {
            f.completeOwn(next);
            next = next < 0 ? next : next + f.thunks.size();
        }
    }

    private void completeOwn(long baseOffset) {
        for (int i = 0; i < thunks.size(); i++) {
            Thunk t = thunks.get(i);
            RecordMetadata m = new RecordMetadata(tp.topic(), tp.partition(), baseOffset < 0 ? -1 : baseOffset + i,
                    t.timestamp());
            t.future().complete(m);
            callback(t, m, null);
        }
    }

    void fail(RuntimeException e) {
        failOwn(e);
        for (ProducerBatch f : followers) {
            f.failOwn(e);
        }
    }

    private void failOwn(RuntimeException e) {
        for (Thunk t : thunks) {
            t.future().completeExceptionally(e);
            callback(t, null, e);
        }
    }

    private static void callback(Thunk t, RecordMetadata m, Exception e) {
        if (t.callback() != null) {
            try {
                t.callback().onCompletion(m, e);
            } catch (RuntimeException ignored) {
                // a throwing callback must not stop the sender; the future carries the outcome
            }
        }
    }
}
