package io.partita.broker.log;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * Sparse map from offset to the file position of the batch that starts at that offset, one entry
 * every {@code index.interval.bytes} of log.
 *
 * <p>File {@code <baseOffset:020d>.index}; entries of 8 bytes, big-endian: int32 offset relative
 * to the segment's base offset, int32 file position of a batch whose base offset it is. Sorted by
 * both. See {@link AbstractIndex} for thread safety and crash behaviour.
 */
final class OffsetIndex extends AbstractIndex {
    static final int ENTRY_SIZE = 8;

    OffsetIndex(Path file, long baseOffset, int maxIndexSize, boolean active) throws IOException {
        super(file, baseOffset, maxIndexSize, active);
    }

    @Override
    protected int entrySize() {
        return ENTRY_SIZE;
    }

    @Override
    protected long keyAt(MappedByteBuffer buf, int n) {
        return buf.getInt(n * ENTRY_SIZE);
    }

    private static int positionAt(MappedByteBuffer buf, int n) {
        return buf.getInt(n * ENTRY_SIZE + 4);
    }

    /**
     * The entry with the largest offset at most {@code offset}, or (base offset, 0) when there is
     * none: a position from which a forward scan finds {@code offset}.
     */
    OffsetPosition lookup(long offset) {
        return read(buf -> {
            int slot = largestLowerBound(buf, offset - baseOffset);
            return slot < 0 ? new OffsetPosition(baseOffset, 0)
                    : new OffsetPosition(baseOffset + keyAt(buf, slot), positionAt(buf, slot));
        });
    }

    /** The last entry, or (base offset, 0). */
    OffsetPosition lastEntry() {
        return read(buf -> {
            int n = entries();
            return n == 0 ? new OffsetPosition(baseOffset, 0)
                    : new OffsetPosition(baseOffset + keyAt(buf, n - 1), positionAt(buf, n - 1));
        });
    }

    void append(long offset, int position) throws IOException {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " does not fit index " + file()
                    + " with base offset " + baseOffset);
        }
        appendEntry((buf, at) -> {
            buf.putInt(at, (int) relative);
            buf.putInt(at + 4, position);
        });
    }

    /** Removes entries for offsets at or above {@code offset}. */
    void truncateTo(long offset) {
        truncateToKey(offset - baseOffset);
    }

    @Override
    protected void checkEntry(MappedByteBuffer buf, int n, long logSize) {
        int position = positionAt(buf, n);
        if (position < 0 || position >= logSize) {
            throw new CorruptIndexException("index " + file() + ": entry " + n + " points at position " + position
                    + ", outside the log of " + logSize + " bytes");
        }
        if (n > 0 && position <= positionAt(buf, n - 1)) {
            throw new CorruptIndexException("index " + file() + ": entry " + n + " position " + position
                    + " is not above the previous entry's");
        }
    }

    /** An offset and the file position of the batch starting there. */
    record OffsetPosition(long offset, int position) {
    }
}
