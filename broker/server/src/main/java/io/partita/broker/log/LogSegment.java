package io.partita.broker.log;

import io.partita.protocol.record.InvalidRecordException;
import io.partita.protocol.record.Record;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatches;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One segment of a partition log: the file {@code <baseOffset:020d>.log} of whole record batches
 * in offset order, with its sparse {@link OffsetIndex} and {@link TimeIndex}, and its
 * {@link TransactionIndex} of aborted transactions.
 *
 * <p>On disk the log file is nothing but batches end to end; the indexes can always be rebuilt
 * from it ({@link #recover}). After a crash the tail may hold a torn batch: recovery checks every
 * batch's framing and CRC and truncates the file at the first bad one.
 *
 * <p>Thread safety: appends, rolls and recovery come from the partition's single appending
 * thread (under {@link Log}'s append lock). Reads come from any thread and see only what
 * {@link #size()} published when they started. The file stays open while anyone holds a
 * reference ({@link #tryRetain}); a deleted segment's files go when the last reader lets go.
 */
final class LogSegment {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String TXN_INDEX_SUFFIX = ".txnindex";
    static final String DELETED_SUFFIX = ".deleted";

    private final long baseOffset;
    private final FileChannel channel;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final int indexIntervalBytes;
    private final boolean indexesWereMissing;
    private final TransactionIndex txnIndex;
    private final boolean txnIndexWasMissing;
    private volatile Path logFile;
    private volatile int size;
    private volatile long maxTimestampSoFar = -1;
    private int bytesSinceLastIndexEntry;
    private long firstBatchTimestamp = -1;
    private long nextOffset;
    private final AtomicInteger refCnt = new AtomicInteger(1);
    private volatile boolean deleted;

    private LogSegment(Path dir, long baseOffset, LogConfig config, boolean active) throws IOException {
        this.baseOffset = baseOffset;
        this.logFile = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
        Path indexFile = dir.resolve(fileName(baseOffset, INDEX_SUFFIX));
        Path timeIndexFile = dir.resolve(fileName(baseOffset, TIME_INDEX_SUFFIX));
        this.indexesWereMissing = !Files.exists(indexFile) || !Files.exists(timeIndexFile);
        this.channel = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long length = channel.size();
        if (length > Integer.MAX_VALUE) {
            channel.close();
            throw new IOException("segment " + logFile + " is " + length + " bytes, larger than a segment can be");
        }
        this.size = (int) length;
        this.offsetIndex = new OffsetIndex(indexFile, baseOffset, config.segmentIndexBytes(), active);
        this.timeIndex = new TimeIndex(timeIndexFile, baseOffset, config.segmentIndexBytes(), active);
        this.indexIntervalBytes = config.indexIntervalBytes();
        this.nextOffset = baseOffset;
        Path txnIndexFile = dir.resolve(fileName(baseOffset, TXN_INDEX_SUFFIX));
        TransactionIndex loaded = TransactionIndex.load(txnIndexFile);
        this.txnIndex = loaded != null ? loaded : TransactionIndex.placeholder(txnIndexFile);
        this.txnIndexWasMissing = loaded == null;
    }

    /** The aborted-transaction index of this segment. */
    TransactionIndex txnIndex() {
        return txnIndex;
    }

    /**
     * Whether the {@code .txnindex} file was missing or unreadable when the segment was opened
     * (always so for a new segment, until the log writes its header).
     */
    boolean txnIndexWasMissing() {
        return txnIndexWasMissing;
    }

    /** Receives the batches of a scan. */
    interface BatchVisitor {
        void visit(RecordBatch batch) throws IOException;
    }

    /** Hands every whole batch of the segment, in order, to {@code visitor}. */
    void forEachBatch(BatchVisitor visitor) throws IOException {
        FileBatchScanner scanner = new FileBatchScanner(channel, 0, size);
        while (scanner.next(true)) {
            visitor.visit(scanner.batch());
        }
    }

    /** Opens (or creates) the segment with the given base offset in {@code dir}. */
    static LogSegment open(Path dir, long baseOffset, LogConfig config, boolean active) throws IOException {
        return new LogSegment(dir, baseOffset, config, active);
    }

    static String fileName(long baseOffset, String suffix) {
        return String.format("%020d", baseOffset) + suffix;
    }

    long baseOffset() {
        return baseOffset;
    }

    /** Bytes of whole batches in the file; what readers may see. */
    int size() {
        return size;
    }

    /** Offset after the last batch (the base offset when empty). Appending thread only, or after load. */
    long nextOffset() {
        return nextOffset;
    }

    /** Largest record timestamp in the segment, or -1 when it is empty. */
    long largestTimestamp() {
        return maxTimestampSoFar;
    }

    Path logFile() {
        return logFile;
    }

    /**
     * Whether the segment should be rolled before appending {@code batchBytes} more bytes whose
     * last offset is {@code lastOffset}: it would pass {@code segment.bytes}, its first batch is
     * older than {@code segment.ms}, an index is full, or the offsets would not fit the index.
     */
    boolean shouldRoll(LogConfig config, int batchBytes, long lastOffset, long nowMs) {
        if (size == 0) {
            return false;
        }
        return (long) size + batchBytes > config.segmentBytes()
                || (firstBatchTimestamp >= 0 && nowMs - firstBatchTimestamp > config.segmentMs())
                || offsetIndex.isFull()
                || timeIndex.entries() >= timeIndex.maxEntries() - 1
                || lastOffset - baseOffset > Integer.MAX_VALUE;
    }

    /**
     * Appends batches whose offsets the log has assigned, then indexes them and publishes the new
     * size. Appending thread only.
     */
    void append(RecordBatches batches) throws IOException {
        int start = size;
        ByteBuffer bytes = batches.buffer();
        long at = start;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
        int position = start;
        for (RecordBatch batch : batches) {
            indexBatch(batch, position);
            position += batch.sizeInBytes();
        }
        size = position;
    }

    private void indexBatch(RecordBatch batch, int position) throws IOException {
        if (firstBatchTimestamp < 0) {
            firstBatchTimestamp = batch.maxTimestamp();
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            offsetIndex.append(batch.baseOffset(), position);
            if (maxTimestampSoFar >= 0) {
                timeIndex.maybeAppend(maxTimestampSoFar, batch.baseOffset());
            }
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batch.sizeInBytes();
        if (batch.maxTimestamp() > maxTimestampSoFar) {
            maxTimestampSoFar = batch.maxTimestamp();
        }
        nextOffset = batch.nextOffset();
    }

    /**
     * Where the batch holding {@code offset} starts: the first batch whose last offset is at or
     * above it, looking no further than {@code maxPosition}; null when there is none.
     */
    BatchPosition find(long offset, int maxPosition) throws IOException {
        OffsetIndex.OffsetPosition from = offsetIndex.lookup(offset);
        if (from.position() >= maxPosition) {
            from = new OffsetIndex.OffsetPosition(baseOffset, 0);
        }
        FileBatchScanner scanner = new FileBatchScanner(channel, from.position(), maxPosition);
        while (scanner.next(false)) {
            RecordBatch batch = scanner.batch();
            if (batch.lastOffset() >= offset) {
                return new BatchPosition(batch.baseOffset(), scanner.position(), scanner.size());
            }
        }
        return null;
    }

    /**
     * Whole batches from the one holding {@code startOffset}, at most {@code maxBytes} of them
     * (but at least one batch when {@code minOneBatch}), ending at or before {@code maxPosition}.
     * The caller must hold a reference, which passes to the returned records; null (reference
     * untouched) when the segment has nothing at or after {@code startOffset} below
     * {@code maxPosition}.
     */
    FileRecords read(long startOffset, int maxBytes, int maxPosition, boolean minOneBatch) throws IOException {
        BatchPosition first = find(startOffset, maxPosition);
        if (first == null) {
            return null;
        }
        long limit = Math.min(maxPosition, (long) first.position() + maxBytes);
        int end = first.position();
        FileBatchScanner scanner = new FileBatchScanner(channel, first.position(), maxPosition);
        while (scanner.next(false) && scanner.position() + scanner.size() <= limit) {
            end = scanner.position() + scanner.size();
        }
        if (end == first.position() && minOneBatch) {
            end = first.position() + first.size();
        }
        return new FileRecords(this, channel, first.position(), end - first.position());
    }

    /**
     * The first record at or after {@code timestamp} in this segment, or null: scans forward from
     * the time index's starting point, reading whole batches.
     */
    TimestampOffset findOffsetByTimestamp(long timestamp, int maxPosition) throws IOException {
        long startOffset = timeIndex.scanStartFor(timestamp);
        int from = offsetIndex.lookup(startOffset).position();
        FileBatchScanner scanner = new FileBatchScanner(channel, Math.min(from, maxPosition), maxPosition);
        while (scanner.next(true)) {
            RecordBatch batch = scanner.batch();
            if (batch.maxTimestamp() >= timestamp) {
                for (Record r : batch.records()) {
                    if (r.timestamp() >= timestamp) {
                        return new TimestampOffset(r.timestamp(), r.offset());
                    }
                }
            }
        }
        return null;
    }

    /**
     * Rebuilds both indexes and the segment's state from the log file, checking every batch, and
     * truncates the file at the first batch that is torn, fails its checks, or goes back in
     * offsets. Appending thread only.
     */
    RecoveryResult recover() throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        bytesSinceLastIndexEntry = 0;
        maxTimestampSoFar = -1;
        firstBatchTimestamp = -1;
        nextOffset = baseOffset;
        int valid = 0;
        String problem = null;
        int fileSize = size;
        FileBatchScanner scanner = new FileBatchScanner(channel, 0, fileSize);
        while (true) {
            if (!scanner.next(true)) {
                problem = scanner.stopReason();
                break;
            }
            RecordBatch batch = scanner.batch();
            try {
                batch.ensureValid(batch.start() + scanner.size(), Integer.MAX_VALUE);
            } catch (InvalidRecordException e) {
                problem = "batch at file position " + scanner.position() + ": " + e.getMessage();
                break;
            }
            if (batch.baseOffset() < nextOffset) {
                problem = "batch at file position " + scanner.position() + " has base offset " + batch.baseOffset()
                        + ", below the expected " + nextOffset;
                break;
            }
            indexBatch(batch, scanner.position());
            valid = scanner.position() + scanner.size();
        }
        int truncated = fileSize - valid;
        if (truncated > 0) {
            channel.truncate(valid);
        }
        size = valid;
        return new RecoveryResult(valid, truncated, truncated > 0 ? problem : null);
    }

    /**
     * Loads the segment's state for a log that was shut down cleanly, trusting the indexes only
     * after {@link AbstractIndex#sanityCheck}; any doubt (a missing or inconsistent index, a
     * tail that is not whole batches) falls back to {@link #recover}.
     *
     * @return null when the indexes were trusted, else what recovery found
     */
    RecoveryResult loadOrRecover() throws IOException {
        if (indexesWereMissing && size > 0) {
            return recover();
        }
        try {
            offsetIndex.sanityCheck(size);
            timeIndex.sanityCheck(size);
        } catch (CorruptIndexException e) {
            return recover();
        }
        OffsetIndex.OffsetPosition last = offsetIndex.lastEntry();
        FileBatchScanner scanner = new FileBatchScanner(channel, last.position(), size);
        long maxTs = timeIndex.lastTimestamp();
        long next = baseOffset;
        while (scanner.next(false)) {
            RecordBatch batch = scanner.batch();
            maxTs = Math.max(maxTs, batch.maxTimestamp());
            next = batch.nextOffset();
        }
        if (scanner.stopReason() != null) {
            return recover();
        }
        nextOffset = next;
        maxTimestampSoFar = maxTs;
        bytesSinceLastIndexEntry = size - last.position();
        if (size > 0) {
            FileBatchScanner head = new FileBatchScanner(channel, 0, size);
            head.next(false);
            firstBatchTimestamp = head.batch().maxTimestamp();
        }
        return null;
    }

    /** Makes the preallocated index room available again (a reopened active segment). */
    void makeActive() throws IOException {
        offsetIndex.makeActive();
        timeIndex.makeActive();
    }

    /** Called when a newer segment takes over: writes the final time entry and trims the indexes. */
    void onBecomeInactive() throws IOException {
        if (maxTimestampSoFar >= 0) {
            timeIndex.maybeAppend(maxTimestampSoFar, nextOffset);
        }
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    /**
     * fsyncs the log file's data and the transaction index (the offset and time indexes are
     * rebuilt after a crash, so they are not synced; the transaction index is the starting point
     * of the transaction state of later segments, so it is).
     */
    void flush() throws IOException {
        channel.force(false);
        txnIndex.flush();
    }

    /** Takes a reference so the file stays open; false when the segment is already gone. */
    boolean tryRetain() {
        while (true) {
            int n = refCnt.get();
            if (n <= 0) {
                return false;
            }
            if (refCnt.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the file, and deletes it when marked deleted. */
    void release() {
        if (refCnt.decrementAndGet() == 0) {
            try {
                channel.close();
                if (deleted) {
                    Files.deleteIfExists(logFile);
                    offsetIndex.deleteFile();
                    timeIndex.deleteFile();
                    txnIndex.deleteFile();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release segment " + logFile, e);
            }
        }
    }

    boolean isDeleted() {
        return deleted;
    }

    /**
     * Renames the files to {@code *.deleted} (so a crash leaves nothing the log would load) and
     * drops the log's reference; the files go when the last reader lets go.
     */
    void markDeletedAndRelease() throws IOException {
        deleted = true;
        Path target = logFile.resolveSibling(logFile.getFileName() + DELETED_SUFFIX);
        Files.move(logFile, target, StandardCopyOption.REPLACE_EXISTING);
        logFile = target;
        offsetIndex.renameTo(offsetIndex.file().resolveSibling(offsetIndex.file().getFileName() + DELETED_SUFFIX));
        timeIndex.renameTo(timeIndex.file().resolveSibling(timeIndex.file().getFileName() + DELETED_SUFFIX));
        txnIndex.renameTo(txnIndex.file().resolveSibling(txnIndex.file().getFileName() + DELETED_SUFFIX));
        release();
    }

    /** Writes the final index state and closes the file (clean shutdown). */
    void close() throws IOException {
        if (maxTimestampSoFar >= 0) {
            timeIndex.maybeAppend(maxTimestampSoFar, nextOffset);
        }
        offsetIndex.flush();
        timeIndex.flush();
        offsetIndex.close();
        timeIndex.close();
        channel.close();
    }

    /** Closes without touching the indexes, as a crash would leave them. For tests. */
    void closeAbruptly() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "LogSegment(" + logFile + ", size=" + size + ")";
    }

    /** A batch located in the file. */
    record BatchPosition(long baseOffset, int position, int size) {
    }

    /** What {@link #recover} kept and cut. */
    record RecoveryResult(int validBytes, int truncatedBytes, String problem) {
    }
}
