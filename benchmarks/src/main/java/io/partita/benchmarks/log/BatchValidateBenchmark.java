package io.partita.benchmarks.log;

import io.partita.protocol.record.RecordBatches;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The CPU cost of the checks every append makes before it writes: {@link RecordBatches#validate}
 * of one batch (framing, CRC-32C, and each record's varint fields), as in
 * {@link LogAppendBenchmark}, from a heap buffer (as the log is given) or a direct one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BatchValidateBenchmark {
    /** Bytes of each record's value. */
    @Param({"100", "1024"})
    public int recordSize;

    /** Largest size of the batch; it holds as many records as fit. */
    @Param({"16384"})
    public int batchBytes;

    /** {@code heap} or {@code direct}. */
    @Param({"heap", "direct"})
    public String buffer;

    private RecordBatches batch;

    @Setup(Level.Trial)
    public void build() {
        batch = new RecordBatches(BenchData.inBuffer(BenchData.batch(recordSize, batchBytes, 1), buffer));
    }

    @Benchmark
    public RecordBatches.Summary validate() {
        return batch.validate(Integer.MAX_VALUE);
    }
}
