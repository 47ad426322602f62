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
 * <p>Appends happen under the accumulator's per-partition lock; everything after
 * {@link #close()} happens on the sender thread.
 */
final class ProducerBatch {
    final TopicPartition tp;
    final long createdMs;
    final int reservedBytes;
    private final RecordBatchBuilder builder;
    private final List<Thunk> thunks = new ArrayList<>();
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

    int recordCount() {
        return thunks.size();
    }

    int sizeInBytes() {
        return built != null ? built.remaining() : builder.sizeInBytes();
    }

    /** Stops appends (the batch is being drained). */
    void close() {
        closed = true;
    }

    /** The batch's bytes, built on first call with the given producer identity and sequence. */
    ByteBuffer bytes(long producerId, short epoch, int sequence, boolean transactional) {
        if (built == null) {
            closed = true;
            if (producerId >= 0) {
                builder.producer(producerId, epoch, sequence);
                builder.transactional(transactional);
                baseSequence = sequence;
            }
            built = builder.build();
        }
        return built.duplicate();
    }

    boolean isBuilt() {
        return built != null;
    }

    void complete(long baseOffset) {
        for (int i = 0; i < thunks.size(); i++) {
            Thunk t = thunks.get(i);
            RecordMetadata m = new RecordMetadata(tp.topic(), tp.partition(), baseOffset < 0 ? -1 : baseOffset + i,
                    t.timestamp());
            t.future().complete(m);
            callback(t, m, null);
        }
    }

    void fail(RuntimeException e) {
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
