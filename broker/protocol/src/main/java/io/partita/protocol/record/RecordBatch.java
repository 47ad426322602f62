package io.partita.protocol.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;

/**
 * A flyweight over one record batch in the RecordBatch v2 ("magic 2") layout, at an absolute
 * position of a {@link ByteBuffer}. Reading a field reads the buffer; nothing is copied or cached.
 *
 * <p>Layout (big-endian; the CRC-32C covers every byte from {@code attributes} to the end):
 * <pre>
 * offset size field
 *      0    8 baseOffset            offset of the first record; assigned by the broker
 *      8    4 batchLength           bytes that follow this field
 *     12    4 partitionLeaderEpoch  leader epoch when appended; assigned by the broker
 *     16    1 magic                 always 2
 *     17    4 crc                   CRC-32C of bytes [21, end), as an unsigned int
 *     21    2 attributes            bits 0-2 compression (only 0, none, is accepted),
 *                                   bit 3 timestamp type (0 create time, 1 log append time),
 *                                   bit 4 transactional, bit 5 control batch
 *     23    4 lastOffsetDelta       offset delta of the last record (records - 1)
 *     27    8 baseTimestamp         timestamp of the first record
 *     35    8 maxTimestamp          largest record timestamp
 *     43    8 producerId            -1 when not idempotent
 *     51    2 producerEpoch         -1 when not idempotent
 *     53    4 baseSequence          sequence of the first record, -1 when not idempotent
 *     57    4 recordsCount
 *     61      records
 * record: varint length, int8 attributes, varlong timestampDelta, varint offsetDelta,
 *         varint keyLength (-1 = null), key, varint valueLength (-1 = null), value,
 *         varint headerCount, headers: varint keyLength, UTF-8 key, varint valueLength, value.
 * </pre>
 * The CRC does not cover base offset, length and leader epoch, so the broker can assign them
 * without recomputing it.
 *
 * <p>Not thread-safe for writes ({@link #setBaseOffset}); concurrent readers of an unchanging
 * buffer are fine.
 */
public final class RecordBatch {
    public static final byte MAGIC = 2;

    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORDS_COUNT_OFFSET = 57;
    public static final int RECORDS_OFFSET = 61;

    /** Bytes before {@code batchLength} counts: base offset and the length itself. */
    public static final int LOG_OVERHEAD = 12;
    /** Size of a batch with no records. */
    public static final int HEADER_SIZE = RECORDS_OFFSET;

    public static final int COMPRESSION_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    public static final int TRANSACTIONAL_FLAG = 0x10;
    public static final int CONTROL_FLAG = 0x20;

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;

    private final ByteBuffer buf;
    private final int start;

    /**
     * A view of the batch that starts at absolute position {@code start} of {@code buf}. The
     * buffer must be big-endian. Nothing is checked here: call {@link #ensureValid} before
     * trusting any field beyond the first 12 bytes.
     */
    public RecordBatch(ByteBuffer buf, int start) {
        if (buf.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("record batches are big-endian");
        }
        this.buf = buf;
        this.start = start;
    }

    /** A view of the batch at the buffer's current position. */
    public static RecordBatch at(ByteBuffer buf) {
        return new RecordBatch(buf, buf.position());
    }

    public ByteBuffer buffer() {
        return buf;
    }

    /** Absolute position of the batch's first byte in {@link #buffer()}. */
    public int start() {
        return start;
    }

    public long baseOffset() {
        return buf.getLong(start + BASE_OFFSET_OFFSET);
    }

    public int batchLength() {
        return buf.getInt(start + LENGTH_OFFSET);
    }

    /** Whole size of the batch: {@link #LOG_OVERHEAD} plus {@link #batchLength()}. */
    public int sizeInBytes() {
        return LOG_OVERHEAD + batchLength();
    }

    public int partitionLeaderEpoch() {
        return buf.getInt(start + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buf.get(start + MAGIC_OFFSET);
    }

    /** The stored checksum, as an unsigned 32-bit value. */
    public long checksum() {
        return buf.getInt(start + CRC_OFFSET) & 0xffffffffL;
    }

    public short attributes() {
        return buf.getShort(start + ATTRIBUTES_OFFSET);
    }

    public int compressionCodec() {
        return attributes() & COMPRESSION_MASK;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG) != 0;
    }

    public boolean isControlBatch() {
        return (attributes() & CONTROL_FLAG) != 0;
    }

