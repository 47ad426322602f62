package io.partita.protocol.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes one RecordBatch v2 (see {@link RecordBatch} for the layout) into a growing heap buffer:
 * records are appended one at a time, then {@link #build()} fills in the header and the CRC.
 *
 * <p>Not thread-safe; one builder serves one batch.
 */
public final class RecordBatchBuilder {
    private ByteBuffer buf;
    private long baseOffset;
    private int partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private int attributes;
    private long baseTimestamp;
    private long maxTimestamp = Long.MIN_VALUE;
    private int count;
    private boolean built;

    public RecordBatchBuilder() {
        this(1024);
    }

    public RecordBatchBuilder(int initialCapacity) {
        buf = ByteBuffer.allocate(Math.max(initialCapacity, RecordBatch.HEADER_SIZE + 16));
        buf.position(RecordBatch.HEADER_SIZE);
    }

    public RecordBatchBuilder baseOffset(long offset) {
        this.baseOffset = offset;
        return this;
    }

    public RecordBatchBuilder partitionLeaderEpoch(int epoch) {
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    /** Marks the batch idempotent: producer id, epoch and the sequence of its first record. */
    public RecordBatchBuilder producer(long id, short epoch, int firstSequence) {
        this.producerId = id;
        this.producerEpoch = epoch;
        this.baseSequence = firstSequence;
        return this;
    }

    public RecordBatchBuilder transactional(boolean transactional) {
        attributes = transactional ? attributes | RecordBatch.TRANSACTIONAL_FLAG
                : attributes & ~RecordBatch.TRANSACTIONAL_FLAG;
        return this;
    }

    public RecordBatchBuilder control(boolean control) {
        attributes = control ? attributes | RecordBatch.CONTROL_FLAG : attributes & ~RecordBatch.CONTROL_FLAG;
        return this;
    }

    public int recordCount() {
        return count;
    }

    /** Bytes the batch takes so far. */
    public int sizeInBytes() {
        return buf.position();
    }

    /** Bytes a record with these fields adds to the batch, if appended now. */
    public int sizeOfRecord(long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        int body = bodySize(timestamp - (count == 0 ? timestamp : baseTimestamp), count, key, value, headers);
        return Varint.sizeOfVarint(body) + body;
    }

    public RecordBatchBuilder append(long timestamp, byte[] key, byte[] value) {
        return append(timestamp, key == null ? null : ByteBuffer.wrap(key),
                value == null ? null : ByteBuffer.wrap(value), List.of());
    }

    /** Appends a record; buffers are read from their position to their limit and not changed. */
    public RecordBatchBuilder append(long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        if (built) {
            throw new IllegalStateException("batch already built");
        }
        if (count == 0) {
            baseTimestamp = timestamp;
        }
        long tsDelta = timestamp - baseTimestamp;
        int body = bodySize(tsDelta, count, key, value, headers);
        ensureCapacity(Varint.sizeOfVarint(body) + body);
        Varint.writeVarint(body, buf);
        buf.put((byte) 0);
        Varint.writeVarlong(tsDelta, buf);
        Varint.writeVarint(count, buf);
        writeBytes(key);
        writeBytes(value);
        Varint.writeVarint(headers.size(), buf);
        for (Header h : headers) {
            byte[] k = h.key().getBytes(StandardCharsets.UTF_8);
            Varint.writeVarint(k.length, buf);
            buf.put(k);
            writeBytes(h.value());
        }
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        count++;
        return this;
    }

    private static int bodySize(long tsDelta, int offsetDelta, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        int size = 1 + Varint.sizeOfVarlong(tsDelta) + Varint.sizeOfVarint(offsetDelta)
                + sizeOfBytes(key) + sizeOfBytes(value) + Varint.sizeOfVarint(headers.size());
        for (Header h : headers) {
            int k = h.key().getBytes(StandardCharsets.UTF_8).length;
            size += Varint.sizeOfVarint(k) + k + sizeOfBytes(h.value());
        }
        return size;
    }

    private static int sizeOfBytes(ByteBuffer b) {
        return b == null ? 1 : Varint.sizeOfVarint(b.remaining()) + b.remaining();
    }

    private void writeBytes(ByteBuffer b) {
        if (b == null) {
            Varint.writeVarint(-1, buf);
        } else {
            Varint.writeVarint(b.remaining(), buf);
            buf.put(b.duplicate());
        }
    }

    private void ensureCapacity(int more) {
        if (buf.remaining() < more) {
            int capacity = Math.max(buf.capacity() * 2, buf.position() + more);
            ByteBuffer bigger = ByteBuffer.allocate(capacity);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    /**
     * Fills in the header and checksum and returns the batch, positioned at 0 with the limit at
     * its end. The builder cannot be used afterwards.
     */
    public ByteBuffer build() {
        if (built) {
            throw new IllegalStateException("batch already built");
        }
        built = true;
        int size = buf.position();
        buf.putLong(RecordBatch.BASE_OFFSET_OFFSET, baseOffset);
        buf.putInt(RecordBatch.LENGTH_OFFSET, size - RecordBatch.LOG_OVERHEAD);
        buf.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        buf.put(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
        buf.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) attributes);
        buf.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, Math.max(0, count - 1));
        buf.putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, count == 0 ? 0 : baseTimestamp);
        buf.putLong(RecordBatch.MAX_TIMESTAMP_OFFSET, count == 0 ? 0 : maxTimestamp);
        buf.putLong(RecordBatch.PRODUCER_ID_OFFSET, producerId);
        buf.putShort(RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        buf.putInt(RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        buf.putInt(RecordBatch.RECORDS_COUNT_OFFSET, count);
        buf.putInt(RecordBatch.CRC_OFFSET, (int) RecordBatch.computeChecksum(buf, RecordBatch.ATTRIBUTES_OFFSET, size));
        buf.flip();
        return buf;
    }
}
