package io.partita.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The transaction index of one segment, {@code <baseOffset:020d>.txnindex}: the transactions open
 * at the segment's base offset, then one entry per transaction whose abort marker is in the
 * segment, in marker order. Read-committed fetches use the entries to tell consumers which
 * producers' data to drop; after a crash the log rebuilds its open transactions from the header
 * of the segment where recovery starts instead of from the start of the log.
 *
 * <p>File format, big-endian: header {@code version int16 (1), openCount int32, open
 * [producerId int64, firstOffset int64]}, then entries of {@value #ENTRY_BYTES} bytes
 * {@code version int16 (0), producerId int64, firstOffset int64, lastOffset int64,
 * lastStableOffset int64}. The header is written when the segment is created; it and the entries,
 * appended when abort markers are, are fsynced with the segment ({@link #flush}). No
 * checksum: a file that is missing, too short, not a header plus whole entries, or of an unknown
 * version counts as missing and is rebuilt from the log (see {@link Log}).
 *
 * <p>The contents are also held in memory (one entry per aborted transaction). Thread safety:
 * changed from the log's appending thread (or during load); read from any thread through
 * immutable snapshots.
 */
final class TransactionIndex {
    static final int ENTRY_BYTES = 34;
    private static final short HEADER_VERSION = 1;
    private static final short ENTRY_VERSION = 0;
    private static final int HEADER_BYTES = 6;

    private volatile Path file;
    private volatile Map<Long, Long> openAtStart;
    private volatile List<AbortedTxn> entries;
    private final AtomicBoolean dirty = new AtomicBoolean();

    private TransactionIndex(Path file, Map<Long, Long> openAtStart, List<AbortedTxn> entries) {
        this.file = file;
        this.openAtStart = openAtStart;
        this.entries = entries;
    }

    /** An empty stand-in for a missing or unreadable file, until the log rebuilds it. */
    static TransactionIndex placeholder(Path file) {
        return new TransactionIndex(file, Map.of(), List.of());
    }

    /**
     * Loads the file.
     *
     * @return the index, or null when the file is missing or unreadable (the log rebuilds it)
     */
    static TransactionIndex load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        if (buf.remaining() < HEADER_BYTES || buf.getShort() != HEADER_VERSION) {
            return null;
        }
        int open = buf.getInt();
        if (open < 0 || (long) open * 16 > buf.remaining() || (buf.remaining() - open * 16) % ENTRY_BYTES != 0) {
            return null;
        }
        Map<Long, Long> openAtStart = new LinkedHashMap<>();
        for (int i = 0; i < open; i++) {
            openAtStart.put(buf.getLong(), buf.getLong());
        }
        List<AbortedTxn> list = new ArrayList<>(buf.remaining() / ENTRY_BYTES);
        while (buf.hasRemaining()) {
            if (buf.getShort() != ENTRY_VERSION) {
                return null;
            }
            list.add(new AbortedTxn(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong()));
        }
        return new TransactionIndex(file, Map.copyOf(openAtStart), List.copyOf(list));
    }

    Path file() {
        return file;
    }

    /** The transactions open at the segment's base offset: producer id to first offset. */
    Map<Long, Long> openAtStart() {
        return openAtStart;
    }

    /** The aborted-transaction entries, in marker order. */
    List<AbortedTxn> entries() {
        return entries;
    }

    /** Appends an entry to the file (not fsynced until {@link #flush}) and the list. */
    void append(AbortedTxn txn) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(ENTRY_BYTES);
        putEntry(buf, txn);
        buf.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
        dirty.set(true);
        List<AbortedTxn> next = new ArrayList<>(entries);
        next.add(txn);
        entries = List.copyOf(next);
    }

    /** fsyncs entries appended since the last flush. Thread-safe. */
    void flush() throws IOException {
        if (dirty.getAndSet(false)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            } catch (IOException e) {
                dirty.set(true);
                throw e;
            }
        }
    }

    /** Replaces the whole contents (atomically, fsynced): after a scan of the log. */
    void replace(Map<Long, Long> open, List<AbortedTxn> rebuilt) throws IOException {
        AtomicFiles.write(file, encode(open, rebuilt));
        openAtStart = Map.copyOf(open);
        entries = List.copyOf(rebuilt);
    }

    /**
     * Writes the header of a new segment's index: the transactions open at its base offset. It is
     * not fsynced here but by the segment's {@link #flush}, before the recovery point can pass the
     * segment's base offset. Until then a crash may leave the file missing, empty or short, which
     * {@link #load} reports as missing, and recovery rebuilds it from an earlier segment's header;
     * so a roll never waits for the disk (an fsync here, under {@code flush.mode=os} with the
     * previous segment being written back, waited for that writeback).
     */
    void start(Map<Long, Long> open) throws IOException {
        ByteBuffer buf = encode(open, List.of());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
        dirty.set(true);
        openAtStart = Map.copyOf(open);
        entries = List.of();
    }

    private static ByteBuffer encode(Map<Long, Long> open, List<AbortedTxn> entries) {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + open.size() * 16 + entries.size() * ENTRY_BYTES);
        buf.putShort(HEADER_VERSION).putInt(open.size());
        open.forEach((pid, first) -> buf.putLong(pid).putLong(first));
        for (AbortedTxn txn : entries) {
            putEntry(buf, txn);
        }
        return buf.flip();
    }

    private static void putEntry(ByteBuffer buf, AbortedTxn txn) {
        buf.putShort(ENTRY_VERSION).putLong(txn.producerId()).putLong(txn.firstOffset()).putLong(txn.lastOffset())
                .putLong(txn.lastStableOffset());
    }

    /** Adds to {@code out} the entries whose range overlaps [{@code from}, {@code to}). */
    void collect(long from, long to, List<AbortedTxn> out) {
        for (AbortedTxn txn : entries) {
            if (txn.lastOffset() >= from && txn.firstOffset() < to) {
                out.add(txn);
            }
        }
    }

    void renameTo(Path target) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        file = target;
    }

    void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }
}
