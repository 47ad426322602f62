package io.partita.broker.log;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * Sparse map from time to offset, for look-ups by timestamp and time-based retention.
 *
 * <p>File {@code <baseOffset:020d>.timeindex}; entries of 12 bytes, big-endian: int64 timestamp,
 * int32 offset relative to the segment's base offset. An entry (t, o) means: every record of the
 * segment at an offset below o has a timestamp of at most t. Timestamps strictly increase from
 * entry to entry; an entry is added with the offset index entries, and once more when the
 * segment is rolled or closed, so the last entry carries the segment's largest timestamp. See
 * {@link AbstractIndex} for thread safety and crash behaviour.
 */
final class TimeIndex extends AbstractIndex {
    static final int ENTRY_SIZE = 12;

    TimeIndex(Path file, long baseOffset, int maxIndexSize, boolean active) throws IOException {
        super(file, baseOffset, maxIndexSize, active);
    }

    @Override
    protected int entrySize() {
        return ENTRY_SIZE;
    }

    @Override
    protected long keyAt(MappedByteBuffer buf, int n) {
        return buf.getLong(n * ENTRY_SIZE);
    }

    private static int relativeOffsetAt(MappedByteBuffer buf, int n) {
        return buf.getInt(n * ENTRY_SIZE + 8);
    }

    /**
     * The offset from which to scan for the first record with a timestamp at or above
     * {@code timestamp}: the offset of the last entry whose timestamp is below it, or the base
     * offset.
     */
    long scanStartFor(long timestamp) {
        if (timestamp == Long.MIN_VALUE) {
            return baseOffset;
        }
        return read(buf -> {
            int slot = largestLowerBound(buf, timestamp - 1);
            return slot < 0 ? baseOffset : baseOffset + relativeOffsetAt(buf, slot);
        });
    }

    /** Timestamp of the last entry, or -1 when there is none. */
    long lastTimestamp() {
        return read(buf -> {
            int n = entries();
            return n == 0 ? -1L : keyAt(buf, n - 1);
        });
    }

    /** Appends (timestamp, offset) when the timestamp is above the last entry's; else nothing. */
    void maybeAppend(long timestamp, long offset) throws IOException {
        if (entries() > 0 && timestamp <= lastTimestamp()) {
            return;
        }
        if (isFull()) {
            return;
        }
        long relative = offset - baseOffset;
        appendEntry((buf, at) -> {
            buf.putLong(at, timestamp);
            buf.putInt(at + 8, (int) relative);
        });
    }

    /** Removes entries that speak of offsets above {@code offset}. */
    void truncateTo(long offset) {
        int keep = read(buf -> {
            int n = entries();
            int k = 0;
            while (k < n && baseOffset + relativeOffsetAt(buf, k) <= offset) {
                k++;
            }
            return k;
        });
        if (keep < entries()) {
            long key = keep == 0 ? Long.MIN_VALUE + 1 : read(buf -> keyAt(buf, keep));
            truncateToKey(key);
        }
    }

    @Override
    protected void checkEntry(MappedByteBuffer buf, int n, long logSize) {
        int relative = relativeOffsetAt(buf, n);
        if (relative < 0 || (n > 0 && relative < relativeOffsetAt(buf, n - 1))) {
            throw new CorruptIndexException("time index " + file() + ": entry " + n + " has relative offset "
                    + relative + ", below the previous entry's or negative");
        }
    }
}
