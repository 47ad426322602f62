package io.partita.benchmarks.log;

import io.partita.broker.log.Log;
import io.partita.broker.log.LogConfig;
import io.partita.protocol.TopicPartition;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A partition log in a fresh scratch directory with its own background thread (for the flushes
 * of rolled segments, unless a benchmark drops them, and, if a benchmark asks, retention):
 * opened in a trial's set-up, closed and deleted in its tear-down.
 */
final class BenchLog implements AutoCloseable {
    final Path dir;
    final ScheduledExecutorService background;
    /** Runs the fsyncs that {@link Log#flushedAsync} waits for, as the log manager's flusher threads do. */
    final ExecutorService flusher;
    final Log log;

    BenchLog(String name, LogConfig config) throws IOException {
        this(name, config, true);
    }

    /**
     * @param rollFlushes whether the log's flushes of rolled segments ({@code flush.mode=os}) run;
     *                    when false they are dropped, so nothing the log writes is fsynced and the
     *                    log can be set beside a raw write that leaves everything to the page cache
     */
    BenchLog(String name, LogConfig config, boolean rollFlushes) throws IOException {
        dir = BenchData.freshDirectory(name);
        background = Executors.newSingleThreadScheduledExecutor(BenchData.daemonThreads("log-background"));
        flusher = Executors.newSingleThreadExecutor(BenchData.daemonThreads("log-flusher"));
        log = Log.open(dir.resolve("bench-0"), new TopicPartition("bench", 0), config, 0L, 0L, true,
                Clock.systemUTC(), rollFlushes ? background : task -> { }, flusher);
    }

    /** Lets background work finish, closes the log and deletes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            // Not shutdownNow: an interrupt during a background fsync closes the segment's
            // FileChannel (NIO channels are interruptible), and the log could not be closed.
            background.shutdown();
            flusher.shutdown();
            background.awaitTermination(5, TimeUnit.MINUTES);
            flusher.awaitTermination(5, TimeUnit.MINUTES);
            log.close();
        } finally {
            BenchData.deleteRecursively(dir);
        }
    }
}
