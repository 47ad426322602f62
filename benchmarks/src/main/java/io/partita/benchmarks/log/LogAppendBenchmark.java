package io.partita.benchmarks.log;

import io.partita.broker.log.Log;
import io.partita.broker.log.LogConfig;
import io.partita.protocol.record.RecordBatches;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Append throughput of one partition {@link Log}, and next to it plain sequential
 * {@link FileChannel} writes of the same bytes, what the machine allows: by one thread
 * ({@link Raw}), and by threads that each fsync what they wrote ({@link RawFsync}).
 *
 * <p>One operation appends one batch of {@code batchBytes} (as many {@code recordSize}-byte
 * values as fit) to a log shared by all threads; {@code append01}, {@code append04} and
 * {@code append16} differ only in the number of concurrent appenders. Under {@code group-commit}
 * an appender writes, then waits for {@link Log#flushedAsync}, as the broker's produce path
 * does: the fsyncs run one after another on the log's flusher thread, each covering every
 * append made before it started. Besides appends per second,
 * each row reports {@code :mb} (MB/s, 10^6 bytes, of whole batches) and {@code :records}
 * (records/s). Do not pass {@code -t}: it would override the thread counts of all three methods.
 *
 * <p>Each trial opens a fresh log in a new directory under {@code java.io.tmpdir} with
 * {@value #SEGMENT_BYTES}-byte segments and a background retention pass every
 * {@value #RETENTION_CHECK_MS} ms keeping about {@code retentionBytes} (512 MiB unless told), as the log
 * manager would, so the disk holds about that plus two segments whatever the run length; the
 * directory is deleted after the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class LogAppendBenchmark {
    static final int SEGMENT_BYTES = 256 << 20;
    static final long RETENTION_CHECK_MS = 250;

    /** Bytes of each record's value (keys are null; each record adds about 8 bytes of framing). */
    @Param({"100", "1024"})
    public int recordSize;

    /** Largest size of one appended batch; it holds as many records as fit. */
    @Param({"16384", "1048576"})
    public int batchBytes;

    /** The log's {@code flush.mode}: {@code os} (page cache) or {@code group-commit} (fsync before returning). */
    @Param({"os", "group-commit"})
    public String flushMode;

    /** The log's {@code retention.bytes}: how much of what was written stays on disk. */
    @Param({"536870912"})
    public long retentionBytes;

    /**
     * Whether the log fsyncs each rolled segment under {@code os}, as it always does outside this
     * benchmark. {@code false} drops those fsyncs (a benchmark-only switch, not a log setting), to
     * show what the log's own work costs beside a raw write that leaves its bytes to the page cache.
     */
    @Param({"true"})
    public boolean rollFlush;

    private BenchLog bench;
    private Log log;
    private boolean groupCommit;

    @Setup(Level.Trial)
    public void openLog() throws IOException {
        groupCommit = "group-commit".equals(flushMode);
        bench = new BenchLog("append", LogConfig.DEFAULTS.with(Map.of(
                LogConfig.FLUSH_MODE, flushMode,
                LogConfig.SEGMENT_BYTES, Integer.toString(SEGMENT_BYTES),
                LogConfig.RETENTION_BYTES, Long.toString(retentionBytes))), rollFlush);
        log = bench.log;
        bench.background.scheduleWithFixedDelay(this::applyRetention, RETENTION_CHECK_MS, RETENTION_CHECK_MS,
                TimeUnit.MILLISECONDS);
    }

    private void applyRetention() {
        try {
            log.deleteOldSegments();
        } catch (IOException | IllegalStateException e) {
            // closed at the end of the trial, or the disk is in trouble: the next pass retries
        }
    }

    @TearDown(Level.Trial)
    public void closeLog() throws IOException, InterruptedException {
        bench.close();
    }

    private Log.FlushStats flushesBefore;

    @Setup(Level.Iteration)
    public void markFlushes() {
        flushesBefore = log.flushStats();
    }

    /**
     * Under group commit, prints how the iteration's appends shared fsyncs ({@link Log#flushStats}):
     * the flushes, the appends each covered on average, and the mean time of one.
     */
    @TearDown(Level.Iteration)
    public void reportFlushes() {
        Log.FlushStats now = log.flushStats();
        long flushes = now.flushes() - flushesBefore.flushes();
        if (groupCommit && flushes > 0) {
            System.out.printf("(%d flushes, %.1f appends per flush, %.0f us per flush) ", flushes,
                    (double) (now.futuresReleased() - flushesBefore.futuresReleased()) / flushes,
                    (now.flushNanos() - flushesBefore.flushNanos()) / 1e3 / flushes);
        }
    }

    /** One appender's batch, built once; the log rewrites its base offset on every append. */
    @State(Scope.Thread)
    public static class Appender {
        private RecordBatches batch;
        private double megabytes;
        private int records;

        @Setup(Level.Trial)
        public void build(LogAppendBenchmark bench) {
            ByteBuffer bytes = BenchData.batch(bench.recordSize, bench.batchBytes, Thread.currentThread().getId());
            batch = new RecordBatches(bytes);
            megabytes = bytes.remaining() / BenchData.MB;
            records = BenchData.recordCount(bytes);
        }
    }

    /**
     * Per-thread tallies JMH turns into rates: {@code mb} is MB/s, {@code records} records/s.
     * Only operations inside the measured window count: with several threads JMH keeps every
     * thread running a little before and after it, and those operations must not inflate the
     * rates.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Appended {
        public double mb;
        public long records;

        @Setup(Level.Iteration)
        public void reset() {
            mb = 0;
            records = 0;
        }

        void add(Control control, double megabytes, int count) {
            if (control.startMeasurement && !control.stopMeasurement) {
                mb += megabytes;
                records += count;
            }
        }
    }

    private long append(Appender a, Appended counted, Control control) throws IOException {
        // As the broker's produce path does: write, then wait for the fsync that the log's
        // flusher runs (under group-commit), shared by every appender waiting meanwhile.
        long last = log.append(a.batch, 0, false).lastOffset();
        if (groupCommit) {
            log.flushedAsync(last + 1).join();
        }
        counted.add(control, a.megabytes, a.records);
        return last;
    }

    @Benchmark
    @Threads(1)
    public long append01(Appender a, Appended counted, Control control) throws IOException {
        return append(a, counted, control);
    }

    @Benchmark
    @Threads(4)
    public long append04(Appender a, Appended counted, Control control) throws IOException {
        return append(a, counted, control);
    }

    @Benchmark
    @Threads(16)
    public long append16(Appender a, Appended counted, Control control) throws IOException {
        return append(a, counted, control);
    }

    /**
     * The baseline: one thread writing a batch of 1 KiB records ({@code batchBytes}, the same
     * bytes an appender writes) at the end of a file with {@link FileChannel#write}, optionally
     * followed by {@code force(false)} (fdatasync) after every write, or by one of each full file
     * in the background ({@code forceOnRoll}). Files roll and are deleted at the log's segment
     * size and retention, so the page cache sees the same footprint.
     */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Fork(1)
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 3, time = 3)
    public static class Raw {
        @Param({"16384", "1048576"})
        public int batchBytes;

        /** Whether every write is followed by {@code force(false)}. */
        @Param({"false", "true"})
        public boolean force;

        /**
         * Whether each full file is fsynced on a background thread when the next one starts, as
         * the log does with a rolled segment under {@code flush.mode=os}: the same bytes then
         * reach the disk, where without it they are deleted by retention before the kernel
         * writes them back.
         */
        @Param({"false", "true"})
        public boolean forceOnRoll;

        /**
         * {@code heap}: the same heap buffer the log is given (the JDK copies it to a temporary
         * direct buffer on each write, as it does for the log); {@code direct}: a direct buffer.
         */
        @Param({"heap", "direct"})
        public String buffer;

        /** Bytes of full files kept, as the log's {@code retention.bytes}; older files are deleted. */
        @Param({"536870912"})
        public long retentionBytes;

        private RawFiles files;
        private ByteBuffer bytes;
        private double megabytes;
        private int records;
        private final ExecutorService rollFlusher = Executors.newSingleThreadExecutor();
        private FileChannel channel;
        private long position;

        @Setup(Level.Trial)
        public void open() throws IOException {
            files = new RawFiles("raw", retentionBytes);
            ByteBuffer heap = BenchData.batch(1024, batchBytes, 1);
            bytes = BenchData.inBuffer(heap, buffer);
            megabytes = bytes.remaining() / BenchData.MB;
            records = BenchData.recordCount(heap);
            roll();
        }

        private void roll() throws IOException {
            if (channel != null && forceOnRoll) {
                FileChannel full = channel;
                rollFlusher.execute(() -> {
                    try (full) {
                        full.force(false);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } else if (channel != null) {
                channel.close();
            }
            channel = files.next();
            position = 0;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException, InterruptedException {
            try {
                rollFlusher.shutdown();
                if (!rollFlusher.awaitTermination(5, TimeUnit.MINUTES)) {
                    throw new IOException("background fsyncs still running after 5 minutes");
                }
                if (channel != null) {
                    channel.close();
                }
            } finally {
                files.close();
            }
        }

        @Benchmark
        @Threads(1)
        public long write(Appended counted, Control control) throws IOException {
            if (position + bytes.remaining() > SEGMENT_BYTES) {
                roll();
            }
            ByteBuffer b = bytes.duplicate();
            while (b.hasRemaining()) {
                position += channel.write(b, position);
            }
            if (force) {
                channel.force(false);
            }
            counted.add(control, megabytes, records);
            return position;
        }
    }

    /**
     * The baseline for group commit without the log: {@code write01} and {@code write16} threads
     * each write a batch ({@code batchBytes} of {@code recordSize}-byte records) at the end of one
     * file, in turn under a lock as the log's appends are, then call {@code force(false)}
     * (fdatasync) themselves, outside the lock. Concurrent fdatasyncs of one file are then merged
     * only as far as the kernel and the disk merge them: this is what the machine gives writers
     * that each wait for their bytes to be durable. Files roll and are deleted as the log's
     * segments are.
     */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Fork(1)
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 3, time = 3)
    public static class RawFsync {
        /** Bytes of each record's value, as for the log (it sets only the {@code :records} rate). */
        @Param({"100", "1024"})
        public int recordSize;

        /** Size of one written batch. */
        @Param({"16384"})
        public int batchBytes;

        /** Bytes of full files kept, as the log's {@code retention.bytes}; older files are deleted. */
        @Param({"536870912"})
        public long retentionBytes;

        /** An open file and the writers still to fsync it; the last one out closes it. */
        private static final class Shared {
            final FileChannel channel;
            /** Writers between their write and the end of their fsync, plus one while it is the current file. */
            final AtomicInteger users = new AtomicInteger(1);

            Shared(FileChannel channel) {
                this.channel = channel;
            }

            void release() throws IOException {
                if (users.decrementAndGet() == 0) {
                    channel.close();
                }
            }
        }

        private final ReentrantLock lock = new ReentrantLock();
        private RawFiles files;
        private ByteBuffer bytes;
        private double megabytes;
        private int records;
        /** The file being written and the end of what was written to it; under {@link #lock}. */
        private Shared current;
        private long position;

        @Setup(Level.Trial)
        public void open() throws IOException {
            files = new RawFiles("raw-fsync", retentionBytes);
            bytes = BenchData.batch(recordSize, batchBytes, 1);
            megabytes = bytes.remaining() / BenchData.MB;
            records = BenchData.recordCount(bytes);
            current = new Shared(files.next());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException, InterruptedException {
            try {
                current.release();
            } finally {
                files.close();
            }
        }

        private long write(Appended counted, Control control) throws IOException {
            ByteBuffer b = bytes.duplicate();
            Shared file;
            long at;
            lock.lock();
            try {
                if (position + b.remaining() > SEGMENT_BYTES) {
                    Shared full = current;
                    current = new Shared(files.next());
                    position = 0;
                    full.release();
                }
                file = current;
                file.users.incrementAndGet();
                at = position;
                while (b.hasRemaining()) {
                    position += file.channel.write(b, position);
                }
            } finally {
                lock.unlock();
            }
            try {
                file.channel.force(false);
            } finally {
                file.release();
            }
            counted.add(control, megabytes, records);
            return at;
        }

        @Benchmark
        @Threads(1)
        public long write01(Appended counted, Control control) throws IOException {
            return write(counted, control);
        }

        @Benchmark
        @Threads(16)
        public long write16(Appended counted, Control control) throws IOException {
            return write(counted, control);
        }
    }

    /**
     * Plain files of {@value #SEGMENT_BYTES} bytes, one after another, in a scratch directory:
     * the oldest are deleted once the full ones hold more than the retention, as the log's
     * segments are, and like them on a background thread, so that the writer does not wait for
     * the file system to free them (tens of milliseconds for a file the kernel has written back).
     * Not thread-safe: callers take turns.
     */
    static final class RawFiles implements AutoCloseable {
        private final Path dir;
        private final long retentionBytes;
        private final ArrayDeque<Path> files = new ArrayDeque<>();
        private final ExecutorService deleter = Executors.newSingleThreadExecutor(BenchData.daemonThreads("raw-retention"));
        private int fileNumber;

        RawFiles(String name, long retentionBytes) throws IOException {
            this.dir = BenchData.freshDirectory(name);
            this.retentionBytes = retentionBytes;
        }

        /**
         * Creates the next file and opens it for writing; full files beyond the retention are
         * deleted in the background.
         */
        FileChannel next() throws IOException {
            Path file = dir.resolve(String.format("%08d.log", fileNumber++));
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            files.addLast(file);
            while ((long) (files.size() - 1) * SEGMENT_BYTES > retentionBytes) {
                Path old = files.removeFirst();
                deleter.execute(() -> {
                    try {
                        Files.delete(old);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            return channel;
        }

        /**
         * Waits for the deletions under way, then deletes the directory and every file left in it
         * (open ones included).
         */
        @Override
        public void close() throws IOException, InterruptedException {
            try {
                deleter.shutdown();
                if (!deleter.awaitTermination(5, TimeUnit.MINUTES)) {
                    throw new IOException("deletions still running after 5 minutes");
                }
            } finally {
                BenchData.deleteRecursively(dir);
            }
        }
    }
}
