package io.partita.broker.log;

import io.partita.protocol.record.InvalidRecordException;
import io.partita.protocol.record.Record;
import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatches;
import io.partita.protocol.record.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.partita.broker.log.LogTestSupport.batch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class LogTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(10_000_000L);

    private static final LogConfig SMALL = LogConfig.DEFAULTS
            .with(LogConfig.SEGMENT_BYTES, 4096)
            .with(LogConfig.INDEX_INTERVAL_BYTES, 256)
            .with(LogConfig.SEGMENT_INDEX_BYTES, 4096);

    private Path partitionDir() {
        return dir.resolve(LogTestSupport.TP.toString());
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(partitionDir())) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        }
    }

    @Test
    void appendsAssignOffsetsAndEpochAndReadBackByteExact() throws IOException {
        try (Log log = LogTestSupport.open(dir, SMALL, clock, true)) {
            LogAppendInfo a = log.append(batch(0, 3, 10, 5L), 7);
            LogAppendInfo b = log.append(RecordBatches.of(batch(3, 2, 10, 6L).buffer(), batch(5, 4, 10, 9L).buffer()), 7);
            assertEquals(new LogAppendInfo(0, 2, 5L, 3), a);
            assertEquals(new LogAppendInfo(3, 8, 9L, 6), b);
            assertEquals(9, log.logEndOffset());
            List<RecordBatch> batches = LogTestSupport.readAllBatches(log);
            assertEquals(3, batches.size());
            assertEquals(7, batches.get(2).partitionLeaderEpoch());
            List<Record> records = LogTestSupport.readAllRecords(log);
            for (int i = 0; i < 9; i++) {
                assertEquals(i, records.get(i).offset());
                assertArrayEquals(LogTestSupport.value(i, 10), records.get(i).valueBytes());
            }
            assertEquals(log.logEndOffset(), log.recoveryPoint(), "group-commit appends are fsynced");
        }
    }

    @Test
    void asyncFlushWaitersShareOneFsyncRunOnTheFlusherAndNeverBeforeItIsDone() throws Exception {
        ArrayDeque<Runnable> flusher = new ArrayDeque<>();
        try (Log log = Log.open(dir.resolve(LogTestSupport.TP.toString()), LogTestSupport.TP, SMALL, 0L, 0L, true,
                clock, Runnable::run, flusher::add)) {
            LogAppendInfo a = log.append(batch(0, 3, 10, 5L), 0, false);
            CompletableFuture<Void> first = log.flushedAsync(a.lastOffset() + 1);
            LogAppendInfo b = log.append(batch(3, 2, 10, 5L), 0, false);
            CompletableFuture<Void> second = log.flushedAsync(b.lastOffset() + 1);
            assertFalse(first.isDone(), "completed before any fsync ran");
            assertFalse(second.isDone());
            assertEquals(1, flusher.size(), "one fsync is scheduled for both waiters");
            assertEquals(0, log.recoveryPoint(), "nothing fsynced before the flusher runs");

            assertEquals(new Log.FlushStats(0, 0, 0), log.flushStats());

            flusher.poll().run();
            assertTrue(first.isDone() && second.isDone(), "one fsync covered both appends");
            assertEquals(5, log.recoveryPoint());
            assertTrue(log.flushedAsync(3).isDone(), "already durable: done at once");
            assertTrue(flusher.isEmpty());
            Log.FlushStats afterOne = log.flushStats();
            assertEquals(1, afterOne.flushes(), "one flush for both waiters");
            assertEquals(2, afterOne.futuresReleased(), "the future done at once was never waiting");
            assertTrue(afterOne.flushNanos() > 0, afterOne.toString());

            LogAppendInfo c = log.append(batch(5, 1, 10, 5L), 0, false);
            CompletableFuture<Void> third = log.flushedAsync(c.lastOffset() + 1);
            log.awaitFlushed(c.lastOffset() + 1); // a blocking waiter fsyncs itself and completes the future too
            assertTrue(third.isDone());
            assertEquals(6, log.recoveryPoint());
            Log.FlushStats afterTwo = log.flushStats();
            assertEquals(2, afterTwo.flushes());
            assertEquals(3, afterTwo.futuresReleased());
            assertTrue(afterTwo.flushNanos() > afterOne.flushNanos(), afterTwo.toString());
        }
    }

    @Test
    void aFlusherThatRefusesWorkFailsTheWaitingFuturesAndBlockingFlushesStillWork() throws Exception {
        Executor refusing = r -> {
            throw new RejectedExecutionException("flusher shut down");
        };
        try (Log log = Log.open(dir.resolve(LogTestSupport.TP.toString()), LogTestSupport.TP, SMALL, 0L, 0L, true,
                clock, Runnable::run, refusing)) {
            LogAppendInfo a = log.append(batch(0, 3, 10, 5L), 0, false);
            CompletableFuture<Void> waiting = log.flushedAsync(a.lastOffset() + 1);
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("no flusher for " + LogTestSupport.TP),
                    e.getCause().getMessage());
            assertEquals(0, log.recoveryPoint());

            log.awaitFlushed(a.lastOffset() + 1); // runs the flush itself, and is not left waiting for one
            assertEquals(3, log.recoveryPoint());
            LogAppendInfo b = log.append(batch(3, 2, 10, 5L), 0);
            assertEquals(5, log.recoveryPoint(), "an append that waits is durable when it returns");
            assertEquals(4, b.lastOffset());
        }
    }

    @Test
    void concurrentAppendersWaitingAsynchronouslyAreAllCoveredByFsyncs() throws Exception {
        ExecutorService flusher = Executors.newFixedThreadPool(2);
        try (Log log = Log.open(dir.resolve(LogTestSupport.TP.toString()), LogTestSupport.TP, SMALL, 0L, 0L, true,
                clock, Runnable::run, flusher)) {
            int threads = 8;
            int appends = 200;
            ExecutorService appenders = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(appenders.submit(() -> {
                    List<CompletableFuture<Void>> waits = new ArrayList<>();
                    for (int i = 0; i < appends; i++) {
                        LogAppendInfo info = log.append(batch(id * 1000L + i, 1, 50, 5L), 0, false);
                        long needed = info.lastOffset() + 1;
                        waits.add(log.flushedAsync(needed).thenRun(() -> {
                            if (log.recoveryPoint() < needed) {
                                problems.add("completed at recovery point " + log.recoveryPoint() + " < " + needed);
                            }
                        }));
                    }
                    CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
                            .get(60, TimeUnit.SECONDS);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(90, TimeUnit.SECONDS);
            }
            appenders.shutdown();
            assertTrue(problems.isEmpty(), problems.toString());
            assertEquals(threads * appends, log.logEndOffset());
            assertEquals(threads * appends, log.recoveryPoint());
        } finally {
            flusher.shutdown();
        }
    }

    @Test
    void readsOutsideTheLogAreOutOfRange() throws IOException {
        try (Log log = LogTestSupport.open(dir, SMALL, clock, true)) {
            log.append(batch(0, 3, 10, 5L), 0);
            assertThrows(OffsetOutOfRangeException.class, () -> log.read(4, 100, Long.MAX_VALUE, true));
            assertThrows(OffsetOutOfRangeException.class, () -> log.read(-1, 100, Long.MAX_VALUE, true));
        }
    }

    @Test
    void badBatchesAreRejectedWholeAndTheLogIsUnchanged() throws IOException {
        try (Log log = LogTestSupport.open(dir, SMALL.with(LogConfig.MAX_MESSAGE_BYTES, 1000), clock, true)) {
            log.append(batch(0, 5, 20, 1L), 0);
            long end = log.logEndOffset();
            long size = log.size();

            ByteBuffer badCrc = batch(5, 2, 20, 1L).buffer();
            badCrc.put(badCrc.limit() - 1, (byte) (badCrc.get(badCrc.limit() - 1) + 1));
            ByteBuffer negative = batch(5, 2, 20, 1L).buffer();
            negative.putInt(RecordBatch.LENGTH_OFFSET, -1);
            ByteBuffer truncated = batch(5, 2, 20, 1L).buffer();
            truncated.limit(40);
            ByteBuffer good = batch(5, 2, 20, 1L).buffer();

            assertTrue(assertThrows(InvalidRecordException.class,
                    () -> log.append(RecordBatches.of(good, badCrc), 0)).getMessage().contains("CRC"));
            assertTrue(assertThrows(InvalidRecordException.class,
                    () -> log.append(new RecordBatches(negative), 0)).getMessage().contains("-1"));
            assertTrue(assertThrows(InvalidRecordException.class,
                    () -> log.append(new RecordBatches(truncated), 0)).getMessage().contains("truncated"));
            RecordTooLargeException tooLarge = assertThrows(RecordTooLargeException.class,
                    () -> log.append(batch(5, 1, 2000, 1L), 0));
            assertTrue(tooLarge.getMessage().contains("1000"), tooLarge.getMessage());

            assertEquals(end, log.logEndOffset());
            assertEquals(size, log.size());
            assertEquals(5, LogTestSupport.readAllRecords(log).size());
            log.append(batch(5, 1, 20, 1L), 0);
            assertEquals(6, LogTestSupport.readAllRecords(log).size());
        }
    }

    @Test
    void rollsBySizeAndByAge() throws IOException {
        LogConfig config = SMALL.with(LogConfig.SEGMENT_MS, 1000);
        try (Log log = LogTestSupport.open(dir, config, clock, true)) {
            for (int i = 0; i < 20; i++) {
                log.append(batch(i, 1, 500, clock.millis()), 0);
            }
            int bySize = log.numberOfSegments();
            assertTrue(bySize >= 3, "segments: " + bySize);
            for (Path f : segmentFiles()) {
                assertTrue(Files.size(f) <= 4096, f + " is " + Files.size(f) + " bytes");
            }
            log.append(batch(20, 1, 10, clock.millis()), 0);
            int before = log.numberOfSegments();
            clock.advance(1001);
            log.append(batch(21, 1, 10, clock.millis()), 0);
            assertEquals(before + 1, log.numberOfSegments(), "segment.ms rolled the active segment");
            assertEquals(String.format("%020d.log", 21), segmentFiles().get(segmentFiles().size() - 1).getFileName().toString());
        }
    }

    @Test
    void recoveryTruncatesAFlippedByteInAClosedSegmentAndGarbageInTheActiveOne() throws Exception {
        Log log = LogTestSupport.open(dir, SMALL.with(LogConfig.FLUSH_MODE, "os"), clock, true);
        for (int i = 0; i < 60; i++) {
            log.append(batch(i * 2, 2, 300, clock.millis()), 0);
        }
        log.flush();
        List<Path> files = segmentFiles();
        assertTrue(files.size() >= 4, "segments: " + files.size());
        log.closeAbruptly();

        // Flip a byte inside the records of the middle batch of the second segment.
        Path victim = files.get(1);
        long victimBase = Long.parseLong(victim.getFileName().toString().substring(0, 20));
        List<long[]> batchesInVictim = batchPositions(victim);
        long[] hit = batchesInVictim.get(batchesInVictim.size() / 2);
        flipByte(victim, hit[0] + RecordBatch.RECORDS_OFFSET + 5);
        // And append garbage to the active segment.
        try (FileChannel ch = FileChannel.open(files.get(files.size() - 1), StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 1, 0, 42, 42, 42}));
        }

        String output = LogTestSupport.captureLogOutput(() -> {
            try (Log reopened = LogTestSupport.open(dir, SMALL, clock, false)) {
                assertEquals(hit[1], reopened.logEndOffset(), "log ends where the corrupt batch began");
                List<Record> records = LogTestSupport.readAllRecords(reopened);
                assertEquals(hit[1], records.size());
                for (int i = 0; i < records.size(); i++) {
                    assertArrayEquals(LogTestSupport.value(i, 300), records.get(i).valueBytes());
                }
                assertEquals(2, segmentFiles().size(), "segments after the corrupt one are gone");
                reopened.append(batch(1000, 1, 10, clock.millis()), 0);
                assertEquals(hit[1] + 1, reopened.logEndOffset());
            }
            return null;
        });
        assertTrue(output.contains("truncated") && output.contains(victim.getFileName().toString())
                && output.contains("CRC-32C"), output);
        assertTrue(victimBase < hit[1]);
    }

    @Test
    void recoveryOfOnlyATornTailKeepsEverythingBeforeIt() throws Exception {
        Log log = LogTestSupport.open(dir, SMALL, clock, true);
        for (int i = 0; i < 10; i++) {
            log.append(batch(i, 1, 100, clock.millis()), 0);
        }
        log.closeAbruptly();
        Path active = segmentFiles().get(segmentFiles().size() - 1);
        ByteBuffer torn = batch(10, 3, 100, clock.millis()).buffer();
        torn.limit(torn.limit() - 7);
        try (FileChannel ch = FileChannel.open(active, StandardOpenOption.APPEND)) {
            ch.write(torn);
        }
        String output = LogTestSupport.captureLogOutput(() -> {
            try (Log reopened = LogTestSupport.open(dir, SMALL, clock, false)) {
                assertEquals(10, reopened.logEndOffset());
                assertEquals(10, LogTestSupport.readAllRecords(reopened).size());
            }
            return null;
        });
        assertTrue(output.contains("truncated") && output.contains("declares length"), output);
    }

    @Test
    void missingOrCorruptIndexesAreRebuiltNotTrusted() throws Exception {
        LogConfig config = SMALL.with(LogConfig.INDEX_INTERVAL_BYTES, 0);
        Log log = LogTestSupport.open(dir, config, clock, true);
        for (int i = 0; i < 40; i++) {
            log.append(batch(i * 3, 3, 200, 1_000L + i), 0);
        }
        log.close();
        List<Path> files = segmentFiles();
        assertTrue(files.size() >= 4);
        Files.delete(sibling(files.get(0), ".index"));
        Files.write(sibling(files.get(1), ".timeindex"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        try (FileChannel ch = FileChannel.open(sibling(files.get(2), ".index"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x7f, 0, 0, 0, 0x7f, 0, 0, 0}), 0);
        }
        String output = LogTestSupport.captureLogOutput(() -> {
            try (Log reopened = LogTestSupport.open(dir, config, clock, true)) {
                assertEquals(120, reopened.logEndOffset());
                for (long offset = 0; offset < 120; offset++) {
                    try (LogReadResult r = reopened.read(offset, 1, Long.MAX_VALUE, true)) {
                        RecordBatch first = RecordBatch.at(r.records().readAll());
                        assertEquals(offset / 3 * 3, first.baseOffset(), "offset " + offset);
                    }
                }
                for (int i = 0; i < 40; i++) {
                    assertEquals(i * 3L, reopened.offsetForTimestamp(1_000L + i, Long.MAX_VALUE).offset());
                }
            }
            return null;
        });
        assertTrue(output.contains("rebuilt the indexes of " + files.get(0)), output);
        assertTrue(output.contains("rebuilt the indexes of " + files.get(1)), output);
        assertTrue(output.contains("rebuilt the indexes of " + files.get(2)), output);
    }

    @Test
    void retentionByTimeDeletesOldSegmentsButNotFromUnderAReader() throws IOException {
        LogConfig config = SMALL.with(LogConfig.RETENTION_MS, 60_000).with(LogConfig.FLUSH_MODE, "os");
        try (Log log = LogTestSupport.open(dir, config, clock, true)) {
            for (int i = 0; i < 30; i++) {
                log.append(batch(i, 1, 500, clock.millis()), 0);
            }
            clock.advance(120_000);
            for (int i = 30; i < 40; i++) {
                log.append(batch(i, 1, 500, clock.millis()), 0);
            }
            Path oldest = segmentFiles().get(0);
            LogReadResult held = log.read(0, 100_000, Long.MAX_VALUE, true);
            ByteBuffer expected = held.records().readAll();

            int deleted = log.deleteOldSegments();
            assertTrue(deleted >= 3, "deleted " + deleted);
            assertTrue(log.logStartOffset() > 0 && log.logStartOffset() <= 30, "start " + log.logStartOffset());
            assertFalse(Files.exists(oldest));
            assertTrue(Files.exists(Path.of(oldest + LogSegment.DELETED_SUFFIX)), "kept while read");
            assertEquals(expected, held.records().readAll(), "the reader still reads its bytes");
            held.close();
            assertFalse(Files.exists(Path.of(oldest + LogSegment.DELETED_SUFFIX)), "deleted after the reader let go");
            long start = log.logStartOffset();
            assertThrows(OffsetOutOfRangeException.class, () -> log.read(start - 1, 100, Long.MAX_VALUE, true));
            assertEquals(start, LogTestSupport.readAllRecords(log).get(0).offset());
        }
    }

    @Test
    void retentionBySizeKeepsTheLogUnderTheLimitAndNeverDeletesTheActiveSegment() throws IOException {
        LogConfig config = SMALL.with(LogConfig.RETENTION_BYTES, 10_000).with(LogConfig.FLUSH_MODE, "os");
        try (Log log = LogTestSupport.open(dir, config, clock, true)) {
            for (int i = 0; i < 100; i++) {
                log.append(batch(i, 1, 500, clock.millis()), 0);
            }
            log.deleteOldSegments();
            assertTrue(log.size() <= 10_000 + 4096, "size " + log.size());
            assertTrue(log.size() > 10_000 - 4096, "size " + log.size());
            LogConfig tiny = config.with(LogConfig.RETENTION_BYTES, 0);
            log.updateConfig(tiny);
            log.deleteOldSegments();
            assertEquals(1, log.numberOfSegments());
            assertEquals(100, log.logEndOffset());
        }
    }

    @Test
    void osFlushModeAcknowledgesBeforeFsyncAndFlushesRolledSegments() throws IOException {
        LogConfig config = SMALL.with(LogConfig.FLUSH_MODE, "os");
        try (Log log = LogTestSupport.open(dir, config, clock, true)) {
            log.append(batch(0, 1, 100, clock.millis()), 0);
            assertEquals(0, log.recoveryPoint());
            while (log.numberOfSegments() == 1) {
                log.append(batch(log.logEndOffset(), 1, 500, clock.millis()), 0);
            }
            // The test's background executor runs the roll's flush inline.
            assertEquals(log.logEndOffset() - 1, log.recoveryPoint());
            log.flush();
            assertEquals(log.logEndOffset(), log.recoveryPoint());
        }
    }

    @Test
    void groupCommitServesConcurrentAppendersWithDistinctDurableOffsets() throws Exception {
        int threads = 16;
        int perThread = 100;
        try (Log log = LogTestSupport.open(dir, SMALL.with(LogConfig.SEGMENT_BYTES, 64 * 1024), clock, true)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    long[] offsets = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        long id = thread * 1_000_000L + i;
                        LogAppendInfo info = log.append(batch(id, 1, 64, clock.millis()), 0);
                        if (log.recoveryPoint() <= info.lastOffset()) {
                            problems.add("append " + id + " returned before offset " + info.lastOffset() + " was flushed");
                        }
                        offsets[i] = info.firstOffset();
                    }
                    return offsets;
                }));
            }
            start.countDown();
            boolean[] seen = new boolean[threads * perThread];
            List<Record> records = null;
            for (Future<long[]> f : results) {
                long[] offsets = f.get(60, TimeUnit.SECONDS);
                for (int i = 0; i < offsets.length; i++) {
                    assertFalse(seen[(int) offsets[i]], "offset " + offsets[i] + " assigned twice");
                    seen[(int) offsets[i]] = true;
                    assertTrue(i == 0 || offsets[i] > offsets[i - 1], "one appender's offsets increase");
                }
            }
            pool.shutdown();
            assertTrue(problems.isEmpty(), problems.toString());
            records = LogTestSupport.readAllRecords(log);
            assertEquals(threads * perThread, records.size());
            for (int t = 0; t < threads; t++) {
                long[] offsets = results.get(t).get();
                for (int i = 0; i < perThread; i++) {
                    assertEquals("v-" + (t * 1_000_000L + i), LogTestSupport.valueId(records.get((int) offsets[i])));
                }
            }
        }
    }

    @Test
    void rebuildsLargestTimestampAndEndOffsetAfterCleanReopen() throws IOException {
        try (Log log = LogTestSupport.open(dir, SMALL, clock, true)) {
            log.append(LogTestSupport.batchWithTimestamps(0, new long[] {500, 900, 700}, 10), 0);
            log.append(LogTestSupport.batchWithTimestamps(3, new long[] {100}, 10), 0);
        }
        try (Log log = LogTestSupport.open(dir, SMALL, clock, true)) {
            assertEquals(4, log.logEndOffset());
            assertEquals(new TimestampOffset(900, 1), log.offsetForTimestamp(800, Long.MAX_VALUE));
            assertEquals(new TimestampOffset(500, 0), log.offsetForTimestamp(50, Long.MAX_VALUE));
            assertEquals(null, log.offsetForTimestamp(901, Long.MAX_VALUE));
            assertEquals(null, log.offsetForTimestamp(50, 0));
            log.append(LogTestSupport.batchWithTimestamps(4, new long[] {2000}, 10), 0);
            assertEquals(new TimestampOffset(2000, 4), log.offsetForTimestamp(901, Long.MAX_VALUE));
        }
    }

    private static Path sibling(Path logFile, String suffix) {
        String name = logFile.getFileName().toString();
        return logFile.resolveSibling(name.substring(0, name.length() - 4) + suffix);
    }

    /** (file position, base offset) of each batch of a segment file. */
    private static List<long[]> batchPositions(Path file) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
        List<long[]> out = new ArrayList<>();
        for (RecordBatch b : new RecordBatches(all)) {
            out.add(new long[] {b.start(), b.baseOffset()});
        }
        return out;
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
            ch.write(one, position);
        }
    }
}
