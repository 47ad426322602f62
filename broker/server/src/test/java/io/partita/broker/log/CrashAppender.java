package io.partita.broker.log;

import io.partita.protocol.TopicPartition;
import io.partita.protocol.record.RecordBatches;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link CrashSafetyTest}: appends with group commit from several threads
 * until it is killed, printing {@code ACK <firstOffset> <count> <firstId> <valueSize>} for every
 * append acknowledged as durable. Half the threads wait in {@link Log#append} (running flushes
 * themselves), half append without waiting and then wait for {@link Log#flushedAsync} (flushes run
 * on the log manager's flusher), as the broker's produce path does; the two kinds share
 * flushes.
 */
public final class CrashAppender {
    static final TopicPartition TP = new TopicPartition("crash", 0);
    static final LogConfig CONFIG = LogConfig.DEFAULTS
            .with(LogConfig.SEGMENT_BYTES, 64 * 1024)
            .with(LogConfig.INDEX_INTERVAL_BYTES, 1024)
            .with(LogConfig.SEGMENT_INDEX_BYTES, 8 * 1024);

    private CrashAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        LogManager manager = LogManager.start(List.of(dir), CONFIG, Clock.systemUTC(), 3_600_000, 50);
        Log log = manager.getOrCreateLog(TP, CONFIG);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        int threads = 4;
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                Random random = new Random(round * 31L + thread);
                long id = round * 1_000_000_000L + thread * 10_000_000L;
                try {
                    while (true) {
                        int count = 1 + random.nextInt(5);
                        int size = random.nextInt(2_000);
                        RecordBatches batch = LogTestSupport.batch(id, count, size, System.currentTimeMillis());
                        LogAppendInfo info;
                        if (thread % 2 == 0) {
                            info = log.append(batch, 0);
                        } else {
                            info = log.append(batch, 0, false);
                            log.flushedAsync(info.lastOffset() + 1).get();
                        }
                        synchronized (out) {
                            out.println("ACK " + info.firstOffset() + " " + count + " " + id + " " + size);
                            out.flush();
                        }
                        id += count;
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(2);
                }
            });
            worker.start();
        }
        synchronized (out) {
            out.println("STARTED");
            out.flush();
        }
    }
}