    public boolean hasLogAppendTime() {
        return (attributes() & TIMESTAMP_TYPE_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return buf.getInt(start + LAST_OFFSET_DELTA_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset after this batch's last record. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    public long baseTimestamp() {
        return buf.getLong(start + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buf.getLong(start + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buf.getLong(start + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buf.getShort(start + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buf.getInt(start + BASE_SEQUENCE_OFFSET);
    }

    /** Sequence of the last record, wrapping at Integer.MAX_VALUE as the producer's does. */
    public int lastSequence() {
        int base = baseSequence();
        if (base == NO_SEQUENCE) {
            return NO_SEQUENCE;
        }
        long last = (long) base + lastOffsetDelta();
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    public int recordsCount() {
        return buf.getInt(start + RECORDS_COUNT_OFFSET);
    }

    /** Sets the base offset; the checksum does not cover it. */
    public void setBaseOffset(long offset) {
        buf.putLong(start + BASE_OFFSET_OFFSET, offset);
    }

    /** Sets the partition leader epoch; the checksum does not cover it. */
    public void setPartitionLeaderEpoch(int epoch) {
        buf.putInt(start + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /** Computes the CRC-32C of the bytes the checksum covers. */
    public long computeChecksum() {
        return computeChecksum(buf, start + ATTRIBUTES_OFFSET, start + sizeInBytes());
    }

    static long computeChecksum(ByteBuffer buf, int from, int to) {
        CRC32C crc = new CRC32C();
        ByteBuffer view = buf.duplicate();
        view.limit(to).position(from);
        crc.update(view);
        return crc.getValue();
    }

    /** True when the stored checksum matches the bytes (the batch must be within the buffer). */
    public boolean isChecksumValid() {
        return checksum() == computeChecksum();
    }

    /**
     * Checks everything about the batch that can be checked without context, and throws when any
     * of it is wrong: that the header and the declared length fit in the buffer (up to
     * {@code limit}), the magic, the checksum, the compression codec, the record count against
     * the last offset delta, and every record's framing, offset delta and lengths.
     *
     * @param limit         absolute position the batch must end at or before
     * @param maxBatchBytes largest acceptable {@link #sizeInBytes()}
     * @throws CorruptRecordException  when the bytes are not a valid batch
     * @throws RecordTooLargeException when the batch is valid but larger than {@code maxBatchBytes}
     */
    public void ensureValid(int limit, int maxBatchBytes) {
        int available = limit - start;
        if (available < HEADER_SIZE) {
            throw new CorruptRecordException("truncated batch header at position " + start + ": " + available
                    + " bytes, a header needs " + HEADER_SIZE);
        }
        int length = batchLength();
        if (length < HEADER_SIZE - LOG_OVERHEAD) {
            throw new CorruptRecordException("batch at position " + start + " declares length " + length
                    + ", less than the " + (HEADER_SIZE - LOG_OVERHEAD) + " bytes of a header");
        }
        if (length > available - LOG_OVERHEAD) {
            throw new CorruptRecordException("batch at position " + start + " declares length " + length
                    + " but only " + (available - LOG_OVERHEAD) + " bytes follow");
        }
        if (magic() != MAGIC) {
            throw new CorruptRecordException("batch at position " + start + " has magic " + magic()
                    + "; only magic " + MAGIC + " is supported");
        }
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new CorruptRecordException("batch at position " + start + " (base offset " + baseOffset()
                    + ") fails its CRC-32C check: stored " + Long.toHexString(stored) + ", computed "
                    + Long.toHexString(computed));
        }
        if (sizeInBytes() > maxBatchBytes) {
            throw new RecordTooLargeException("batch of " + sizeInBytes() + " bytes at position " + start
                    + " exceeds the limit of " + maxBatchBytes + " bytes (max.message.bytes)");
        }
        if (compressionCodec() != 0) {
            throw new CorruptRecordException("batch at position " + start + " uses compression codec "
                    + compressionCodec() + "; only 0 (none) is supported");
        }
        int count = recordsCount();
        if (count < 0) {
            throw new CorruptRecordException("batch at position " + start + " declares " + count + " records");
        }
        if (count == 0 && !isControlBatch()) {
            throw new CorruptRecordException("batch at position " + start + " has no records");
        }
        if (count > 0 && lastOffsetDelta() != count - 1) {
            throw new CorruptRecordException("batch at position " + start + " has " + count
                    + " records but last offset delta " + lastOffsetDelta());
        }
        int end = start + sizeInBytes();
        int pos = start + RECORDS_OFFSET;
        int[] next = new int[1];
        long[] maxDelta = {Long.MIN_VALUE};
        for (int i = 0; i < count; i++) {
            pos = skipRecord(pos, end, i, next, maxDelta);
        }
        if (pos != end) {
            throw new CorruptRecordException("batch at position " + start + " has " + (end - pos)
                    + " bytes after its last record");
        }
        if (count > 0 && baseTimestamp() + maxDelta[0] != maxTimestamp()) {
            throw new CorruptRecordException("batch at position " + start + " declares max timestamp "
                    + maxTimestamp() + " but its records' largest is " + (baseTimestamp() + maxDelta[0]));
        }
    }

    /** Checks one record's framing and returns the position after it. */
    private int skipRecord(int pos, int end, int index, int[] next, long[] maxDelta) {
        int length = Varint.readVarint(buf, pos, end, next, "record length");
        int bodyStart = next[0];
        if (length < 0 || length > end - bodyStart) {
            throw new CorruptRecordException("record " + index + " of batch at position " + start
                    + " declares length " + length + " but " + (end - bodyStart) + " bytes remain");
        }
        int recordEnd = bodyStart + length;
        int p = bodyStart + 1; // attributes
        if (p > recordEnd) {
            throw new CorruptRecordException("record " + index + " of batch at position " + start + " is empty");
        }
        maxDelta[0] = Math.max(maxDelta[0], Varint.readVarlong(buf, p, recordEnd, next, "timestamp delta"));
        int offsetDelta = Varint.readVarint(buf, next[0], recordEnd, next, "offset delta");
        if (offsetDelta != index) {
            throw new CorruptRecordException("record " + index + " of batch at position " + start
                    + " has offset delta " + offsetDelta);
        }
        p = skipBytes(next[0], recordEnd, next, index, "key", "key length");
        p = skipBytes(p, recordEnd, next, index, "value", "value length");
        int headers = Varint.readVarint(buf, p, recordEnd, next, "header count");
        if (headers < 0) {
            throw new CorruptRecordException("record " + index + " of batch at position " + start
                    + " declares " + headers + " headers");
        }
        p = next[0];
        for (int h = 0; h < headers; h++) {
            int keyLen = Varint.readVarint(buf, p, recordEnd, next, "header key length");
            if (keyLen < 0) {
                throw new CorruptRecordException("record " + index + " of batch at position " + start
                        + " has a header with a null key");
            }
            p = skipBytes(p, recordEnd, next, index, "header key", "header key length");
            p = skipBytes(p, recordEnd, next, index, "header value", "header value length");
        }
        if (p != recordEnd) {
            throw new CorruptRecordException("record " + index + " of batch at position " + start
                    + " declares length " + length + " but its fields take " + (p - bodyStart));
        }
        return recordEnd;
    }

    /** {@code lengthField} is {@code field + " length"}, spelled out so no string is built per record. */
    private int skipBytes(int pos, int end, int[] next, int index, String field, String lengthField) {
        int len = Varint.readVarint(buf, pos, end, next, lengthField);
        int p = next[0];
        if (len < -1 || len > end - p) {
            throw new CorruptRecordException("record " + index + " of batch at position " + start + ": " + field
                    + " length " + len + " does not fit in the " + (end - p) + " bytes left of the record");
        }
        return len < 0 ? p : p + len;
    }

    /**
     * The batch's records, decoded lazily. The batch must have passed {@link #ensureValid};
     * views handed out share the batch's buffer.
     */
    public Iterable<Record> records() {
        return RecordIterator::new;
    }

    /** Decodes all records into a list (convenience for tests and tools). */
    public List<Record> recordList() {
        List<Record> out = new ArrayList<>(Math.max(0, recordsCount()));
        for (Record r : records()) {
            out.add(r);
        }
        return out;
    }

    private final class RecordIterator implements Iterator<Record> {
        private final int end = start + sizeInBytes();
        private final int count = recordsCount();
        private final long baseOffset = baseOffset();
        private final long baseTimestamp = baseTimestamp();
        private final int[] next = new int[1];
        private int index;
        private int pos = start + RECORDS_OFFSET;

        @Override
        public boolean hasNext() {
            return index < count;
        }

        @Override
        public Record next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int length = Varint.readVarint(buf, pos, end, next, "record length");
            int recordEnd = next[0] + length;
            int p = next[0] + 1;
            long tsDelta = Varint.readVarlong(buf, p, recordEnd, next, "timestamp delta");
            int offsetDelta = Varint.readVarint(buf, next[0], recordEnd, next, "offset delta");
            p = next[0];
            ByteBuffer key = slice(p, recordEnd);
            p = next[0];
            ByteBuffer value = slice(p, recordEnd);
            p = next[0];
            int headerCount = Varint.readVarint(buf, p, recordEnd, next, "header count");
            p = next[0];
            List<Header> headers;
            if (headerCount == 0) {
                headers = Collections.emptyList();
            } else {
                headers = new ArrayList<>(headerCount);
                for (int h = 0; h < headerCount; h++) {
                    int keyLen = Varint.readVarint(buf, p, recordEnd, next, "header key length");
                    byte[] k = new byte[keyLen];
                    buf.get(next[0], k);
                    p = next[0] + keyLen;
                    ByteBuffer v = slice(p, recordEnd);
                    p = next[0];
                    headers.add(new Header(new String(k, StandardCharsets.UTF_8), v));
                }
                headers = Collections.unmodifiableList(headers);
            }
            pos = recordEnd;
            index++;
            return new Record(baseOffset + offsetDelta, baseTimestamp + tsDelta, key, value, headers);
        }

        /** Reads a length-prefixed byte field at {@code p}; leaves the position after it in next[0]. */
        private ByteBuffer slice(int p, int recordEnd) {
            int len = Varint.readVarint(buf, p, recordEnd, next, "field length");
            int from = next[0];
            if (len < 0) {
                return null;
            }
            next[0] = from + len;
            return buf.slice(from, len).asReadOnlyBuffer();
        }
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", size="
                + sizeInBytes() + ", maxTimestamp=" + maxTimestamp() + ", producerId=" + producerId() + ")";
    }
}
