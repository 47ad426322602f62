package io.partita.broker.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The aborted-transaction index of one segment, {@code <baseOffset:020d>.txnindex}: one entry per
 * transaction whose abort marker is in the segment, in marker order. Read-committed fetches use
 * it to tell consumers which producers' data to drop in the range they read.
 *
 * <p>File format: entries of {@value #ENTRY_BYTES} bytes end to end, each {@code version int16
 * (0), producerId int64, firstOffset int64, lastOffset int64, lastStableOffset int64}, big-endian.
 * No checksum and no fsync: like the other indexes it is derived data, rebuilt from the log by
 * scanning its batches when it is missing or after an unclean shutdown (see {@link Log}). A file
 * whose length is not a whole number of entries, or with an unknown version, counts as missing.
 *
 * <p>The entries are also held in memory (there are few: one per aborted transaction).
 * Thread safety: appended from the log's appending thread; read from any thread through a
 * snapshot of the list.
 */
final class TransactionIndex {
    static final int ENTRY_BYTES = 34;
    private static final short VERSION = 0;

    private volatile Path file;
    private volatile List<AbortedTxn> entries;

    private TransactionIndex(Path file, List<AbortedTxn> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** A new, empty index: creates the empty file, so that its absence later means "lost". */
    static TransactionIndex create(Path file) throws IOException {
        Files.write(file, new byte[0]);
        return new TransactionIndex(file, List.of());
    }

    /** An empty index standing in for a missing file until the log rebuilds it. */
    static TransactionIndex placeholder(Path file) {
        return new TransactionIndex(file, List.of());
    }

    /**
     * Loads the file.
     *
     * @return the index, or null when the file is missing or unreadable (the caller rebuilds it)
     */
    static TransactionIndex load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        if (buf.remaining() % ENTRY_BYTES != 0) {
            return null;
        }
        List<AbortedTxn> list = new ArrayList<>(buf.remaining() / ENTRY_BYTES);
        while (buf.hasRemaining()) {
            if (buf.getShort() != VERSION) {
                return null;
            }
            list.add(new AbortedTxn(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong()));
        }
        return new TransactionIndex(file, List.copyOf(list));
    }

    Path file() {
        return file;
    }

    /** The entries, in marker order. */
    List<AbortedTxn> entries() {
        return entries;
    }

    /** Appends an entry to the file and the list. Appending thread only. */
    void append(AbortedTxn txn) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(ENTRY_BYTES).putShort(VERSION).putLong(txn.producerId())
                .putLong(txn.firstOffset()).putLong(txn.lastOffset()).putLong(txn.lastStableOffset()).flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
        List<AbortedTxn> next = new ArrayList<>(entries);
        next.add(txn);
        entries = List.copyOf(next);
    }

    /** Replaces the contents with {@code rebuilt} (after a scan of the log). */
    void replace(List<AbortedTxn> rebuilt) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(rebuilt.size() * ENTRY_BYTES);
        for (AbortedTxn txn : rebuilt) {
            buf.putShort(VERSION).putLong(txn.producerId()).putLong(txn.firstOffset()).putLong(txn.lastOffset())
                    .putLong(txn.lastStableOffset());
        }
        buf.flip();
        AtomicFiles.write(file, buf);
        entries = List.copyOf(rebuilt);
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
