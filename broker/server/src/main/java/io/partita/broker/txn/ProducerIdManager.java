package io.partita.broker.txn;

import io.partita.broker.log.AtomicFiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Hands out producer ids that are never reused, also across restarts and crashes.
 *
 * <p>Ids are reserved in blocks of {@value #BLOCK_SIZE}: before the first id of a block is
 * handed out, the end of the block is written (fsynced, atomically renamed) to the file
 * {@value #FILE} in every log directory. After a restart, allocation continues at the largest
 * reserved end found in any copy, so the ids of a block that was only partly used are skipped,
 * never repeated. (In a cluster the block reservation will move to ZooKeeper, as in Kafka.)
 *
 * <p>Thread-safe.
 */
public final class ProducerIdManager {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerIdManager.class);

    public static final String FILE = "producer-id-block";
    static final long BLOCK_SIZE = 1000;
    private static final String PREFIX = "next-unreserved ";

    private final List<Path> logDirs;
    private long next;
    private long reservedEnd;

    private ProducerIdManager(List<Path> logDirs, long start) {
        this.logDirs = List.copyOf(logDirs);
        this.next = start;
        this.reservedEnd = start;
    }

    /** Reads the reservations of every log directory. */
    public static ProducerIdManager load(List<Path> logDirs) throws IOException {
        long start = 0;
        for (Path dir : logDirs) {
            Path file = dir.resolve(FILE);
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!text.startsWith(PREFIX)) {
                    throw new IOException("unreadable producer id reservation " + file + ": '" + text + "'");
                }
                try {
                    start = Math.max(start, Long.parseLong(text.substring(PREFIX.length()).trim()));
                } catch (NumberFormatException e) {
                    throw new IOException("unreadable producer id reservation " + file + ": '" + text + "'", e);
                }
            }
        }
        LOG.debug("producer ids continue at {}", start);
        return new ProducerIdManager(logDirs, start);
    }

    /** A producer id never handed out before. */
    public synchronized long nextProducerId() throws IOException {
        if (next >= reservedEnd) {
            long end = next + BLOCK_SIZE;
            write(end);
            reservedEnd = end;
        }
        return next++;
    }

    private void write(long end) throws IOException {
        byte[] bytes = (PREFIX + end + "\n").getBytes(StandardCharsets.UTF_8);
        for (Path dir : logDirs) {
            AtomicFiles.write(dir.resolve(FILE), bytes);
        }
    }
}
