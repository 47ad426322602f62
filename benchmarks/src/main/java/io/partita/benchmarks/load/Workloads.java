package io.partita.benchmarks.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The workloads the load tool runs against each {@link RunningBroker}, the same code for every
 * system. Each method fails (throws) rather than report a figure when a record is refused, lost
 * or late beyond its deadline. Not thread-safe: one workload at a time.
 *
 * <p>In flight at most {@code bufferMemory / recordSize} records per producer, for every system
 * (Kafka's and Partita's clients also stop at their own {@code buffer.memory}; Artemis' JMS
 * client has only its producer window), so no client queues without bound.
 */
final class Workloads {
    /** MB/s in the table are 10^6 bytes of record values per second. */
    static final double MB = 1e6;

    private final RunningBroker broker;
    private final int recordSize;
    private final int maxInFlight;
    private final Duration idleTimeout;

    /**
     * @param idleTimeout how long a consumer may see nothing before the workload fails
     */
    Workloads(RunningBroker broker, int recordSize, long bufferMemory, Duration idleTimeout) {
        this.broker = broker;
        this.recordSize = recordSize;
        this.maxInFlight = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bufferMemory / recordSize));
        this.idleTimeout = idleTimeout;
    }

    /** Throughput of one workload: records and bytes of values per second. */
    record Throughput(long records, double seconds) {
        double recordsPerSecond() {
            return records / seconds;
        }
    }

    /**
     * Sends {@code count} records of {@code recordSize} random bytes to {@code destination} as fast
     * as the system acknowledges them; the time runs from the first send to the last acknowledgement.
     */
    Throughput produce(String destination, long count) throws Exception {
        byte[] value = new byte[recordSize];
        new java.util.Random(42).nextBytes(value);
        Semaphore window = new Semaphore(maxInFlight);
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        long start;
        long end;
        try (Sender sender = broker.newSender(destination)) {
            start = System.nanoTime();
            for (long i = 0; i < count && failure.get() == null; i++) {
                acquire(window, 1);
                sender.send(value, e -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        acked.incrementAndGet();
                    }
                    window.release();
                });
            }
            acquire(window, maxInFlight);
            end = System.nanoTime();
        }
        if (failure.get() != null) {
            throw new IOException("a send to " + destination + " failed after " + acked.get() + " acknowledgements",
                    failure.get());
        }
        if (acked.get() != count) {
            throw new IOException(acked.get() + " of " + count + " sends acknowledged");
        }
        return new Throughput(count, (end - start) / 1e9);
    }

    /** Reads {@code count} records of {@code destination} from its beginning, as fast as they come. */
    Throughput consume(String destination, int partitions, long count) throws Exception {
        long[] received = {0};
        long start = System.nanoTime();
        try (Receiver receiver = broker.newReceiver(destination, partitions)) {
            long lastProgress = System.nanoTime();
            while (received[0] < count) {
                int n = receiver.poll(100, v -> {
                    if (v.length != recordSize) {
                        throw new IllegalStateException("a record of " + v.length + " bytes, expected " + recordSize);
                    }
                    received[0]++;
                });
                if (n > 0) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > idleTimeout.toNanos()) {
                    throw new IOException("consumed " + received[0] + " of " + count + " records of " + destination
                            + ", then nothing for " + idleTimeout);
                }
            }
        }
        if (received[0] != count) {
            throw new IOException("consumed " + received[0] + " records of " + destination + ", expected " + count);
        }
        return new Throughput(count, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Sends at a fixed {@code ratePerSecond} for {@code warmUp + measured} while one consumer reads
     * the same destination, and records for each record of the measured part the time from when
     * it was due to be sent (not when it was sent, so a stalled sender does not hide the stall)
     * to when the consumer had it. Producer and consumer run in this JVM, so they share
     * {@link System#nanoTime()}; the value's first 8 bytes carry the due time.
     */
    Histogram latency(String destination, int partitions, int ratePerSecond, Duration warmUp, Duration measured)
            throws Exception {
        long warmUpRecords = warmUp.toSeconds() * ratePerSecond;
        long total = warmUpRecords + measured.toSeconds() * ratePerSecond;
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
        AtomicLong consumed = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (Receiver receiver = broker.newReceiver(destination, partitions)) {
            Thread consumer = new Thread(() -> {
                try {
                    while (consumed.get() < total && failure.get() == null) {
                        receiver.poll(100, v -> {
                            long now = System.nanoTime();
                            ByteBuffer b = ByteBuffer.wrap(v);
                            long dueAt = b.getLong(0);
                            long seq = b.getLong(8);
                            if (seq >= warmUpRecords) {
                                histogram.recordValue(Math.min(now - dueAt, histogram.getHighestTrackableValue()));
                            }
                            consumed.incrementAndGet();
                        });
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "latency-consumer");
            consumer.start();
            try (Sender sender = broker.newSender(destination)) {
                Semaphore window = new Semaphore(maxInFlight);
                long start = System.nanoTime();
                long intervalNs = 1_000_000_000L / ratePerSecond;
                for (long i = 0; i < total && failure.get() == null; i++) {
                    long dueAt = start + i * intervalNs;
                    long wait;
                    while ((wait = dueAt - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    byte[] value = new byte[Math.max(16, recordSize)];
                    ByteBuffer.wrap(value).putLong(dueAt).putLong(i);
                    acquire(window, 1);
                    sender.send(value, e -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                        window.release();
                    });
                }
                acquire(window, maxInFlight);
            }
            long deadline = System.nanoTime() + idleTimeout.toNanos();
            consumer.join(TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - System.nanoTime())));
            if (consumer.isAlive()) {
                failure.compareAndSet(null, new IOException("consumer had " + consumed.get() + " of " + total
                        + " records " + idleTimeout + " after the last acknowledgement"));
                consumer.join();
            }
        }
        if (failure.get() != null) {
            throw new IOException("latency run on " + destination + " failed", failure.get());
        }
        return histogram;
    }

    /** Broker memory with idle connections held open. */
    record IdleMemory(int connections, long rssBefore, long rssAfter, long heapBefore, long heapAfter) {
        double rssPerConnection() {
            return (rssAfter - rssBefore) / (double) connections;
        }

        double heapPerConnection() {
            return (heapAfter - heapBefore) / (double) connections;
        }
    }

    /**
     * Opens {@code connections} plain TCP connections to the broker that send nothing, waits
     * until the broker process holds that many more sockets, and compares its RSS and its heap
     * after a full collection with the figures before they were opened. The connections are
     * closed before returning.
     */
    IdleMemory idleConnections(int connections) throws Exception {
        long pid = broker.process().pid();
        ProcessMemory.fullGc(pid);
        long heapBefore = ProcessMemory.heapUsedBytes(pid);
        long rssBefore = ProcessMemory.rssBytes(pid);
        int socketsBefore = ProcessMemory.socketCount(pid);
        List<SocketChannel> open = new ArrayList<>(connections);
        try {
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open();
                open.add(c);
                c.connect(new InetSocketAddress("127.0.0.1", broker.process().port()));
            }
            long deadline = System.nanoTime() + idleTimeout.toNanos();
            int sockets;
            while ((sockets = ProcessMemory.socketCount(pid)) < socketsBefore + connections) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the broker holds " + (sockets - socketsBefore) + " of " + connections
                            + " new connections after " + idleTimeout);
                }
                BrokerProcess.sleepMillis(20);
            }
            ProcessMemory.fullGc(pid);
            long heapAfter = ProcessMemory.heapUsedBytes(pid);
            long rssAfter = ProcessMemory.rssBytes(pid);
            return new IdleMemory(connections, rssBefore, rssAfter, heapBefore, heapAfter);
        } finally {
            for (SocketChannel c : open) {
                c.close();
            }
        }
    }

    private void acquire(Semaphore s, int permits) throws InterruptedException, IOException {
        if (!s.tryAcquire(permits, idleTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("no acknowledgement for " + idleTimeout + " with " + (maxInFlight - s.availablePermits())
                    + " records in flight");
        }
    }
}
