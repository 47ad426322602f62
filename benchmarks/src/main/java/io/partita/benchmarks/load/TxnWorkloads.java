package io.partita.benchmarks.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The txn workload, the same code for every {@link RunningBroker}: transactional sends committed
 * every {@code batch} records, and (where the system has queues whose acceptance joins a
 * transaction) consume-transform-produce from a queue. Each run reads back what it committed
 * (not timed) and fails instead of giving a figure when a record is refused, lost, delivered
 * twice or redelivered. Not thread-safe: one run at a time.
 */
final class TxnWorkloads {
    private static final long POLL_MS = 100;

    private final RunningBroker broker;
    private final int recordSize;
    private final int partitions;
    private final long bufferMemory;
    private final Duration idleTimeout;

    /**
     * @param partitions   partitions of every topic made (Partita and Kafka)
     * @param bufferMemory bytes of unacknowledged sends allowed when a queue is filled
     * @param idleTimeout  how long a run may go without progress before it fails
     */
    TxnWorkloads(RunningBroker broker, int recordSize, int partitions, long bufferMemory, Duration idleTimeout) {
        this.broker = broker;
        this.recordSize = recordSize;
        this.partitions = partitions;
        this.bufferMemory = bufferMemory;
        this.idleTimeout = idleTimeout;
    }

    /** Records per second of one run and the time of each commit call, in nanoseconds. */
    record Result(double recordsPerSecond, Histogram commitNanos) {
    }

    /**
     * Sends {@code count} records to the new destination {@code destination} in transactions of
     * {@code batch} records (the last one may be shorter), each committed before the next
     * begins; from the first begin to the return of the last commit. Then reads them back with a
     * read_committed consumer and checks each arrived exactly once.
     */
    Result produce(String destination, int batch, long count) throws Exception {
        broker.createDestination(destination, partitions);
        Histogram commits = histogram();
        long start;
        long end;
        try (TransactionalSender sender = broker.newTransactionalSender(destination, "load-txn-" + destination)) {
            start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                if (i % batch == 0) {
                    sender.begin();
                }
                sender.send(Payload.value(i, 0, recordSize));
                if ((i + 1) % batch == 0 || i == count - 1) {
                    long t = System.nanoTime();
                    sender.commit();
                    record(commits, System.nanoTime() - t);
                }
            }
            end = System.nanoTime();
        }
        readBack(destination, count);
        return new Result(count / ((end - start) / 1e9), commits);
    }

    /**
     * Consume-transform-produce: {@code count} messages are sent to the new queue {@code input}
     * first (not timed); then one client receives them and sends a copy of each to the new
     * destination {@code output}, committing the acceptance of up to {@code batch} received
     * messages together with their copies in one transaction; from the first receive to the
     * return of the last commit. The copies are read back and checked as for {@link #produce}.
     *
     * @return null when the system has no such client
     */
    Result forward(String input, String output, int batch, long count) throws Exception {
        QueueBroker queues = broker.queues();
        if (queues == null) {
            return null;
        }
        queues.createQueue(input, partitions);
        broker.createDestination(output, partitions);
        new QueueWorkloads(queues, recordSize, bufferMemory, idleTimeout, batch).send(input, false, count, 0);
        Delivered received = new Delivered("queue " + input, count);
        Histogram commits = histogram();
        long start;
        long end;
        try (Forwarder forwarder = broker.newForwarder(input, output, batch)) {
            start = System.nanoTime();
            long lastProgress = start;
            while (received.count() < count) {
                int inTransaction = 0;
                while (inTransaction < batch && received.count() < count) {
                    int n = forwarder.forward(batch - inTransaction, POLL_MS, v -> received.mark(Payload.seq(v)));
                    inTransaction += n;
                    if (n > 0) {
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > idleTimeout.toNanos()) {
                        throw new IOException("queue " + input + ": " + received.count() + " of " + count
                                + " messages forwarded, then none for " + idleTimeout);
                    }
                }
                long t = System.nanoTime();
                forwarder.commit();
                record(commits, System.nanoTime() - t);
            }
            end = System.nanoTime();
        }
        readBack(output, count);
        return new Result(count / ((end - start) / 1e9), commits);
    }

    /** Reads {@code destination} from its beginning (committed records only) and checks 0..count-1 each once. */
    private void readBack(String destination, long count) throws Exception {
        Delivered delivered = new Delivered(destination, count);
        try (Receiver receiver = broker.newCommittedReceiver(destination, partitions)) {
            long lastProgress = System.nanoTime();
            while (delivered.count() < count) {
                int n = receiver.poll(POLL_MS, v -> {
                    if (v.length != Math.max(Payload.MIN_SIZE, recordSize)) {
                        throw new IllegalStateException(destination + ": a record of " + v.length + " bytes");
                    }
                    delivered.mark(Payload.seq(v));
                });
                if (n > 0) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > idleTimeout.toNanos()) {
                    throw new IOException(destination + ": " + delivered.count() + " of " + count
                            + " committed records read back, then none for " + idleTimeout);
                }
            }
            // Anything beyond the count (a duplicate) would fail mark(); give it one more poll to show up.
            receiver.poll(POLL_MS, v -> delivered.mark(Payload.seq(v)));
        }
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
    }

    private static void record(Histogram h, long nanos) {
        h.recordValue(Math.min(nanos, h.getHighestTrackableValue()));
    }
}
