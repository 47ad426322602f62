package io.partita.broker.log;

import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatches;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Offset and time look-ups checked against a linear scan of what was appended, on randomized
 * logs: odd batch sizes, non-monotonic timestamps, tiny index intervals and segments, index-full
 * rolls, and clean and unclean reopenings along the way.
 */
class LogLookupTest {
    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    /** One record as appended: its offset and timestamp. */
    private record Appended(long offset, long timestamp) {
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void lookupsAgreeWithALinearScan(long seed) throws IOException {
        Random random = new Random(seed);
        LogConfig config = LogConfig.DEFAULTS
                .with(LogConfig.SEGMENT_BYTES, 1_000 + random.nextInt(30_000))
                .with(LogConfig.INDEX_INTERVAL_BYTES, random.nextInt(3) == 0 ? 0 : random.nextInt(2_000))
                .with(LogConfig.SEGMENT_INDEX_BYTES, random.nextBoolean() ? 120 : 4096)
                .with(LogConfig.FLUSH_MODE, "os");
        MutableClock clock = new MutableClock(1_000_000);
        Log log = LogTestSupport.open(dir, config, clock, true);
        List<Appended> model = new ArrayList<>();
        List<long[]> batches = new ArrayList<>();
        int batchCount = 40 + random.nextInt(200);
        long id = 0;
        for (int b = 0; b < batchCount; b++) {
            int n = 1 + random.nextInt(random.nextBoolean() ? 3 : 25);
            long[] ts = new long[n];
            for (int i = 0; i < n; i++) {
                ts[i] = 50_000 + random.nextInt(100_000);
            }
            RecordBatches batch = LogTestSupport.batchWithTimestamps(id, ts, random.nextInt(400));
            LogAppendInfo info = log.append(batch, 0);
            assertEquals(log.logEndOffset() - 1, info.lastOffset());
            batches.add(new long[] {info.firstOffset(), info.lastOffset()});
            for (int i = 0; i < n; i++) {
                model.add(new Appended(info.firstOffset() + i, ts[i]));
            }
            id += n;
            int reopen = random.nextInt(60);
            if (reopen == 0) {
                log.close();
                log = LogTestSupport.open(dir, config, clock, true);
            } else if (reopen == 1) {
                log.flush();
                log.closeAbruptly();
                log = LogTestSupport.open(dir, config, clock, false);
            }
        }
        try {
            assertEquals(model.size(), log.logEndOffset());
            assertTrue(log.numberOfSegments() > 1 || config.segmentBytes() > 20_000, "expected segment rolls");
            checkOffsetLookups(log, batches, random);
            checkTimeLookups(log, model, random);
            checkUpperBound(log, batches, random);
        } finally {
            log.close();
        }
    }

    private static void checkOffsetLookups(Log log, List<long[]> batches, Random random) throws IOException {
        int b = 0;
        for (long offset = 0; offset < log.logEndOffset(); offset++) {
            while (batches.get(b)[1] < offset) {
                b++;
            }
            int maxBytes = random.nextInt(3) == 0 ? 1 : random.nextInt(5_000);
            try (LogReadResult r = log.read(offset, maxBytes, Long.MAX_VALUE, true)) {
                ByteBuffer bytes = r.records().readAll();
                List<RecordBatch> got = new ArrayList<>();
                new RecordBatches(bytes).forEach(got::add);
                assertTrue(!got.isEmpty(), "nothing read at offset " + offset);
                assertEquals(batches.get(b)[0], got.get(0).baseOffset(), "first batch for offset " + offset);
                assertEquals(batches.get(b)[1], got.get(0).lastOffset(), "first batch for offset " + offset);
                int total = 0;
                for (int i = 0; i < got.size(); i++) {
                    RecordBatch batch = got.get(i);
                    batch.ensureValid(batch.start() + batch.sizeInBytes(), Integer.MAX_VALUE);
                    assertEquals(batches.get(b + i)[0], batch.baseOffset());
                    total += batch.sizeInBytes();
                }
                assertEquals(bytes.limit(), total, "reads are whole batches");
                assertTrue(got.size() == 1 || total <= maxBytes, "read " + total + " bytes for maxBytes " + maxBytes);
            }
        }
        try (LogReadResult atEnd = log.read(log.logEndOffset(), 1000, Long.MAX_VALUE, true)) {
            assertEquals(0, atEnd.records().sizeInBytes());
        }
    }

    private static void checkTimeLookups(Log log, List<Appended> model, Random random) throws IOException {
        List<Long> targets = new ArrayList<>(List.of(Long.MIN_VALUE, 0L, 49_999L, 50_000L, 149_999L, 150_000L, 1L << 50));
        for (int i = 0; i < 200; i++) {
            long ts = model.get(random.nextInt(model.size())).timestamp();
            targets.add(ts + random.nextInt(3) - 1);
        }
        for (long target : targets) {
            Appended expected = model.stream().filter(a -> a.timestamp() >= target).findFirst().orElse(null);
            TimestampOffset actual = log.offsetForTimestamp(target, Long.MAX_VALUE);
            if (expected == null) {
                assertNull(actual, "time " + target);
            } else {
                assertEquals(new TimestampOffset(expected.timestamp(), expected.offset()), actual, "time " + target);
            }
        }
    }

    /** Reading below a bound (as below a high watermark) stops exactly at it, segment by segment. */
    private static void checkUpperBound(Log log, List<long[]> batches, Random random) throws IOException {
        for (int i = 0; i < 30; i++) {
            long bound = batches.get(random.nextInt(batches.size()))[0];
            long offset = random.nextInt((int) Math.max(1, bound));
            while (true) {
                try (LogReadResult r = log.read(offset, Integer.MAX_VALUE, bound, true)) {
                    List<RecordBatch> got = new ArrayList<>();
                    new RecordBatches(r.records().readAll()).forEach(got::add);
                    if (got.isEmpty()) {
                        break;
                    }
                    for (RecordBatch b : got) {
                        assertTrue(b.lastOffset() < bound, "batch " + b + " read below bound " + bound);
                        offset = b.nextOffset();
                    }
                }
            }
            assertEquals(Math.max(bound, 0), Math.max(offset, 0), "reads below " + bound + " stopped early");
        }
    }
}
