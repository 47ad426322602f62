package io.partita.broker.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The machinery shared by the sparse indexes of a segment: a file of fixed-size entries sorted
 * by a key, memory-mapped, preallocated to {@code maxIndexSize} while the segment is active and
 * trimmed to its entries when the segment is rolled or closed.
 *
 * <p>There is no checksum: after an unclean shutdown an index is not trusted, and its segment
 * rebuilds it from the log. An index found inconsistent ({@link #sanityCheck}) is rebuilt too.
 *
 * <p>The preallocated part of the file is a hole. The first touch of a page of the map that is
 * not in the page cache would make the kernel read ahead around it, zeroing as much page cache
 * as the device's read-ahead window (8 MiB on some virtual disks) for a few bytes of entries.
 * So before entries reach a page, {@link #appendEntry} puts the pages in the page cache with a
 * plain write of zeros, {@value #POPULATE_CHUNK} bytes at a time: the map then finds them there.
 *
 * <p>Thread safety: appends, truncation and resizing are done by the single thread that appends
 * to the segment (the log's append lock) and take the write lock; look-ups may come from any
 * thread and take the read lock. Entries are written before the entry count is published.
 */
abstract class AbstractIndex implements Closeable {
    /** Bytes of the file put in the page cache at a time ahead of the entries. */
    static final int POPULATE_CHUNK = 64 * 1024;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(POPULATE_CHUNK).asReadOnlyBuffer();

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Path file;
    protected final long baseOffset;
    private final int maxIndexSize;
    private MappedByteBuffer mmap;
    private volatile int entries;
    private int maxEntries;
    /**
     * Bytes from the start that hold entries found at open or zeros this index wrote; past them
     * the preallocated file is a hole. Changed under the write lock.
     */
    private int populated;
    /** A length that is not a whole number of entries: sanityCheck reports it. */
    private final boolean lengthWasRagged;

    /**
     * Opens or creates the index. An existing file's entries are taken as they are (length /
     * entry size); the caller decides whether to trust them ({@link #sanityCheck}) or
     * {@link #reset} it.
     */
    AbstractIndex(Path file, long baseOffset, int maxIndexSize, boolean active) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.maxIndexSize = maxIndexSize;
        boolean existed = Files.exists(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = existed ? raf.length() : 0;
            this.lengthWasRagged = length % entrySize() != 0;
            int existingEntries = (int) Math.min(Integer.MAX_VALUE, length / entrySize());
            if (active) {
                raf.setLength(roundToEntries(Math.max(maxIndexSize, existingEntries * entrySize())));
            }
            this.mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, raf.length());
            this.maxEntries = mmap.limit() / entrySize();
            this.entries = Math.min(existingEntries, maxEntries);
            this.populated = entries * entrySize();
        }
    }

    /** Size of one entry in bytes. */
    protected abstract int entrySize();

    /** The sort key of entry {@code n}, read from {@code buf}. */
    protected abstract long keyAt(MappedByteBuffer buf, int n);

    private int roundToEntries(int bytes) {
        return bytes / entrySize() * entrySize();
    }

    Path file() {
        return file;
    }

    int entries() {
        return entries;
    }

    /** Bytes from the start that are entries or zeros written ahead of them, not a hole (for tests). */
    int populatedBytes() {
        lock.readLock().lock();
        try {
            return populated;
        } finally {
            lock.readLock().unlock();
        }
    }

    boolean isFull() {
        return entries >= maxEntries;
    }

    int maxEntries() {
        return maxEntries;
    }

    long sizeInBytes() {
        return (long) entries * entrySize();
    }

    /** Runs {@code reader} over the map under the read lock. */
    protected <T> T read(java.util.function.Function<MappedByteBuffer, T> reader) {
        lock.readLock().lock();
        try {
            return reader.apply(mmap);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Writes one entry after the last; {@code writer} puts the entry's bytes at the given
     * absolute position.
     */
    protected void appendEntry(java.util.function.ObjIntConsumer<MappedByteBuffer> writer) throws IOException {
        lock.writeLock().lock();
        try {
            if (entries >= maxEntries) {
                throw new IllegalStateException("index " + file + " is full (" + entries + " entries)");
            }
            int at = entries * entrySize();
            if (at + entrySize() > populated) {
                populate(at);
            }
            writer.accept(mmap, at);
            entries++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Writes zeros from {@code from} (the end of the entries) up to the next multiple of
     * {@link #POPULATE_CHUNK} past the entry that starts there, or the end of the map, so that
     * those pages are in the page cache before the map touches them.
     */
    private void populate(int from) throws IOException {
        int to = Math.min(mmap.limit(), (from + entrySize() + POPULATE_CHUNK - 1) / POPULATE_CHUNK * POPULATE_CHUNK);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            int position = from;
            while (position < to) {
                ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit(Math.min(zeros.capacity(), to - position));
                position += ch.write(zeros, position);
            }
        }
        populated = to;
    }

    /**
     * Slot of the largest entry whose key is at most {@code target}, or -1 when every key is
     * larger (or there are no entries). Caller holds the read lock.
     */
    protected int largestLowerBound(MappedByteBuffer buf, long target) {
        int n = entries;
        if (n == 0 || keyAt(buf, 0) > target) {
            return -1;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (keyAt(buf, mid) <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Keeps only the entries whose key is below {@code key}. */
    protected void truncateToKey(long key) {
        lock.writeLock().lock();
        try {
            int slot = largestLowerBound(mmap, key - 1);
            entries = slot + 1;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops every entry and makes room for {@code maxIndexSize} bytes of new ones. */
    void reset() throws IOException {
        lock.writeLock().lock();
        try {
            entries = 0;
            resize(maxIndexSize);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Shrinks the file to its entries; done when the segment stops being active. */
    void trimToValidSize() throws IOException {
        lock.writeLock().lock();
        try {
            resize(entries * entrySize());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Grows the file back to {@code maxIndexSize} so the segment can append again. */
    void makeActive() throws IOException {
        lock.writeLock().lock();
        try {
            resize(Math.max(maxIndexSize, entries * entrySize()));
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void resize(int bytes) throws IOException {
        int rounded = roundToEntries(bytes);
        // No msync first: the old and new mappings share the page cache, and an index is
        // rebuilt after a crash anyway (close() flushes for a clean shutdown).
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(rounded);
            mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, rounded);
            maxEntries = rounded / entrySize();
            populated = Math.min(populated, rounded); // what a trim cut off is a hole again once grown back
        }
    }

    /**
     * Checks what can be checked without the log: a whole number of entries, keys strictly
     * increasing, and whatever the subclass adds ({@link #checkEntry}).
     *
     * @param logSize size of the segment's log file
     * @throws CorruptIndexException naming the file and the first bad entry
     */
    void sanityCheck(long logSize) {
        if (lengthWasRagged) {
            throw new CorruptIndexException("index " + file + " has a partial trailing entry");
        }
        read(buf -> {
            long prev = Long.MIN_VALUE;
            for (int i = 0; i < entries; i++) {
                long key = keyAt(buf, i);
                if (key <= prev) {
                    throw new CorruptIndexException("index " + file + ": entry " + i + " has key " + key
                            + ", not above the previous " + prev);
                }
                checkEntry(buf, i, logSize);
                prev = key;
            }
            return null;
        });
    }

    /** Subclass checks of one entry against the log's size. */
    protected abstract void checkEntry(MappedByteBuffer buf, int n, long logSize);

    void flush() {
        lock.writeLock().lock();
        try {
            mmap.force();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Renames the file (the mapping stays valid). */
    void renameTo(Path target) throws IOException {
        Files.move(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        file = target;
    }

    void deleteFile() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete index " + file, e);
        }
    }

    /** Trims the file; the mapping is released by the garbage collector. */
    @Override
    public void close() throws IOException {
        if (Files.exists(file)) {
            trimToValidSize();
        }
    }
}
