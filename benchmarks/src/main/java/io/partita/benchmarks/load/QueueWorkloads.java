package io.partita.benchmarks.load;

import io.partita.benchmarks.load.QueueBroker.MessageReceiver;
import io.partita.benchmarks.load.QueueBroker.MessageSender;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The queue, fan-out and selector workloads, the same code for every {@link QueueBroker}. Every
 * message carries its sequence number; each run checks that every message was delivered and
 * acknowledged exactly once where it should be (a {@link Delivered} bitmap per destination), and
 * fails instead of giving a figure when one is refused, lost, delivered twice or delivered to a
 * consumer whose selector it does not match. Not thread-safe: one workload at a time.
 */
final class QueueWorkloads {
    private static final long POLL_MS = 100;

    private final QueueBroker broker;
    private final int recordSize;
    private final int maxInFlight;
    private final Duration idleTimeout;
    private final int ackBatch;

    /**
     * @param bufferMemory bytes of unacknowledged sends allowed, as for {@link Workloads}
     * @param idleTimeout  how long a run may go without a delivery or an acknowledgement before it fails
     * @param ackBatch     messages per acknowledgement in {@link AckMode#BATCH}
     */
    QueueWorkloads(QueueBroker broker, int recordSize, long bufferMemory, Duration idleTimeout, int ackBatch) {
        this.broker = broker;
        this.recordSize = recordSize;
        this.maxInFlight = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bufferMemory / recordSize));
        this.idleTimeout = idleTimeout;
        this.ackBatch = ackBatch;
    }

    /**
     * Queue delivery throughput: {@code count} messages sent to the new queue {@code queue}
     * first (not timed), then received and acknowledged by {@code consumers} consumers; from
     * their first poll to the last stored acknowledgement.
     *
     * @return messages per second
     */
    double queueThroughput(String queue, int partitions, int consumers, AckMode ack, long count) throws Exception {
        broker.createQueue(queue, partitions);
        send(queue, false, count, 0);
        Delivered delivered = new Delivered("queue " + queue, count);
        List<MessageReceiver> receivers = new ArrayList<>();
        try {
            for (int i = 0; i < consumers; i++) {
                receivers.add(broker.newQueueReceiver(queue, null, ack, ackBatch));
            }
            List<Consuming> runs = new ArrayList<>();
            for (MessageReceiver r : receivers) {
                runs.add(new Consuming(r, v -> delivered.mark(Payload.seq(v)), () -> delivered.count() >= count));
            }
            long start = System.nanoTime();
            await(runs, delivered::count, "queue " + queue);
            double seconds = (System.nanoTime() - start) / 1e9;
            expect(delivered, count, "queue " + queue);
            return count / seconds;
        } finally {
            closeAll(receivers);
        }
    }

    /**
     * Queue latency: {@code consumers} consumers of the new queue {@code queue} while one
     * producer sends at {@code rate} messages/s for {@code warmUp + measured}; for each message
     * of the measured part, the time from when it was due to be sent to when a consumer had it
     * (before it acknowledged it).
     */
    Histogram queueLatency(String queue, int partitions, int consumers, AckMode ack, int rate, Duration warmUp,
            Duration measured) throws Exception {
        broker.createQueue(queue, partitions);
        long warmUpCount = warmUp.toSeconds() * rate;
        long count = warmUpCount + measured.toSeconds() * rate;
        Delivered delivered = new Delivered("queue " + queue, count);
        List<MessageReceiver> receivers = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        try {
            List<Consuming> runs = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                MessageReceiver r = broker.newQueueReceiver(queue, null, ack, ackBatch);
                receivers.add(r);
                Histogram h = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
                histograms.add(h);
                runs.add(new Consuming(r, v -> {
                    long now = System.nanoTime();
                    long seq = Payload.seq(v);
                    delivered.mark(seq);
                    if (seq >= warmUpCount) {
                        h.recordValue(Math.min(now - Payload.dueNanos(v), h.getHighestTrackableValue()));
                    }
                }, () -> delivered.count() >= count));
            }
            for (Consuming c : runs) {
                c.start();
            }
            try {
                send(queue, false, count, rate);
            } catch (Exception e) {
                stopAll(runs);
                throw e;
            }
            await(runs, delivered::count, "queue " + queue);
            expect(delivered, count, "queue " + queue);
        } finally {
            closeAll(receivers);
        }
        Histogram all = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
        for (Histogram h : histograms) {
            all.add(h);
        }
        return all;
    }

    /** Publish rate and aggregate delivery rate of one fan-out run. */
    record Fanout(double publishedPerSecond, double deliveredPerSecond) {
    }

    /**
     * Fan-out: {@code subscriptions} durable subscriptions (one consumer each, acknowledging in
     * batches) on the new topic {@code topic}, made first; then one producer sends {@code count}
     * messages as fast as they are acknowledged while the consumers read. Publish rate: from the
     * first send to the last send's acknowledgement; delivery rate: {@code subscriptions * count}
     * over the time from the first send until every subscription has stored the acknowledgement
     * of every message.
     */
    Fanout fanout(String topic, int partitions, int subscriptions, long count) throws Exception {
        broker.createTopic(topic, partitions);
        List<MessageReceiver> receivers = new ArrayList<>();
        try {
            List<Consuming> runs = new ArrayList<>();
            List<Delivered> each = new ArrayList<>();
            AtomicLong total = new AtomicLong();
            for (int i = 0; i < subscriptions; i++) {
                String name = topic + "-" + i;
                MessageReceiver r = broker.newDurableSubscriber(topic, name, AckMode.BATCH, ackBatch);
                receivers.add(r);
                Delivered d = new Delivered("subscription " + name, count);
                each.add(d);
                runs.add(new Consuming(r, v -> {
                    d.mark(Payload.seq(v));
                    total.incrementAndGet();
                }, () -> d.count() >= count));
            }
            for (Consuming c : runs) {
                c.start();
            }
            long start = System.nanoTime();
            long published;
            try {
                published = send(topic, true, count, 0);
            } catch (Exception e) {
                stopAll(runs);
                throw e;
            }
            await(runs, total::get, "topic " + topic);
            double seconds = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < subscriptions; i++) {
                expect(each.get(i), count, "subscription " + topic + "-" + i);
            }
            return new Fanout(count / (published / 1e9), subscriptions * count / seconds);
        } finally {
            closeAll(receivers);
        }
    }

    /** Throughputs of one selector run, in messages of the queue per second. */
    record SelectorCost(double withoutSelector, double withSelector, double matchedPerSecond) {
    }

    /**
     * The cost of a selector matching one message in ten. Two new queues get {@code count}
     * messages each first (not timed). {@code plainQueue} is read by two consumers without a
     * selector; {@code selectorQueue} by one consumer with {@link Payload#SELECTOR} (10%) and one
     * with {@link Payload#COMPLEMENT_SELECTOR} (the other 90%), each of which must receive
     * exactly the messages it matches. Both rates are {@code count} over the time to drain the
     * queue; the matched rate is the 10% over the time until the selective consumer had all of
     * its messages. Consumers acknowledge in batches.
     *
     * <p>Why a second consumer with the complement: a queue keeps what its consumers' selectors
     * do not match, and Partita looks for matches only within a window of
     * {@code share.partition.max.record.locks} unfinished offsets (default 2000), so a queue whose
     * only consumer selects 10% stops delivering after one window; an application that selects
     * on a queue has consumers for the rest, and the run drains the queue as it would.
     */
    SelectorCost selector(String plainQueue, String selectorQueue, int partitions, long count) throws Exception {
        broker.createQueue(plainQueue, partitions);
        broker.createQueue(selectorQueue, partitions);
        send(plainQueue, false, count, 0);
        send(selectorQueue, false, count, 0);
        double plain;
        {
            Delivered delivered = new Delivered("queue " + plainQueue, count);
            List<MessageReceiver> receivers = new ArrayList<>();
            try {
                List<Consuming> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    MessageReceiver r = broker.newQueueReceiver(plainQueue, null, AckMode.BATCH, ackBatch);
                    receivers.add(r);
                    runs.add(new Consuming(r, v -> delivered.mark(Payload.seq(v)), () -> delivered.count() >= count));
                }
                long start = System.nanoTime();
                await(runs, delivered::count, "queue " + plainQueue);
                plain = count / ((System.nanoTime() - start) / 1e9);
                expect(delivered, count, "queue " + plainQueue);
            } finally {
                closeAll(receivers);
            }
        }
        long matching = (count + 9) / 10;
        Delivered delivered = new Delivered("queue " + selectorQueue, count);
        AtomicLong matched = new AtomicLong();
        AtomicLong matchedDoneAt = new AtomicLong();
        List<MessageReceiver> receivers = new ArrayList<>();
        try {
            MessageReceiver selective = broker.newQueueReceiver(selectorQueue, Payload.SELECTOR, AckMode.BATCH,
                    ackBatch);
            receivers.add(selective);
            MessageReceiver rest = broker.newQueueReceiver(selectorQueue, Payload.COMPLEMENT_SELECTOR, AckMode.BATCH,
                    ackBatch);
            receivers.add(rest);
            Consuming selectiveRun = new Consuming(selective, v -> {
                long seq = Payload.seq(v);
                check(Payload.matches(seq), seq, Payload.SELECTOR);
                delivered.mark(seq);
                if (matched.incrementAndGet() == matching) {
                    matchedDoneAt.set(System.nanoTime());
                }
            }, () -> matched.get() >= matching);
            Consuming restRun = new Consuming(rest, v -> {
                long seq = Payload.seq(v);
                check(!Payload.matches(seq), seq, Payload.COMPLEMENT_SELECTOR);
                delivered.mark(seq);
            }, () -> delivered.count() - matched.get() >= count - matching);
            long start = System.nanoTime();
            await(List.of(selectiveRun, restRun), delivered::count, "queue " + selectorQueue);
            double seconds = (System.nanoTime() - start) / 1e9;
            expect(delivered, count, "queue " + selectorQueue);
            if (matched.get() != matching) {
                throw new IOException("the consumer with '" + Payload.SELECTOR + "' received " + matched.get()
                        + " messages, expected " + matching);
            }
            return new SelectorCost(plain, count / seconds, matching / ((matchedDoneAt.get() - start) / 1e9));
        } finally {
            closeAll(receivers);
        }
    }

    private static void check(boolean matches, long seq, String selector) {
        if (!matches) {
            throw new IllegalStateException("message " + seq + " (bucket " + Payload.bucket(seq)
                    + ") delivered to a consumer with selector '" + selector + "'");
        }
    }

    /**
     * Sends messages {@code 0 .. count-1} to {@code destination}, as fast as they are
     * acknowledged ({@code rate} 0) or at {@code rate} per second, each due at its slot.
     *
     * @return nanoseconds from the first send to the last acknowledgement
     */
    long send(String destination, boolean topic, long count, int rate) throws Exception {
        Semaphore window = new Semaphore(maxInFlight);
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        long start;
        long end;
        try (MessageSender sender = broker.newSender(destination, topic)) {
            start = System.nanoTime();
            long interval = rate > 0 ? 1_000_000_000L / rate : 0;
            for (long i = 0; i < count && failure.get() == null; i++) {
                long due = start + i * interval;
                if (rate > 0) {
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                } else {
                    due = System.nanoTime();
                }
                acquire(window, 1);
                sender.send(Payload.value(i, due, recordSize), Payload.bucket(i), e -> {
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
            throw new IOException(acked.get() + " of " + count + " sends to " + destination + " acknowledged");
        }
        return end - start;
    }

    private void acquire(Semaphore s, int permits) throws InterruptedException, IOException {
        if (!s.tryAcquire(permits, idleTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("no acknowledgement for " + idleTimeout + " with "
                    + (maxInFlight - s.availablePermits()) + " messages in flight");
        }
    }

    private static void expect(Delivered delivered, long count, String what) throws IOException {
        if (delivered.count() != count) {
            throw new IOException(what + " delivered " + delivered.count() + " of " + count + " messages");
        }
    }

    /**
     * Starts every run not yet started and waits until all have finished, failing when one fails
     * or when {@code progress} (deliveries so far) stands still for the idle timeout.
     */
    private void await(List<Consuming> runs, java.util.function.LongSupplier progress, String what)
            throws Exception {
        for (Consuming c : runs) {
            if (!c.isAlive() && c.getState() == Thread.State.NEW) {
                c.start();
            }
        }
        long last = progress.getAsLong();
        long lastChange = System.nanoTime();
        try {
            for (Consuming c : runs) {
                while (true) {
                    c.join(POLL_MS);
                    Exception failure = firstFailure(runs);
                    if (failure != null) {
                        throw new IOException(what + ": a consumer failed after " + progress.getAsLong()
                                + " deliveries", failure);
                    }
                    if (!c.isAlive()) {
                        break;
                    }
                    long now = progress.getAsLong();
                    if (now != last) {
                        last = now;
                        lastChange = System.nanoTime();
                    } else if (System.nanoTime() - lastChange > idleTimeout.toNanos()) {
                        throw new IOException(what + ": " + now + " deliveries, then none for " + idleTimeout);
                    }
                }
            }
        } finally {
            stopAll(runs);
        }
    }

    private static Exception firstFailure(List<Consuming> runs) {
        for (Consuming c : runs) {
            if (c.failure.get() != null) {
                return c.failure.get();
            }
        }
        return null;
    }

    private static void stopAll(List<Consuming> runs) throws InterruptedException {
        for (Consuming c : runs) {
            c.stopped = true;
        }
        for (Consuming c : runs) {
            if (c.getState() != Thread.State.NEW) {
                c.join();
            }
        }
    }

    private static void closeAll(List<MessageReceiver> receivers) {
        RuntimeException first = null;
        for (MessageReceiver r : receivers) {
            try {
                r.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * One consumer's thread: polls until {@code done} says its share has arrived, then stores its
     * last acknowledgements. A failure is kept for {@link #await}; {@link #stopped} ends it early.
     */
    private static final class Consuming extends Thread {
        private final MessageReceiver receiver;
        private final Receiver.Sink sink;
        private final java.util.function.BooleanSupplier done;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private volatile boolean stopped;

        Consuming(MessageReceiver receiver, Receiver.Sink sink, java.util.function.BooleanSupplier done) {
            super("load-consumer");
            this.receiver = receiver;
            this.sink = sink;
            this.done = done;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!stopped && !done.getAsBoolean()) {
                    receiver.poll(POLL_MS, sink);
                }
                if (!stopped) {
                    receiver.flush();
                }
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }
    }
}
