package io.partita.benchmarks.load;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The jms workload: Jakarta Messaging sends and receives on a queue through any
 * {@link ConnectionFactory}, so Partita's provider and Artemis' client run exactly the same code.
 * Every message is a {@link BytesMessage} whose body is a {@link Payload} (sequence number, due
 * time); every run checks with a {@link Delivered} bitmap that each message sent arrived exactly
 * once and was never marked redelivered, and fails instead of giving a figure otherwise (sends
 * refused, acknowledgements failed, a run without progress for the idle timeout). Queues are made
 * by the caller. Not thread-safe: one run at a time (a run may use several threads of its own).
 */
final class JmsWorkloads {
    private static final long POLL_MS = 100;

    private final ConnectionFactory factory;
    private final long bufferMemory;
    private final Duration idleTimeout;
    private final int ackBatch;

    /**
     * @param bufferMemory bytes of unconfirmed asynchronous sends allowed
     * @param idleTimeout  how long a run may go without progress before it fails
     * @param ackBatch     messages per {@code acknowledge()} in CLIENT_ACKNOWLEDGE consumption
     */
    JmsWorkloads(ConnectionFactory factory, long bufferMemory, Duration idleTimeout, int ackBatch) {
        this.factory = factory;
        this.bufferMemory = bufferMemory;
        this.idleTimeout = idleTimeout;
        this.ackBatch = ackBatch;
    }

