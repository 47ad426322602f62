package io.partita.protocol.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A sequence of whole record batches laid end to end in a buffer, from its position to its
 * limit: the unit of produce requests, log appends and fetch responses.
 *
 * <p>Iteration is shallow: it reads each batch's length to find the next one and does not check
 * contents; {@link #validate} checks everything. Immutable view; thread-safe when the bytes are.
 */
public final class RecordBatches implements Iterable<RecordBatch> {
    private final ByteBuffer buf;

    public RecordBatches(ByteBuffer buf) {
        this.buf = buf.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
    }

    /** Concatenates the given batches into one buffer (a convenience for producers and tests). */
    public static RecordBatches of(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            out.put(b.duplicate());
        }
        out.flip();
        return new RecordBatches(out);
    }

    /** The bytes, from position to limit; a fresh duplicate each time. */
    public ByteBuffer buffer() {
        return buf.duplicate();
    }

    public int sizeInBytes() {
        return buf.remaining();
    }

    /**
     * Validates every batch ({@link RecordBatch#ensureValid}) and that together they fill the
     * buffer exactly.
     *
     * @return the number of batches and records, and the largest timestamp
     * @throws InvalidRecordException naming the first problem found
     */
    public Summary validate(int maxBatchBytes) {
        if (!buf.hasRemaining()) {
            throw new CorruptRecordException("no record batches: the record set is empty");
        }
        int batches = 0;
        long records = 0;
        long maxTimestamp = Long.MIN_VALUE;
        int pos = buf.position();
        int limit = buf.limit();
        while (pos < limit) {
            RecordBatch batch = new RecordBatch(buf, pos);
            if (limit - pos < RecordBatch.LOG_OVERHEAD) {
                throw new CorruptRecordException("truncated batch header at position " + pos + ": "
                        + (limit - pos) + " bytes, a header needs " + RecordBatch.HEADER_SIZE);
            }
            if (batch.batchLength() < 0) {
                throw new CorruptRecordException("batch at position " + pos + " declares a negative length "
                        + batch.batchLength());
            }
            batch.ensureValid(limit, maxBatchBytes);
            batches++;
            records += batch.recordsCount();
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            pos += batch.sizeInBytes();
        }
        return new Summary(batches, records, maxTimestamp);
    }

    /** What {@link #validate} learned about a record set. */
    public record Summary(int batches, long records, long maxTimestamp) {
    }

    @Override
    public Iterator<RecordBatch> iterator() {
        return new Iterator<>() {
            private int pos = buf.position();

            @Override
            public boolean hasNext() {
                int left = buf.limit() - pos;
                if (left < RecordBatch.LOG_OVERHEAD) {
                    return false;
                }
                int length = buf.getInt(pos + RecordBatch.LENGTH_OFFSET);
                return length >= 0 && length <= left - RecordBatch.LOG_OVERHEAD;
            }

            @Override
            public RecordBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                RecordBatch batch = new RecordBatch(buf, pos);
                pos += batch.sizeInBytes();
                return batch;
            }
        };
    }

    /** Every record of every batch, decoded (a convenience for tests and tools). */
    public List<Record> records() {
        List<Record> out = new ArrayList<>();
        for (RecordBatch b : this) {
            out.addAll(b.recordList());
        }
        return out;
    }
}
