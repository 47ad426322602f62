package io.partita.jms;

import io.partita.jms.message.EncodedMessage;
import io.partita.jms.provider.ConsumerSpec;
import io.partita.jms.provider.Delivery;
import io.partita.jms.provider.Provider;
import io.partita.jms.provider.ProviderConsumer;
import io.partita.jms.provider.ProviderException;
import io.partita.jms.provider.ProviderProducer;
import io.partita.protocol.message.EnvelopeReader;
import io.partita.protocol.message.MalformedEnvelopeException;
import io.partita.protocol.selector.Selector;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An in-memory stand-in for the broker's queue semantics, for testing the JMS consumer logic on
 * a branch where the broker's share groups are not yet available: each topic is a list of
 * records, each AVAILABLE, ACQUIRED or DONE with a delivery count; a queue consumer acquires the
 * first available record its selector matches (with the real selector engine over the real
 * envelope; a malformed envelope is handed through, for the consumer to deal with), and
 * acknowledgements take effect at commit. Only queue consumers are offered.
 * Thread-safe (one monitor).
 */
final class LoopbackProvider implements Provider {
    enum State { AVAILABLE, ACQUIRED, DONE }

    /** One stored record. */
    static final class Entry {
        final EncodedMessage message;
        State state = State.AVAILABLE;
        int deliveries;
        ProviderConsumer.AckType settledAs;

        Entry(EncodedMessage message) {
            this.message = message;
        }
    }

    private final Map<String, List<Entry>> topics = new HashMap<>();
    private volatile boolean closed;

    synchronized List<Entry> topic(String name) {
        return topics.computeIfAbsent(name, n -> new ArrayList<>());
    }

    /** Appends a record as a producer would, for records the JMS producer would not write. */
    synchronized void append(String topic, EncodedMessage m) {
        topic(topic).add(new Entry(m));
        notifyAll();
    }

    @Override
    public void start() {
    }

    @Override
    public ProviderProducer createProducer() {
        return new ProviderProducer() {
            @Override
            public CompletableFuture<Void> send(String topic, EncodedMessage message, boolean persistent) {
                append(topic, message);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public ProviderConsumer createConsumer(ConsumerSpec spec) {
        if (spec.kind() != ConsumerSpec.Kind.QUEUE) {
            throw new ProviderException("the loopback provider offers queues only, not " + spec.kind());
        }
        return new QueueConsumer(spec.topic(), Selector.parse(spec.selector()));
    }

    private final class QueueConsumer implements ProviderConsumer {
        private final String topic;
        private final Selector selector;
        private final EnvelopeReader reader = new EnvelopeReader();
        private final Map<Integer, AckType> pendingAcks = new LinkedHashMap<>();
        private final List<Integer> held = new ArrayList<>();
        private boolean consumerClosed;

        QueueConsumer(String topic, Selector selector) {
            this.topic = topic;
            this.selector = selector;
        }

        @Override
        public Delivery receive(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (LoopbackProvider.this) {
                while (!consumerClosed && !closed) {
                    List<Entry> log = topic(topic);
                    for (int i = 0; i < log.size(); i++) {
                        Entry e = log.get(i);
                        if (e.state != State.AVAILABLE) {
                            continue;
                        }
                        int count = e.deliveries + 1;
                        boolean matches;
                        try {
                            matches = e.message.envelope() == null
                                    || selector.matches(reader.wrap(ByteBuffer.wrap(e.message.envelope())), count);
                        } catch (MalformedEnvelopeException malformed) {
                            matches = true;
                        }
                        if (matches) {
                            e.state = State.ACQUIRED;
                            e.deliveries = count;
                            held.add(i);
                            byte[] env = e.message.envelope();
                            return new Delivery(topic, 0, i, e.message.key(), env == null ? null : ByteBuffer.wrap(env),
                                    e.message.body(), count);
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(LoopbackProvider.this, left);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
                return null;
            }
        }

        @Override
        public void acknowledge(Delivery delivery, AckType type) {
            synchronized (LoopbackProvider.this) {
                int i = (int) delivery.offset();
                if (!held.contains(i)) {
                    throw new IllegalStateException("record " + i + " is not held by this consumer");
                }
                pendingAcks.put(i, type);
            }
        }

        @Override
        public void commit() {
            synchronized (LoopbackProvider.this) {
                List<Entry> log = topic(topic);
                for (Map.Entry<Integer, AckType> a : pendingAcks.entrySet()) {
                    Entry e = log.get(a.getKey());
                    e.settledAs = a.getValue();
                    e.state = a.getValue() == AckType.RELEASE ? State.AVAILABLE : State.DONE;
                    held.remove(a.getKey());
                }
                pendingAcks.clear();
                LoopbackProvider.this.notifyAll();
            }
        }

        @Override
        public void close() {
            synchronized (LoopbackProvider.this) {
                if (consumerClosed) {
                    return;
                }
                commit();
                List<Entry> log = topic(topic);
                for (int i : held) {
                    log.get(i).state = State.AVAILABLE;
                }
                held.clear();
                consumerClosed = true;
                LoopbackProvider.this.notifyAll();
            }
        }
    }

    @Override
    public void unsubscribe(String clientId, String name) {
        throw new ProviderException("the loopback provider has no subscriptions");
    }

    @Override
    public void deleteTopic(String topic) {
        synchronized (this) {
            topics.remove(topic);
        }
    }

    @Override
    public void setFailureListener(Consumer<Throwable> listener) {
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