    /**
     * Synchronous sends: {@code producers} threads, each with its own connection, session and
     * producer, send messages {@code 0 .. count-1} between them (thread k the numbers congruent to
     * k) with {@code send(message)}, which for PERSISTENT returns once the broker has the message
     * as durable as it is configured to. From the moment every producer is ready until the last
     * sending connection has closed.
     *
     * @param deliveryMode {@link DeliveryMode#PERSISTENT} or {@link DeliveryMode#NON_PERSISTENT}
     * @return messages per second
     */
    double send(String queue, int producers, int deliveryMode, long count, int size) throws Exception {
        CountDownLatch ready = new CountDownLatch(producers);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < producers; k++) {
            int first = k;
            Thread t = new Thread(() -> {
                try (Connection connection = factory.createConnection()) {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = session.createProducer(session.createQueue(queue));
                    producer.setDeliveryMode(deliveryMode);
                    ready.countDown();
                    go.await();
                    for (long seq = first; seq < count && failure.get() == null; seq += producers) {
                        producer.send(message(session, seq, System.nanoTime(), size));
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    ready.countDown();
                }
            }, "jms-producer-" + k);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        if (!ready.await(idleTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            failure.compareAndSet(null, new IOException("producers not connected after " + idleTimeout));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long end = System.nanoTime();
        if (failure.get() != null) {
            throw new IOException("sending to queue " + queue + " failed", failure.get());
        }
        return count / ((end - start) / 1e9);
    }

    /**
     * Asynchronous PERSISTENT sends ({@code send(message, CompletionListener)}) by one producer,
     * at most {@code bufferMemory / size} unconfirmed; from the first send until every
     * completion was reported and the connection has closed.
     *
     * @return messages per second
     */
    double sendAsync(String queue, long count, int size) throws Exception {
        return sendAsync(queue, count, size, 0);
    }

    /**
     * Sends in a transacted session, committing every {@code commitEvery} messages and at the
     * end; from the first send until the last commit returned and the connection has closed.
     *
     * @return messages per second
     */
    double sendTransacted(String queue, long count, int size, int commitEvery) throws Exception {
        long start;
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            start = System.nanoTime();
            for (long seq = 0; seq < count; seq++) {
                producer.send(message(session, seq, System.nanoTime(), size));
                if ((seq + 1) % commitEvery == 0 || seq == count - 1) {
                    session.commit();
                }
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * One consumer reads the {@code count} messages a queue holds (sent before, not timed) with
     * AUTO_ACKNOWLEDGE, or CLIENT_ACKNOWLEDGE calling {@code acknowledge()} every
     * {@code ackBatch} messages and after the last; from {@code connection.start()} until the
     * consumer's {@code close()} returned (which, for AUTO_ACKNOWLEDGE, sends what is not sent
     * yet). Then checks that the queue holds nothing more.
     *
     * @param ackMode {@link Session#AUTO_ACKNOWLEDGE} or {@link Session#CLIENT_ACKNOWLEDGE}
     * @return messages per second
     */
    double consume(String queue, long count, int size, int ackMode) throws Exception {
        Delivered delivered = new Delivered("queue " + queue, count);
        long start;
        long end;
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, ackMode);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            start = System.nanoTime();
            connection.start();
            receive(consumer, delivered, count, size, ackMode == Session.CLIENT_ACKNOWLEDGE ? ackBatch : 0, null);
            consumer.close();
            end = System.nanoTime();
        }
        expectEmpty(queue, delivered);
        return count / ((end - start) / 1e9);
    }

    /** Reads and checks the {@code count} messages of {@code queue} (not timed), and that nothing more is there. */
    void drain(String queue, long count, int size) throws Exception {
        Delivered delivered = new Delivered("queue " + queue, count);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            connection.start();
            receive(consumer, delivered, count, size, 1000, null);
        }
        expectEmpty(queue, delivered);
    }

    /**
     * End-to-end latency: one consumer (AUTO_ACKNOWLEDGE, its own connection and thread) reads
     * {@code queue} while one producer sends PERSISTENT messages asynchronously at {@code rate}
     * per second for {@code warmUp + measured}; for each message of the measured part, the time
     * from when it was due to be sent to when {@code receive} returned it.
     */
    Histogram latency(String queue, int rate, Duration warmUp, Duration measured, int size) throws Exception {
        long warmUpCount = warmUp.toSeconds() * rate;
        long count = warmUpCount + measured.toSeconds() * rate;
        // Up to an hour: a consumer slower than the rate falls behind for the whole run.
        Histogram histogram = new Histogram(TimeUnit.HOURS.toNanos(1), 3);
        Delivered delivered = new Delivered("queue " + queue, count);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            connection.start();
            Thread reader = new Thread(() -> {
                try {
                    receive(consumer, delivered, count, size, 0, (seq, latency) -> {
                        if (seq >= warmUpCount) {
                            histogram.recordValue(Math.min(latency, histogram.getHighestTrackableValue()));
                        }
                    });
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "jms-latency-consumer");
            reader.setDaemon(true);
            reader.start();
            try {
                sendAsync(queue, count, size, rate);
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
            reader.join();
        }
        if (failure.get() != null) {
            throw new IOException("latency run on queue " + queue + " failed", failure.get());
        }
        return histogram;
    }

    /** Asynchronous sends as fast as confirmed ({@code rate} 0) or at {@code rate} per second, each due at its slot. */
    private double sendAsync(String queue, long count, int size, int rate) throws Exception {
        int maxInFlight = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bufferMemory / size));
        Semaphore window = new Semaphore(maxInFlight);
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong confirmed = new AtomicLong();
        CompletionListener listener = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                confirmed.incrementAndGet();
                window.release();
            }

            @Override
            public void onException(Message message, Exception exception) {
                failure.compareAndSet(null, exception);
                window.release();
            }
        };
        long start;
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            start = System.nanoTime();
            long interval = rate > 0 ? 1_000_000_000L / rate : 0;
            for (long seq = 0; seq < count && failure.get() == null; seq++) {
                long due = start + seq * interval;
                if (rate > 0) {
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                } else {
                    due = System.nanoTime();
                }
                acquire(window, 1, maxInFlight);
                producer.send(message(session, seq, due, size), listener);
            }
            acquire(window, maxInFlight, maxInFlight);
        }
        long end = System.nanoTime();
        if (failure.get() != null) {
            throw new IOException("an asynchronous send to queue " + queue + " failed after " + confirmed.get()
                    + " confirmations", failure.get());
        }
        if (confirmed.get() != count) {
            throw new IOException(confirmed.get() + " of " + count + " sends to queue " + queue + " confirmed");
        }
        return count / ((end - start) / 1e9);
    }

    /** What the latency run does with each message received: its number and nanoseconds since it was due. */
    @FunctionalInterface
    private interface Timing {
        void received(long seq, long nanosSinceDue);
    }

    /**
     * Receives until {@code delivered} holds {@code count} messages, checking each; acknowledges
     * every {@code ackEvery} messages and after the last when {@code ackEvery > 0}.
     */
    private void receive(MessageConsumer consumer, Delivered delivered, long count, int size, int ackEvery,
            Timing timing) throws Exception {
        long lastProgress = System.nanoTime();
        Message last = null;
        int unacknowledged = 0;
        while (delivered.count() < count) {
            Message m = consumer.receive(POLL_MS);
            if (m == null) {
                if (System.nanoTime() - lastProgress > idleTimeout.toNanos()) {
                    throw new IOException(delivered.count() + " of " + count + " messages received, then none for "
                            + idleTimeout);
                }
                continue;
            }
            long now = System.nanoTime();
            lastProgress = now;
            byte[] value = body(m, size);
            long seq = Payload.seq(value);
            delivered.mark(seq);
            if (timing != null) {
                timing.received(seq, now - Payload.dueNanos(value));
            }
            last = m;
            if (ackEvery > 0 && (++unacknowledged >= ackEvery || delivered.count() == count)) {
                last.acknowledge();
                unacknowledged = 0;
            }
        }
    }

    /**
     * Fails when a new consumer of {@code queue} still gets a message within a poll: a duplicate
     * (named as such by {@code delivered}) or a stray.
     */
    private void expectEmpty(String queue, Delivered delivered) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            connection.start();
            Message m = consumer.receive(POLL_MS);
            if (m != null) {
                // Not checked for redelivery: a message the previous consumer prefetched and never
                // handed out comes back marked redelivered; what matters is that it is there at all.
                BytesMessage b = (BytesMessage) m;
                byte[] value = new byte[(int) b.getBodyLength()];
                b.readBytes(value);
                long seq = Payload.seq(value);
                delivered.mark(seq);
                throw new IllegalStateException("queue " + queue + " holds message " + seq + " after all were received");
            }
        }
    }

    private static BytesMessage message(Session session, long seq, long dueNanos, int size) throws JMSException {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(Payload.value(seq, dueNanos, size));
        return m;
    }

    /** The body of a received message, checked: a BytesMessage of {@code size} bytes (any size when 0), not redelivered. */
    private static byte[] body(Message m, int size) throws JMSException {
        if (m.getJMSRedelivered()) {
            throw new IllegalStateException("message " + m.getJMSMessageID() + " delivered again");
        }
        if (!(m instanceof BytesMessage b)) {
            throw new IllegalStateException("message " + m.getJMSMessageID() + " is a " + m.getClass().getName());
        }
        byte[] value = new byte[(int) b.getBodyLength()];
        b.readBytes(value);
        if (size > 0 && value.length != Math.max(Payload.MIN_SIZE, size)) {
            throw new IllegalStateException("message " + m.getJMSMessageID() + " has " + value.length
                    + " bytes, expected " + size);
        }
        return value;
    }

    private void acquire(Semaphore s, int permits, int maxInFlight) throws InterruptedException, IOException {
        if (!s.tryAcquire(permits, idleTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("no send confirmed for " + idleTimeout + " with "
                    + (maxInFlight - s.availablePermits()) + " messages in flight");
        }
    }
}
