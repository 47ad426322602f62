package io.partita.benchmarks.log;

import io.partita.broker.log.FileRecords;
import io.partita.broker.log.Log;
import io.partita.broker.log.LogConfig;
import io.partita.broker.log.LogReadResult;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sequential reads of a {@value #LOG_BYTES}-byte log of 1 KiB records in 16 KiB batches, built
 * and fsynced once per trial, then read from offset 0 to the end and around again, one
 * {@link Log#read} of up to {@value #FETCH_BYTES} bytes per operation, from one thread.
 *
 * <ul>
 * <li>{@code transferTo}: the bytes leave by {@link FileRecords#transferTo} (sendfile), never
 *     entering the JVM, into the sink chosen by {@code sink}.</li>
 * <li>{@code heapCopy}: the bytes are copied into a reused heap buffer with
 *     {@link FileRecords#readInto}.</li>
 * </ul>
 * Each row reports {@code :mb}, MB/s (10^6 bytes) of whole batches read. The log is in the page
 * cache (24 GiB of memory against 1 GiB of log), so this measures the read path, not the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Threads(1)
public class LogFetchBenchmark {
    static final long LOG_BYTES = 1L << 30;
    static final int RECORD_SIZE = 1024;
    static final int BATCH_BYTES = 16 << 10;
    static final int FETCH_BYTES = 1 << 20;

    private BenchLog bench;
    private Log log;
    private int batchSize;
    private int recordsPerBatch;
    private long endOffset;

    @Setup(Level.Trial)
    public void buildLog() throws IOException {
        bench = new BenchLog("fetch", LogConfig.DEFAULTS.with(Map.of(
                LogConfig.FLUSH_MODE, "os",
                LogConfig.SEGMENT_BYTES, Integer.toString(LogAppendBenchmark.SEGMENT_BYTES))));
        log = bench.log;
        ByteBuffer batch = BenchData.batch(RECORD_SIZE, BATCH_BYTES, 7);
        batchSize = batch.remaining();
        recordsPerBatch = BenchData.recordCount(batch);
        RecordBatches records = new RecordBatches(batch);
        while (log.size() < LOG_BYTES) {
            log.append(records, 0);
        }
        log.flush();
        endOffset = log.logEndOffset();
    }

    @TearDown(Level.Trial)
    public void deleteLog() throws IOException, InterruptedException {
        bench.close();
    }

    /** Where the reading thread is in the log. */
    @State(Scope.Thread)
    public static class Cursor {
        long offset;
    }

    /** Per-thread tally JMH turns into a rate: {@code mb} is MB/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Fetched {
        public double mb;

        @Setup(Level.Iteration)
        public void reset() {
            mb = 0;
        }

        /** Counts only inside the measured window, as {@link LogAppendBenchmark.Appended} does. */
        void add(Control control, int bytes) {
            if (control.startMeasurement && !control.stopMeasurement) {
                mb += bytes / BenchData.MB;
            }
        }
    }

    /**
     * Where {@code transferTo} sends the bytes.
     *
     * <p>{@code socket}: a loopback TCP connection whose far end a separate thread drains into a
     * 1 MiB direct buffer and discards; the fetching thread pays for sendfile and the TCP send
     * path, and the draining thread (on the other core) for the receive copy. {@code devnull}: a
     * {@link FileChannel} on {@code /dev/null}; the kernel splices page references into the null
     * device, which drops them without reading the data, so this is the cost of the read path
     * and sendfile alone, a lower bound rather than a delivery.
     */
    @State(Scope.Thread)
    public static class Sink {
        @Param({"socket", "devnull"})
        public String sink;

        WritableByteChannel channel;
        private ServerSocketChannel server;
        private SocketChannel receiver;
        private Thread drainer;

        @Setup(Level.Trial)
        public void open() throws IOException {
            switch (sink) {
                case "devnull" -> channel = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
                case "socket" -> openSocketPair();
                default -> throw new IllegalArgumentException("sink must be socket or devnull, not " + sink);
            }
        }

        private void openSocketPair() throws IOException {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel sender = SocketChannel.open(server.getLocalAddress());
            receiver = server.accept();
            channel = sender;
            drainer = new Thread(() -> {
                ByteBuffer discard = ByteBuffer.allocateDirect(1 << 20);
                try {
                    while (receiver.read(discard) >= 0) {
                        discard.clear();
                    }
                } catch (IOException e) {
                    // the connection was closed at the end of the trial
                }
            }, "fetch-sink-drainer");
            drainer.setDaemon(true);
            drainer.start();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException, InterruptedException {
            channel.close();
            if (drainer != null) {
                drainer.join(10_000);
                receiver.close();
                server.close();
            }
        }
    }

    /** The reading thread's copy target, reused by every fetch. */
    @State(Scope.Thread)
    public static class HeapBuffer {
        final ByteBuffer buffer = ByteBuffer.allocate(FETCH_BYTES);
    }

    private void advance(Cursor cursor, int bytes) {
        if (bytes % batchSize != 0) {
            throw new IllegalStateException("read " + bytes + " bytes, not whole batches of " + batchSize);
        }
        cursor.offset += (long) (bytes / batchSize) * recordsPerBatch;
        if (cursor.offset >= endOffset) {
            cursor.offset = 0;
        }
    }

    @Benchmark
    public long transferTo(Cursor cursor, Sink sink, Fetched fetched, Control control) throws IOException {
        try (LogReadResult result = log.read(cursor.offset, FETCH_BYTES, Long.MAX_VALUE, true)) {
            FileRecords records = result.records();
            int size = records.sizeInBytes();
            long sent = 0;
            while (sent < size) {
                sent += records.transferTo(sink.channel, sent, size - sent);
            }
            advance(cursor, size);
            fetched.add(control, size);
            return sent;
        }
    }

    @Benchmark
    public ByteBuffer heapCopy(Cursor cursor, HeapBuffer heap, Fetched fetched, Control control) throws IOException {
        try (LogReadResult result = log.read(cursor.offset, FETCH_BYTES, Long.MAX_VALUE, true)) {
            FileRecords records = result.records();
            ByteBuffer buffer = heap.buffer;
            buffer.clear();
            records.readInto(buffer);
            int size = records.sizeInBytes();
            advance(cursor, size);
            fetched.add(control, size);
            return buffer;
        }
    }
}
