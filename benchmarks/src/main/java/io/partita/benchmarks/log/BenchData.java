package io.partita.benchmarks.log;

import io.partita.protocol.record.RecordBatch;
import io.partita.protocol.record.RecordBatchBuilder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Random;
import java.util.concurrent.ThreadFactory;

/** Batches and scratch directories shared by the log benchmarks. */
final class BenchData {
    static final double MB = 1_000_000d;

    /**
     * The log announces every segment it deletes at INFO, several times a second under these
     * loads; keep its warnings and errors only, unless the run sets the level itself.
     */
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.io.partita.broker.log";

    static {
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, "warn");
        }
    }

    private BenchData() {
    }

    /**
     * One RecordBatch v2 of records with null keys and {@code valueSize}-byte random values, as
     * many as fit in {@code batchBytes} (at least one), all with the same timestamp so every
     * batch built with the same arguments has the same size.
     */
    static ByteBuffer batch(int valueSize, int batchBytes, long seed) {
        byte[] value = new byte[valueSize];
        Random random = new Random(seed);
        long now = System.currentTimeMillis();
        RecordBatchBuilder builder = new RecordBatchBuilder(batchBytes);
        ByteBuffer v = ByteBuffer.wrap(value);
        do {
            random.nextBytes(value);
            builder.append(now, null, v, java.util.List.of());
        } while (builder.sizeInBytes() + builder.sizeOfRecord(now, null, v, java.util.List.of()) <= batchBytes);
        return builder.build();
    }

    /** {@code heap} itself, or (for {@code direct}) a direct copy of it; anything else is refused. */
    static ByteBuffer inBuffer(ByteBuffer heap, String kind) {
        if (kind.equals("heap")) {
            return heap;
        }
        if (kind.equals("direct")) {
            ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining());
            direct.put(heap.duplicate()).flip();
            return direct;
        }
        throw new IllegalArgumentException("buffer must be heap or direct, not " + kind);
    }

    static int recordCount(ByteBuffer batch) {
        return new RecordBatch(batch, batch.position()).recordsCount();
    }

    /**
     * A new, empty directory under {@code java.io.tmpdir} (set it with
     * {@code -jvmArgsAppend -Djava.io.tmpdir=...} to measure another disk).
     */
    /** Makes daemon threads named {@code name}, for a benchmark's single-thread helpers. */
    static ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    static Path freshDirectory(String name) throws IOException {
        return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "partita-bench-" + name + "-");
    }

    static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
