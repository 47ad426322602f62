package io.partita.broker.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partita.protocol.record.EndTransactionMarker;
import io.partita.protocol.record.RecordBatchBuilder;
import io.partita.protocol.record.RecordBatches;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log's transaction bookkeeping on real files: the last stable offset follows open
 * transactions, abort markers land in the segment's {@code .txnindex}, and the index and the open
 * transactions come back after a clean restart, an unclean one, and with the index files deleted.
 */
class TransactionIndexTest {
    private static final long P1 = 1001;
    private static final long P2 = 1002;

    @TempDir
    Path dir;

    private static RecordBatches txnBatch(long pid, int seq, String... values) {
        RecordBatchBuilder b = new RecordBatchBuilder().producer(pid, (short) 0, seq).transactional(true);
        for (String v : values) {
            b.append(1_000L, null, v.getBytes(StandardCharsets.UTF_8));
        }
        return new RecordBatches(b.build());
    }

    private static RecordBatches marker(long pid, boolean commit) {
        return new RecordBatches(new EndTransactionMarker(commit, 0).toBatch(pid, (short) 0, 1_000L));
    }

    private LogConfig smallSegments() {
        // Two-batch segments, so transactions span segments.
        return LogConfig.DEFAULTS.with(LogConfig.SEGMENT_BYTES, 200).with(LogConfig.SEGMENT_INDEX_BYTES, 4096);
    }

    /** Writes: P1 data 0..1, P2 data 2, P1 abort 3, P2 data 4, P2 commit 5, P1 data 6 (left open). */
    private Log writeMixedTransactions() throws IOException {
        Log log = LogTestSupport.open(dir, smallSegments(), Clock.systemUTC(), true);
        log.append(txnBatch(P1, 0, "a1", "a2"), 0);
        assertEquals(0, log.firstUnstableOffset());
        log.append(txnBatch(P2, 0, "b1"), 0);
        log.append(marker(P1, false), 0);
        assertEquals(2, log.firstUnstableOffset(), "P2's transaction is the oldest open one");
        log.append(txnBatch(P2, 1, "b2"), 0);
        log.append(marker(P2, true), 0);
        assertEquals(Log.NO_UNSTABLE_OFFSET, log.firstUnstableOffset());
        log.append(txnBatch(P1, 2, "a3"), 0);
        assertEquals(6, log.firstUnstableOffset());
        assertTrue(log.numberOfSegments() > 2, "the test needs several segments, has " + log.numberOfSegments());
        return log;
    }

    private static void assertState(Log log) {
        assertEquals(List.of(new AbortedTxn(P1, 0, 3, 2)), log.abortedTransactions(0, 7));
        assertEquals(List.of(new AbortedTxn(P1, 0, 3, 2)), log.abortedTransactions(3, 4), "marker in range");
        assertEquals(List.of(), log.abortedTransactions(4, 7), "after the marker");
        assertEquals(6, log.firstUnstableOffset(), "P1's second transaction is still open");
    }

    @Test
    void abortMarkersAreIndexedAndTheLastStableOffsetFollowsOpenTransactions() throws IOException {
        try (Log log = writeMixedTransactions()) {
            assertState(log);
        }
    }

    @Test
    void stateSurvivesACleanRestart() throws IOException {
        writeMixedTransactions().close();
        try (Log log = LogTestSupport.open(dir, smallSegments(), Clock.systemUTC(), true)) {
            assertState(log);
        }
    }

    @Test
    void deletedTxnIndexesAreRebuiltFromTheLog() throws IOException {
        writeMixedTransactions().close();
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve(LogTestSupport.TP.toString()))) {
            for (Path f : files) {
                if (f.getFileName().toString().endsWith(".txnindex")) {
                    Files.delete(f);
                    deleted++;
                }
            }
        }
        assertTrue(deleted > 2, "deleted " + deleted);
        try (Log log = LogTestSupport.open(dir, smallSegments(), Clock.systemUTC(), true)) {
            assertState(log);
        }
    }

    @Test
    void stateIsRebuiltAfterAnUncleanShutdown() throws IOException {
        Log log = writeMixedTransactions();
        log.flush();
        log.closeAbruptly();
        try (Log reopened = LogTestSupport.open(dir, smallSegments(), Clock.systemUTC(), false)) {
            assertState(reopened);
        }
    }

    @Test
    void aRolledSegmentsHeaderLeftShortByACrashIsRebuiltFromAnEarlierOne() throws IOException {
        Log log = writeMixedTransactions();
        log.roll();
        Path partitionDir = dir.resolve(LogTestSupport.TP.toString());
        Path header = partitionDir.resolve(String.format("%020d.txnindex", log.logEndOffset()));
        TransactionIndex written = TransactionIndex.load(header);
        assertEquals(Map.of(P1, 6L), written.openAtStart(), "the roll wrote the new segment's header");
        // The roll does not fsync the header; the segment's flush does. A crash before that
        // flush can leave the file short, as here (the data below is durable).
        long recoveryPoint = log.logEndOffset();
        log.flush();
        log.closeAbruptly();
        Files.write(header, new byte[] {0, 1, 0});
        try (Log reopened = Log.open(partitionDir, LogTestSupport.TP, smallSegments(), recoveryPoint, 0L, false,
                Clock.systemUTC(), Runnable::run)) {
            assertEquals(6, reopened.firstUnstableOffset(), "P1's open transaction, from an earlier segment's header");
            assertState(reopened);
        }
        assertEquals(Map.of(P1, 6L), TransactionIndex.load(header).openAtStart(), "the header is whole again");
    }

    @Test
    void retentionDropsTheIndexWithItsSegment() throws IOException {
        try (Log log = writeMixedTransactions()) {
            log.updateConfig(smallSegments().with(LogConfig.RETENTION_BYTES, 1L));
            assertTrue(log.deleteOldSegments() > 0);
            assertEquals(List.of(), log.abortedTransactions(log.logStartOffset(), 7));
        }
    }

    @Test
    void afterACrashOnlyTheSegmentsFromTheRecoveryPointOnAreScanned() throws IOException {
        Log log = writeMixedTransactions();
        long recoveryPoint = log.logEndOffset() - 1;
        log.flush();
        log.closeAbruptly();
        Path partitionDir = dir.resolve(LogTestSupport.TP.toString());
        List<Path> indexes = new java.util.ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(partitionDir, "*.txnindex")) {
            files.forEach(indexes::add);
        }
        indexes.sort(null);
        // Earlier segments' indexes are replaced by valid but empty ones: a scan from the start
        // of the log would restore them, a scan from the recovery point leaves them alone.
        for (Path f : indexes.subList(0, indexes.size() - 1)) {
            Files.write(f, new byte[] {0, 1, 0, 0, 0, 0});
        }
        try (Log reopened = Log.open(partitionDir, LogTestSupport.TP, smallSegments(), recoveryPoint, 0L, false,
                Clock.systemUTC(), Runnable::run)) {
            assertEquals(6, reopened.firstUnstableOffset(),
                    "the open transaction, from the last segment's header and a scan of that segment");
            assertEquals(List.of(), reopened.abortedTransactions(0, 7), "earlier segments were not rescanned");
        }
    }
}
