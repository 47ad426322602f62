package io.partita.broker.log;

import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.EndTransactionMarker;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The log of one partition: a directory {@code <topic>-<partition>/} of {@link LogSegment}s keyed
 * by base offset, the last of which takes appends.
 *
 * <p>Appends validate every batch before anything is written (a bad batch is refused whole and
 * the log is unchanged), assign offsets and the leader epoch, roll the active segment when it is
 * full or old, and, under {@link FlushMode#GROUP_COMMIT}, return only once the data is fsynced,
 * sharing each fsync among the appenders waiting for it.
 *
 * <p>Reads return whole batches up to the published log end (or a lower bound such as the high
 * watermark) as {@link FileRecords} that keep their segment open; retention never pulls a file
 * from under a reader.
 *
 * <p><b>Transactions.</b> The log follows the transactional batches it appends: the first offset
 * of every producer's open transaction (which bounds the last stable offset, see
 * {@link #firstUnstableOffset()}) and, for each abort marker, an entry in the
 * {@link TransactionIndex} ({@code .txnindex}) of the segment the marker lands in. At load, the
 * open transactions come from the file {@value #ONGOING_TXNS_FILE} written at clean shutdown; after
 * an unclean shutdown, or when a {@code .txnindex} is missing, they and the indexes are rebuilt by
 * scanning the batches from the segment where recovery starts, whose {@code .txnindex} header
 * holds the transactions open at its start (see {@link #loadTransactionState}).
 *
 * <p>Thread safety: {@link #append}, {@link #roll}, {@link #deleteOldSegments} and
 * {@link #close} serialize on the append lock; reads and look-ups run concurrently with them and
 * with each other, seeing the log end that was published when they began.
 */
public final class Log implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Log.class);
    /** The open transactions at clean shutdown: version int32, logEndOffset int64, count int32, [producerId int64, firstOffset int64], crc32c int32. */
    static final String ONGOING_TXNS_FILE = "ongoing-transactions";
    private static final int ONGOING_TXNS_VERSION = 1;
    /** {@link #firstUnstableOffset()} when no transaction is open. */
    public static final long NO_UNSTABLE_OFFSET = Long.MAX_VALUE;

    private final Path dir;
    private final TopicPartition topicPartition;
    private final Clock clock;
    private final Executor background;
    private final Executor flusher;
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Object flushMonitor = new Object();
    private volatile LogConfig config;
    private volatile LogEnd end;
    private volatile long logStartOffset;
    private volatile long recoveryPoint;
    /** An fsync is running; under the flush monitor. */
    private boolean flushing;
    /** {@link #flushLoop} is scheduled on the flusher and has not started; under the flush monitor. */
    private boolean flushLoopScheduled;
    /** Futures of {@link #flushedAsync} waiting for the recovery point to pass their offset; under the flush monitor. */
    private final PriorityQueue<FlushWaiter> flushWaiters = new PriorityQueue<>();
    /** Passes of {@link #flushTo} so far, and the nanoseconds they took; written only while holding {@code flushing}. */
    private volatile long flushes;
    private volatile long flushNanos;
    /** {@link #flushedAsync} futures completed by a flush so far; under the flush monitor. */
    private long futuresReleased;
    private volatile boolean closed;
    /** Producer id to the first offset of its open transaction; under the append lock. */
    private final Map<Long, Long> ongoingTxns = new HashMap<>();
    private volatile long firstUnstableOffset = NO_UNSTABLE_OFFSET;

    /** The published end of the log: the next offset and where it falls in the active segment. */
    private record LogEnd(long offset, long segmentBaseOffset, int position) {
    }

    /**
     * What this log's flushes have done since it was opened: {@code flushes} passes that each
     * fsynced the segments holding unflushed data (under {@code group-commit}, one per group of
     * appends; under {@code os}, one per rolled segment), {@code flushNanos} nanoseconds spent in
     * them, and {@code futuresReleased} futures of {@link #flushedAsync} they completed (not
     * counting those already complete when returned). Under group commit, the futures released
     * per flush tell how many appends share an fsync.
     */
    public record FlushStats(long flushes, long flushNanos, long futuresReleased) {
    }

    /** A caller of {@link #flushedAsync} waiting for everything below {@code offset} to be fsynced. */
    private record FlushWaiter(long offset, CompletableFuture<Void> future) implements Comparable<FlushWaiter> {
        @Override
        public int compareTo(FlushWaiter o) {
            return Long.compare(offset, o.offset);
        }
    }

    private Log(Path dir, TopicPartition topicPartition, LogConfig config, Clock clock, Executor background,
            Executor flusher) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.config = config;
        this.clock = clock;
        this.background = background;
        this.flusher = flusher;
    }

    /**
     * Opens the log in {@code dir}, creating it when missing. After an unclean shutdown every
     * segment from the one holding {@code recoveryPoint} on is checked batch by batch and
     * truncated at the first invalid batch (later segments are then deleted); indexes that are
     * missing or inconsistent are rebuilt in any case.
     *
     * @param recoveryPoint    offset below which data was known fsynced (from the checkpoint)
     * @param logStartOffset   checkpointed log start offset, or 0
     * @param cleanShutdown    whether the last shutdown of this log directory was clean
     * @param background       runs flushes of rolled segments under {@link FlushMode#OS}, and the
     *                         fsyncs that {@link #flushedAsync} waits for
     */
    public static Log open(Path dir, TopicPartition topicPartition, LogConfig config, long recoveryPoint,
            long logStartOffset, boolean cleanShutdown, Clock clock, Executor background) throws IOException {
        return open(dir, topicPartition, config, recoveryPoint, logStartOffset, cleanShutdown, clock, background,
                background);
    }

    /**
     * As {@link #open(Path, TopicPartition, LogConfig, long, long, boolean, Clock, Executor)}, with
     * the fsyncs that {@link #flushedAsync} waits for run on {@code flusher} (a pool shared by the
     * logs of a broker: one fsync at a time per log, logs in parallel).
     */
    public static Log open(Path dir, TopicPartition topicPartition, LogConfig config, long recoveryPoint,
            long logStartOffset, boolean cleanShutdown, Clock clock, Executor background, Executor flusher)
            throws IOException {
        Log log = new Log(dir, topicPartition, config, clock, background, flusher);
        log.load(recoveryPoint, logStartOffset, cleanShutdown);
        return log;
    }

    private void load(long checkpointedRecoveryPoint, long checkpointedStart, boolean cleanShutdown) throws IOException {
        Files.createDirectories(dir);
        List<Long> bases = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(LogSegment.DELETED_SUFFIX)) {
                    Files.deleteIfExists(f);
                } else if (name.endsWith(LogSegment.LOG_SUFFIX)) {
                    bases.add(parseBaseOffset(f, name));
                }
            }
        }
        bases.sort(null);
        deleteOrphanIndexes(bases);
        for (int i = 0; i < bases.size(); i++) {
            long base = bases.get(i);
            segments.put(base, LogSegment.open(dir, base, config, i == bases.size() - 1));
        }
        Long recoverFrom = cleanShutdown ? null : segments.floorKey(Math.max(checkpointedRecoveryPoint, 0));
        if (!cleanShutdown && recoverFrom == null && !segments.isEmpty()) {
            recoverFrom = segments.firstKey();
        }
        boolean recovered = false;
        Long firstRecovered = null;
        for (LogSegment segment : new ArrayList<>(segments.values())) {
            boolean mustScan = recoverFrom != null && segment.baseOffset() >= recoverFrom;
            LogSegment.RecoveryResult result = mustScan ? segment.recover() : segment.loadOrRecover();
            if (result != null) {
                recovered = true;
                if (firstRecovered == null) {
                    firstRecovered = segment.baseOffset();
                }
                LOG.info("{}: rebuilt the indexes of {} ({} valid bytes)", topicPartition, segment.logFile(),
                        result.validBytes());
            }
            if (result != null && result.truncatedBytes() > 0) {
                LOG.warn("{}: truncated {} invalid bytes at position {} of {}: {}", topicPartition,
                        result.truncatedBytes(), result.validBytes(), segment.logFile(), result.problem());
                deleteSegmentsAfter(segment);
                break;
            }
        }
        if (segments.isEmpty()) {
            long base = Math.max(0, checkpointedStart);
            LogSegment first = LogSegment.open(dir, base, config, true);
            first.txnIndex().replace(Map.of(), List.of());
            segments.put(base, first);
        } else {
            segments.lastEntry().getValue().makeActive();
        }
        LogSegment active = segments.lastEntry().getValue();
        end = new LogEnd(active.nextOffset(), active.baseOffset(), active.size());
        logStartOffset = Math.min(Math.max(checkpointedStart, segments.firstKey()), end.offset());
        if (recovered) {
            for (LogSegment s : segments.values()) {
                s.flush();
            }
        }
        recoveryPoint = end.offset();
        loadTransactionState(cleanShutdown, recoverFrom, firstRecovered);
        LOG.debug("{}: loaded {} segments, offsets [{}, {})", topicPartition, segments.size(), logStartOffset,
                end.offset());
    }

    /**
     * Restores the open transactions and makes every {@code .txnindex} whole. After a clean
     * shutdown with every index present, the open transactions come from
     * {@value #ONGOING_TXNS_FILE}. Otherwise the batches are scanned from the earliest segment
     * that may be out of step (the one holding the recovery point after a crash, the first one
     * whose indexes were rebuilt or whose {@code .txnindex} is missing), starting with the open
     * transactions in that segment's {@code .txnindex} header, or from an earlier segment whose
     * header is readable, or from the start of the log.
     */
    private void loadTransactionState(boolean cleanShutdown, Long recoverFrom, Long firstRecovered) throws IOException {
        Path ongoingFile = dir.resolve(ONGOING_TXNS_FILE);
        long from = Long.MAX_VALUE;
        for (LogSegment s : segments.values()) {
            if (s.txnIndexWasMissing()) {
                from = s.baseOffset();
                break;
            }
        }
        if (!cleanShutdown) {
            from = Math.min(from, recoverFrom != null ? recoverFrom : segments.firstKey());
        }
        if (firstRecovered != null) {
            from = Math.min(from, firstRecovered);
        }
        boolean loaded = from == Long.MAX_VALUE && readOngoingTransactions(ongoingFile);
        if (!loaded) {
            rebuildTransactionState(Math.min(from, segments.lastKey()));
        }
        Files.deleteIfExists(ongoingFile);
        updateFirstUnstableOffset();
    }

    /** Scans the batches from the segment holding {@code from} (or an earlier one, see above) to the end. */
    private void rebuildTransactionState(long from) throws IOException {
        Long start = segments.floorKey(from);
        if (start == null) {
            start = segments.firstKey();
        }
        while (segments.get(start).txnIndexWasMissing() && segments.lowerKey(start) != null) {
            start = segments.lowerKey(start);
        }
        ongoingTxns.clear();
        LogSegment first = segments.get(start);
        if (!first.txnIndexWasMissing()) {
            ongoingTxns.putAll(first.txnIndex().openAtStart());
        }
        int scanned = 0;
        int aborted = 0;
        for (LogSegment segment : segments.tailMap(start, true).values()) {
            Map<Long, Long> openAtStart = Map.copyOf(ongoingTxns);
            List<AbortedTxn> entries = new ArrayList<>();
            segment.forEachBatch(batch -> {
                AbortedTxn txn = trackTransaction(batch);
                if (txn != null) {
                    entries.add(txn);
                }
            });
            segment.txnIndex().replace(openAtStart, entries);
            aborted += entries.size();
            scanned++;
        }
        LOG.info("{}: rebuilt the transaction state from segment {} on ({} segments): {} aborted, {} open"
                + " transactions", topicPartition, start, scanned, aborted, ongoingTxns.size());
    }

    /**
     * Follows one appended batch: a transactional data batch opens its producer's transaction, a
     * marker closes it. An abort marker of a transaction with no data in this log (none was sent
     * here, or retention deleted it) needs no entry. Under the append lock (or during load).
     *
     * @return the aborted-transaction entry for an abort marker, else null
     */
    private AbortedTxn trackTransaction(RecordBatch batch) {
        if (!batch.isTransactional() || batch.producerId() == RecordBatch.NO_PRODUCER_ID) {
            return null;
        }
        long pid = batch.producerId();
        if (!batch.isControlBatch()) {
            ongoingTxns.putIfAbsent(pid, batch.baseOffset());
            return null;
        }
        Long first = ongoingTxns.remove(pid);
        if (first == null || EndTransactionMarker.controlType(batch) != EndTransactionMarker.ABORT) {
            return null;
        }
        long lso = batch.nextOffset();
        for (long f : ongoingTxns.values()) {
            lso = Math.min(lso, f);
        }
        return new AbortedTxn(pid, first, batch.baseOffset(), lso);
    }

    private void updateFirstUnstableOffset() {
        long min = NO_UNSTABLE_OFFSET;
        for (long f : ongoingTxns.values()) {
            min = Math.min(min, f);
        }
        firstUnstableOffset = min;
    }

    private boolean readOngoingTransactions(Path file) {
        if (!Files.exists(file)) {
            return false;
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
            if (buf.remaining() < 20) {
                throw new IOException("only " + buf.remaining() + " bytes");
            }
            CRC32C crc = new CRC32C();
            crc.update(buf.array(), 0, buf.limit() - 4);
            if ((int) crc.getValue() != buf.getInt(buf.limit() - 4)) {
                throw new IOException("checksum mismatch");
            }
            if (buf.getInt() != ONGOING_TXNS_VERSION) {
                throw new IOException("unknown version");
            }
            long coveredEnd = buf.getLong();
            if (coveredEnd != end.offset()) {
                LOG.warn("{}: {} covers the log up to {} but it ends at {}; rebuilding", topicPartition, file,
                        coveredEnd, end.offset());
                return false;
            }
            int count = buf.getInt();
            if (count < 0 || count * 16L != buf.remaining() - 4) {
                throw new IOException("count " + count + " does not match the size");
            }
            for (int i = 0; i < count; i++) {
                ongoingTxns.put(buf.getLong(), buf.getLong());
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: ignoring unreadable {}: {}; rebuilding from the log", topicPartition, file, e.toString());
            ongoingTxns.clear();
            return false;
        }
    }

    private void writeOngoingTransactions() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4 + 8 + 4 + ongoingTxns.size() * 16 + 4);
        buf.putInt(ONGOING_TXNS_VERSION).putLong(end.offset()).putInt(ongoingTxns.size());
        ongoingTxns.forEach((pid, first) -> buf.putLong(pid).putLong(first));
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        AtomicFiles.write(dir.resolve(ONGOING_TXNS_FILE), buf.flip());
    }

    /**
     * The first offset of the oldest open transaction, or {@link #NO_UNSTABLE_OFFSET}: the last
     * stable offset is the smaller of this and the high watermark. Thread-safe.
     */
    public long firstUnstableOffset() {
        return firstUnstableOffset;
    }

    /**
     * The aborted transactions that overlap [{@code from}, {@code to}): those whose abort marker is
     * at or after {@code from} and whose first offset is below {@code to}, by first offset.
     * Thread-safe.
     */
    public List<AbortedTxn> abortedTransactions(long from, long to) {
        List<AbortedTxn> out = new ArrayList<>();
        Long startKey = segments.floorKey(from);
        Map<Long, LogSegment> candidates = startKey == null ? segments : segments.tailMap(startKey, true);
        for (LogSegment segment : candidates.values()) {
            segment.txnIndex().collect(from, to, out);
        }
        out.sort(Comparator.comparingLong(AbortedTxn::firstOffset));
        return out;
    }

    private long parseBaseOffset(Path file, String name) throws IOException {
        String digits = name.substring(0, name.length() - LogSegment.LOG_SUFFIX.length());
        try {
            long base = Long.parseLong(digits);
            if (base < 0 || digits.length() != 20) {
                throw new NumberFormatException();
            }
            return base;
        } catch (NumberFormatException e) {
            throw new IOException("unexpected file " + file + " in log directory " + dir
                    + ": segment files are named <20-digit base offset>.log");
        }
    }

    private void deleteOrphanIndexes(List<Long> bases) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String suffix = name.endsWith(LogSegment.INDEX_SUFFIX) ? LogSegment.INDEX_SUFFIX
                        : name.endsWith(LogSegment.TIME_INDEX_SUFFIX) ? LogSegment.TIME_INDEX_SUFFIX
                        : name.endsWith(LogSegment.TXN_INDEX_SUFFIX) ? LogSegment.TXN_INDEX_SUFFIX : null;
                if (suffix != null) {
                    String digits = name.substring(0, name.length() - suffix.length());
                    boolean known = digits.matches("\\d{20}") && bases.contains(Long.parseLong(digits));
                    if (!known) {
                        LOG.warn("{}: deleting index {} that has no log file", topicPartition, f);
                        Files.delete(f);
                    }
                }
            }
        }
    }

    private void deleteSegmentsAfter(LogSegment segment) throws IOException {
        for (Map.Entry<Long, LogSegment> e : new ArrayList<>(segments.tailMap(segment.baseOffset(), false).entrySet())) {
            LOG.warn("{}: deleting segment {} that followed the truncation", topicPartition, e.getValue().logFile());
            segments.remove(e.getKey());
            e.getValue().markDeletedAndRelease();
        }
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** Takes effect for later appends, rolls and retention checks. */
    public void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    /** The offset the next record will get. */
    public long logEndOffset() {
        return end.offset();
    }

    /** The first offset still in the log. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** Everything below this offset is known to be on disk. */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    public int numberOfSegments() {
        return segments.size();
    }

    /** Bytes of all segments. */
    public long size() {
        long total = 0;
        for (LogSegment s : segments.values()) {
            total += s.size();
        }
        return total;
    }

    /**
     * Validates and appends whole batches, assigning offsets from the log end and stamping the
     * leader epoch into each batch of {@code records} (whose buffer the log thus changes). Under
     * {@link FlushMode#GROUP_COMMIT} returns after the data is fsynced.
     *
     * @throws io.partita.protocol.record.InvalidRecordException when any batch is invalid or too
     *         large; nothing is appended then
     */
    public LogAppendInfo append(RecordBatches records, int leaderEpoch) throws IOException {
        return append(records, leaderEpoch, true);
    }

    /**
     * As {@link #append(RecordBatches, int)}, but under {@link FlushMode#GROUP_COMMIT} waits for
     * the fsync only when {@code awaitDurable} is set. A caller that appends under a lock of its
     * own passes false, releases its lock, and then calls {@link #awaitFlushed(long)} with
     * {@code lastOffset + 1}, so concurrent appenders still share fsyncs.
     */
    public LogAppendInfo append(RecordBatches records, int leaderEpoch, boolean awaitDurable) throws IOException {
        LogConfig cfg = config;
        RecordBatches.Summary summary = records.validate(cfg.maxMessageBytes());
        long first;
        long next;
        appendLock.lock();
        try {
            ensureOpen();
            first = end.offset();
            next = first;
            for (RecordBatch batch : records) {
                batch.setBaseOffset(next);
                batch.setPartitionLeaderEpoch(leaderEpoch);
                next = batch.nextOffset();
            }
            LogSegment segment = maybeRoll(cfg, records.sizeInBytes(), next - 1);
            segment.append(records);
            boolean transactional = false;
            for (RecordBatch batch : records) {
                if (batch.isTransactional()) {
                    transactional = true;
                    AbortedTxn aborted = trackTransaction(batch);
                    if (aborted != null) {
                        segment.txnIndex().append(aborted);
                    }
                }
            }
            if (transactional) {
                updateFirstUnstableOffset();
            }
            end = new LogEnd(next, segment.baseOffset(), segment.size());
        } finally {
            appendLock.unlock();
        }
        if (awaitDurable && cfg.flushMode() == FlushMode.GROUP_COMMIT) {
            awaitFlushed(next);
        }
        return new LogAppendInfo(first, next - 1, summary.maxTimestamp(), summary.records());
    }

    private LogSegment maybeRoll(LogConfig cfg, int bytes, long lastOffset) throws IOException {
        LogSegment active = segments.lastEntry().getValue();
        return active.shouldRoll(cfg, bytes, lastOffset, clock.millis()) ? rollLocked() : active;
    }

    /** Starts a new active segment at the log end (when the current one is not empty). */
    public void roll() throws IOException {
        appendLock.lock();
        try {
            ensureOpen();
            if (segments.lastEntry().getValue().size() > 0) {
                rollLocked();
            }
        } finally {
            appendLock.unlock();
        }
    }

    private LogSegment rollLocked() throws IOException {
        LogSegment old = segments.lastEntry().getValue();
        long base = end.offset();
        old.onBecomeInactive();
        LogSegment segment = LogSegment.open(dir, base, config, true);
        segment.txnIndex().start(ongoingTxns);
        segments.put(base, segment);
        end = new LogEnd(base, base, 0);
        LOG.debug("{}: rolled to segment {}", topicPartition, segment.logFile());
        if (config.flushMode() == FlushMode.OS) {
            background.execute(() -> {
                try {
                    awaitFlushed(base, false);
                } catch (IOException e) {
                    LOG.error("{}: flushing segments below offset {} failed", topicPartition, base, e);
                }
            });
        }
        return segment;
    }

    /**
     * Returns once everything below {@code offset} is fsynced. One caller at a time performs the
     * fsync, covering everything appended before it started; callers arriving meanwhile wait and
     * are covered by it or by the next one (group commit). Thread-safe.
     */
    public void awaitFlushed(long offset) throws IOException {
        awaitFlushed(offset, true);
    }

    /**
     * A future completed once everything below {@code offset} is fsynced, without blocking the
     * caller: the fsync runs on the log's flusher, covering everything appended before it starts,
     * and is shared by every caller waiting meanwhile (group commit), also with those of
     * {@link #awaitFlushed(long)}. So a connection that pipelines appends, or a request that
     * appends to many partitions, has them covered by fsyncs that run while it goes on. Completed
     * exceptionally with the {@link IOException} when an fsync fails. Thread-safe.
     */
    public CompletableFuture<Void> flushedAsync(long offset) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (flushMonitor) {
            if (recoveryPoint >= offset) {
                return CompletableFuture.completedFuture(null);
            }
            flushWaiters.add(new FlushWaiter(offset, future));
        }
        scheduleFlushLoop();
        return future;
    }

    /** Schedules {@link #flushLoop} unless an fsync is running (it hands over when done) or a loop is scheduled. */
    private void scheduleFlushLoop() {
        synchronized (flushMonitor) {
            if (flushing || flushLoopScheduled || flushWaiters.isEmpty()) {
                return;
            }
            flushLoopScheduled = true;
        }
        try {
            flusher.execute(this::flushLoop);
        } catch (RuntimeException e) {
            synchronized (flushMonitor) {
                flushLoopScheduled = false;
            }
            finishFlush(recoveryPoint, new IOException("no flusher for " + topicPartition + ": " + e, e));
        }
    }

    /** Runs fsyncs on the flusher while {@link #flushedAsync} callers wait and no one else is fsyncing. */
    private void flushLoop() {
        synchronized (flushMonitor) {
            flushLoopScheduled = false;
        }
        while (true) {
            synchronized (flushMonitor) {
                if (flushing || flushWaiters.isEmpty()) {
                    return; // a blocking waiter is fsyncing and hands over when done, or nothing waits
                }
                flushing = true;
            }
            long flushedTo = recoveryPoint;
            IOException failure = null;
            try {
                flushedTo = flushTo(Long.MAX_VALUE);
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException("flush of " + topicPartition + " failed: " + e, e);
            }
            finishFlush(flushedTo, failure);
        }
    }

    /**
     * Ends one fsync: publishes the new recovery point, clears {@code flushing}, wakes the
     * blocking waiters and completes the futures it covers (or, when it failed, every future
     * waiting for more than it reached).
     */
    private void finishFlush(long flushedTo, IOException failure) {
        List<FlushWaiter> done = new ArrayList<>();
        synchronized (flushMonitor) {
            if (flushedTo > recoveryPoint) {
                recoveryPoint = flushedTo;
            }
            while (!flushWaiters.isEmpty() && (failure != null || flushWaiters.peek().offset() <= recoveryPoint)) {
                done.add(flushWaiters.poll());
            }
            futuresReleased += done.size();
            flushing = false;
            flushMonitor.notifyAll();
        }
        for (FlushWaiter w : done) {
            if (failure != null && w.offset() > flushedTo) {
                w.future().completeExceptionally(failure);
            } else {
                w.future().complete(null);
            }
        }
    }

    /**
     * As {@link #awaitFlushed(long)}; with {@code toEnd} false the fsync covers only the
     * segments below {@code offset} (a rolled segment), not the active one being appended to.
     * A blocking caller waits only for an fsync that is running, never for one merely scheduled
     * on the flusher: it then runs the fsync itself.
     */
    private void awaitFlushed(long offset, boolean toEnd) throws IOException {
        while (true) {
            synchronized (flushMonitor) {
                while (recoveryPoint < offset && flushing) {
                    try {
                        flushMonitor.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted waiting for a flush of " + topicPartition, e);
                    }
                }
                if (recoveryPoint >= offset) {
                    return;
                }
                flushing = true;
            }
            long flushedTo = recoveryPoint;
            IOException failure = null;
            try {
                flushedTo = toEnd ? flushTo(Long.MAX_VALUE) : flushTo(offset);
            } catch (IOException e) {
                failure = e;
                throw e;
            } finally {
                finishFlush(flushedTo, failure);
                scheduleFlushLoop(); // futures this fsync did not cover get one on the flusher
            }
        }
    }

    /**
     * fsyncs every segment from the recovery point up to the published end, or only those below
     * {@code limit} when it is lower; returns the offset everything below is now durable to.
     */
    private long flushTo(long limit) throws IOException {
        long started = System.nanoTime();
        try {
            return flushSegments(limit);
        } finally {
            flushNanos += System.nanoTime() - started; // one flusher at a time: the flushing flag
            flushes++;
        }
    }

    private long flushSegments(long limit) throws IOException {
        LogEnd target = end;
        Long from = segments.floorKey(recoveryPoint);
        Map<Long, LogSegment> toFlush = from == null ? segments : segments.tailMap(from, true);
        for (LogSegment segment : toFlush.values()) {
            if (segment.baseOffset() > target.segmentBaseOffset() || segment.baseOffset() >= limit) {
                break;
            }
            if (segment.tryRetain()) {
                try {
                    segment.flush();
                } finally {
                    segment.release();
                }
            }
        }
        return Math.min(limit, target.offset());
    }

    /** This log's flush counters so far (see {@link FlushStats}). Thread-safe. */
    public FlushStats flushStats() {
        synchronized (flushMonitor) {
            return new FlushStats(flushes, flushNanos, futuresReleased);
        }
    }

    /** fsyncs everything appended so far. */
    public void flush() throws IOException {
        awaitFlushed(end.offset());
    }

    /**
     * Reads whole batches starting with the one that holds {@code startOffset}: up to
     * {@code maxBytes} (but at least one batch when {@code minOneBatch}), and nothing at or above
     * {@code maxOffset} (pass {@link Long#MAX_VALUE} for the log end). The result is empty when
     * there is nothing to read yet.
     *
     * @throws OffsetOutOfRangeException when {@code startOffset} is below the log start or above
     *         the log end
     */
    public LogReadResult read(long startOffset, int maxBytes, long maxOffset, boolean minOneBatch) throws IOException {
        while (true) {
            LogEnd snapshot = end;
            long start = logStartOffset;
            if (startOffset < start || startOffset > snapshot.offset()) {
                throw new OffsetOutOfRangeException("offset " + startOffset + " is outside [" + start + ", "
                        + snapshot.offset() + "] of " + topicPartition);
            }
            long upper = Math.min(maxOffset, snapshot.offset());
            if (startOffset >= upper) {
                return new LogReadResult(FileRecords.EMPTY, start, snapshot.offset());
            }
            Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
            boolean retry = false;
            while (entry != null && entry.getKey() <= snapshot.segmentBaseOffset()) {
                LogSegment segment = entry.getValue();
                if (!segment.tryRetain()) {
                    retry = true;
                    break;
                }
                FileRecords records = null;
                try {
                    int maxPosition = segment.baseOffset() == snapshot.segmentBaseOffset() ? snapshot.position()
                            : segment.size();
                    if (upper < snapshot.offset()) {
                        LogSegment.BatchPosition bound = segment.find(upper, maxPosition);
                        if (bound != null) {
                            maxPosition = bound.position();
                        }
                    }
                    records = segment.read(startOffset, maxBytes, maxPosition, minOneBatch);
                } finally {
                    if (records == null) {
                        segment.release();
                    }
                }
                if (records != null) {
                    return new LogReadResult(records, start, snapshot.offset());
                }
                entry = segments.higherEntry(entry.getKey());
            }
            if (!retry) {
                return new LogReadResult(FileRecords.EMPTY, start, snapshot.offset());
            }
        }
    }

    /**
     * The first record whose timestamp is at or above {@code timestamp} and whose offset is below
     * {@code maxOffset}, or null when there is none.
     */
    public TimestampOffset offsetForTimestamp(long timestamp, long maxOffset) throws IOException {
        LogEnd snapshot = end;
        for (LogSegment segment : segments.values()) {
            if (segment.baseOffset() > snapshot.segmentBaseOffset() || segment.baseOffset() >= maxOffset) {
                return null;
            }
            if (segment.largestTimestamp() < timestamp || !segment.tryRetain()) {
                continue;
            }
            try {
                int maxPosition = segment.baseOffset() == snapshot.segmentBaseOffset() ? snapshot.position()
                        : segment.size();
                TimestampOffset found = segment.findOffsetByTimestamp(timestamp, maxPosition);
                if (found != null) {
                    return found.offset() < maxOffset && found.offset() >= logStartOffset ? found : null;
                }
            } finally {
                segment.release();
            }
        }
        return null;
    }

    /**
     * Applies retention: deletes whole segments, oldest first, whose newest record is older than
     * {@code retention.ms}, and while the log is larger than {@code retention.bytes}. The active
     * segment is never deleted. Advances the log start offset.
     *
     * @return the number of segments deleted
     */
    public int deleteOldSegments() throws IOException {
        List<LogSegment> removed = new ArrayList<>();
        appendLock.lock();
        try {
            ensureOpen();
            LogConfig cfg = config;
            long now = clock.millis();
            long size = size();
            while (segments.size() > 1) {
                LogSegment oldest = segments.firstEntry().getValue();
                boolean expired = cfg.retentionMs() >= 0 && oldest.largestTimestamp() >= 0
                        && now - oldest.largestTimestamp() > cfg.retentionMs();
                boolean tooBig = cfg.retentionBytes() >= 0 && size - oldest.size() >= cfg.retentionBytes();
                if (!expired && !tooBig) {
                    break;
                }
                segments.remove(oldest.baseOffset());
                logStartOffset = Math.max(logStartOffset, segments.firstKey());
                size -= oldest.size();
                LOG.info("{}: deleting segment {} by {} retention; log start offset is now {}", topicPartition,
                        oldest.logFile(), expired ? "time" : "size", logStartOffset);
                removed.add(oldest);
            }
        } finally {
            appendLock.unlock();
        }
        // Out of the map, the segments are invisible to new readers; renaming and unlinking them
        // (which frees their blocks, slow for big files) need not hold up appends.
        for (LogSegment segment : removed) {
            segment.markDeletedAndRelease();
        }
        return removed.size();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("log " + topicPartition + " is closed");
        }
    }

    /** Flushes, writes the final index state and closes every segment. */
    @Override
    public void close() throws IOException {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            flush();
            writeOngoingTransactions();
            closed = true;
            for (LogSegment segment : segments.values()) {
                segment.close();
            }
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Closes the files without flushing or finishing the indexes, leaving the directory as a
     * process crash would. For tests of recovery.
     */
    void closeAbruptly() throws IOException {
        appendLock.lock();
        try {
            closed = true;
            for (LogSegment segment : segments.values()) {
                segment.closeAbruptly();
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** Closes the log and removes its directory. */
    public void delete() throws IOException {
        appendLock.lock();
        try {
            closed = true;
            for (LogSegment segment : new ArrayList<>(segments.values())) {
                segments.remove(segment.baseOffset());
                segment.markDeletedAndRelease();
            }
        } finally {
            appendLock.unlock();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!f.getFileName().toString().endsWith(LogSegment.DELETED_SUFFIX)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Log(" + topicPartition + ", [" + logStartOffset + ", " + end.offset() + "), " + segments.size()
                + " segments)";
    }
}
