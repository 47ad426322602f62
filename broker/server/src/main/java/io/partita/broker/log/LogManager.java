package io.partita.broker.log;

import io.partita.protocol.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The logs of every partition on this broker, spread over one or more log directories.
 *
 * <p>Each directory holds one subdirectory per partition ({@code <topic>-<partition>}), a lock
 * file {@code .lock} held for as long as the manager runs (a second broker pointed at the same
 * directory fails to start), the checkpoints {@code recovery-point-offset-checkpoint} and
 * {@code log-start-offset-checkpoint}, and, between a clean shutdown and the next start, the
 * marker {@code .partita-clean-shutdown}. A start without the marker recovers every log from its
 * checkpointed recovery point.
 *
 * <p>A background thread applies retention every {@code retentionCheckIntervalMs} and writes the
 * checkpoints every {@code checkpointIntervalMs}. Thread-safe.
 */
public final class LogManager implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);

    public static final String LOCK_FILE = ".lock";
    public static final String CLEAN_SHUTDOWN_FILE = ".partita-clean-shutdown";
    public static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET_CHECKPOINT = "log-start-offset-checkpoint";

    private final List<Path> logDirs;
    private final LogConfig defaultConfig;
    private final Clock clock;
    private final Map<TopicPartition, Log> logs = new ConcurrentHashMap<>();
    private final Map<Path, FileLock> locks = new LinkedHashMap<>();
    /** Logs fsynced at the same time at most (each log runs one fsync at a time). */
    static final int FLUSHER_THREADS = 8;
    private final ScheduledExecutorService scheduler;
    /** Runs the fsyncs that appends wait for: one at a time per log, up to {@link #FLUSHER_THREADS} logs at once. */
    private final ThreadPoolExecutor flusher;
    private final Object createLock = new Object();
    private volatile boolean closed;

    private LogManager(List<Path> logDirs, LogConfig defaultConfig, Clock clock) {
        this.logDirs = List.copyOf(logDirs);
        this.defaultConfig = defaultConfig;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "partita-log-manager");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger flusherThreads = new AtomicInteger();
        this.flusher = new ThreadPoolExecutor(FLUSHER_THREADS, FLUSHER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "partita-log-flusher-" + flusherThreads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        flusher.allowCoreThreadTimeOut(true);
    }

    /**
     * Locks and loads every log directory, recovering logs after an unclean shutdown, and starts
     * the background tasks.
     *
     * @param retentionCheckIntervalMs how often retention runs
     * @param checkpointIntervalMs     how often recovery points and log start offsets are written
     * @throws LogDirectoryInUseException when a directory is locked by someone else
     */
    public static LogManager start(List<Path> logDirs, LogConfig defaultConfig, Clock clock,
            long retentionCheckIntervalMs, long checkpointIntervalMs) throws IOException {
        if (logDirs.isEmpty()) {
            throw new IllegalArgumentException("log.dirs is empty: at least one log directory is needed");
        }
        LogManager manager = new LogManager(logDirs, defaultConfig, clock);
        try {
            manager.loadAll();
        } catch (IOException | RuntimeException e) {
            manager.releaseLocks();
            manager.scheduler.shutdownNow();
            throw e;
        }
        manager.scheduler.scheduleWithFixedDelay(manager::applyRetention, retentionCheckIntervalMs,
                retentionCheckIntervalMs, TimeUnit.MILLISECONDS);
        manager.scheduler.scheduleWithFixedDelay(manager::checkpointQuietly, checkpointIntervalMs,
                checkpointIntervalMs, TimeUnit.MILLISECONDS);
        return manager;
    }

    private void loadAll() throws IOException {
        for (Path dir : logDirs) {
            Files.createDirectories(dir);
            lock(dir);
        }
        for (Path dir : logDirs) {
            Path marker = dir.resolve(CLEAN_SHUTDOWN_FILE);
            boolean clean = Files.exists(marker);
            Map<TopicPartition, Long> recoveryPoints = readCheckpoint(dir.resolve(RECOVERY_POINT_CHECKPOINT));
            Map<TopicPartition, Long> startOffsets = readCheckpoint(dir.resolve(LOG_START_OFFSET_CHECKPOINT));
            boolean announced = clean; // a new, empty directory has no marker but nothing to recover either
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
                for (Path child : children) {
                    TopicPartition tp = parseDirName(child);
                    if (tp == null) {
                        LOG.warn("ignoring {}: not a <topic>-<partition> directory", child);
                        continue;
                    }
                    if (!announced) {
                        LOG.info("log directory {} was not shut down cleanly; recovering its logs", dir);
                        announced = true;
                    }
                    if (logs.containsKey(tp)) {
                        throw new IOException("partition " + tp + " is in two log directories: " + child + " and "
                                + logs.get(tp).dir());
                    }
                    Log log = Log.open(child, tp, defaultConfig, recoveryPoints.getOrDefault(tp, 0L),
                            startOffsets.getOrDefault(tp, 0L), clean, clock, scheduler, flusher);
                    logs.put(tp, log);
                }
            }
            // From here on, a crash is an unclean shutdown.
            Files.deleteIfExists(marker);
        }
        LOG.info("loaded {} partition logs from {}", logs.size(), logDirs);
    }

    private static Map<TopicPartition, Long> readCheckpoint(Path file) {
        try {
            return new OffsetCheckpointFile(file).read();
        } catch (IOException e) {
            LOG.warn("ignoring unreadable checkpoint: {}", e.getMessage());
            return new HashMap<>();
        }
    }

    private void lock(Path dir) throws IOException {
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new LogDirectoryInUseException("log directory " + dir + " is in use by another broker (lock file "
                    + lockFile + ")");
        }
        locks.put(dir, lock);
    }

    static TopicPartition parseDirName(Path dir) {
        String name = dir.getFileName().toString();
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return null;
        }
        try {
            String topic = name.substring(0, dash);
            TopicPartition.validateTopicName(topic);
            return new TopicPartition(topic, Integer.parseInt(name.substring(dash + 1)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public LogConfig defaultConfig() {
        return defaultConfig;
    }

    public List<Path> logDirs() {
        return logDirs;
    }

    public Optional<Log> getLog(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    public Collection<Log> logs() {
        return logs.values();
    }

    /**
     * The log of {@code tp}, created with {@code config} in the directory with the fewest
     * partitions when it does not exist yet.
     *
     * @throws IllegalArgumentException when the topic name is not legal
     */
    public Log getOrCreateLog(TopicPartition tp, LogConfig config) throws IOException {
        Log existing = logs.get(tp);
        if (existing != null) {
            return existing;
        }
        TopicPartition.validateTopicName(tp.topic());
        synchronized (createLock) {
            if (closed) {
                throw new IllegalStateException("log manager is closed");
            }
            existing = logs.get(tp);
            if (existing != null) {
                return existing;
            }
            Path dir = logDirs.stream()
                    .min(Comparator.comparingLong(d -> logs.values().stream().filter(l -> l.dir().getParent().equals(d)).count()))
                    .orElseThrow();
            Log log = Log.open(dir.resolve(tp.toString()), tp, config, 0, 0, true, clock, scheduler, flusher);
            logs.put(tp, log);
            LOG.info("created log for {} in {}", tp, dir);
            return log;
        }
    }

    /** Closes the log of {@code tp} and removes its files. */
    public void deleteLog(TopicPartition tp) throws IOException {
        Log log;
        synchronized (createLock) {
            log = logs.remove(tp);
        }
        if (log != null) {
            log.delete();
            LOG.info("deleted log for {}", tp);
        }
    }

    /** Runs retention over every log now. */
    public void applyRetention() {
        for (Log log : logs.values()) {
            try {
                log.deleteOldSegments();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.error("retention of {} failed", log.topicPartition(), e);
                }
            }
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (IOException e) {
            LOG.error("writing checkpoints failed", e);
        }
    }

    /** Writes every directory's recovery points and log start offsets. */
    public synchronized void checkpoint() throws IOException {
        for (Path dir : logDirs) {
            Map<TopicPartition, Long> recovery = new LinkedHashMap<>();
            Map<TopicPartition, Long> start = new LinkedHashMap<>();
            for (Log log : logs.values()) {
                if (log.dir().getParent().equals(dir)) {
                    recovery.put(log.topicPartition(), log.recoveryPoint());
                    start.put(log.topicPartition(), log.logStartOffset());
                }
            }
            new OffsetCheckpointFile(dir.resolve(RECOVERY_POINT_CHECKPOINT)).write(recovery);
            new OffsetCheckpointFile(dir.resolve(LOG_START_OFFSET_CHECKPOINT)).write(start);
        }
    }

    /**
     * Clean shutdown: stops the background tasks, flushes and closes every log, writes the
     * checkpoints and the clean-shutdown marker, and releases the directory locks.
     */
    @Override
    public void close() throws IOException {
        synchronized (createLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scheduler.shutdown();
        flusher.shutdown(); // lets the fsyncs under way and queued finish, so no waiting append is left hanging
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
            flusher.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<IOException> failures = new ArrayList<>();
        for (Log log : logs.values()) {
            try {
                log.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (failures.isEmpty()) {
            checkpoint();
            for (Path dir : logDirs) {
                Files.createFile(dir.resolve(CLEAN_SHUTDOWN_FILE));
            }
        }
        releaseLocks();
        if (!failures.isEmpty()) {
            IOException e = new IOException("closing " + failures.size() + " logs failed; the next start recovers them");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private void releaseLocks() {
        for (FileLock lock : locks.values()) {
            try {
                lock.release();
                lock.channel().close();
            } catch (IOException e) {
                LOG.warn("releasing {} failed", lock, e);
            }
        }
        locks.clear();
    }
}
