package io.partita.jms;

import io.partita.jms.exceptions.JmsExceptionSupport;
import io.partita.jms.message.MessageCodec;
import io.partita.jms.message.PartitaMessage;
import io.partita.jms.provider.Delivery;
import io.partita.jms.provider.ProviderConsumer;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Receives messages from a queue or a topic subscription through a {@link ProviderConsumer}.
 * Messages come either from {@link #receive} on the application's thread or to a
 * {@link MessageListener} on the session's delivery thread, never both. Receiving waits while the
 * connection is stopped. What a received message needs acknowledged is left to the session, by
 * its acknowledge mode.
 *
 * <p>With {@code noLocal} on a topic, the broker leaves out the messages this connection
 * published (or, for a durable subscription, any connection with the same client id): see
 * {@link NoLocalSelector}.
 *
 * <p>A delivery whose envelope cannot be decoded is rejected (the broker moves it to the
 * dead-letter destination) and reported to the connection's {@code ExceptionListener}; one that
 * has expired is accepted without being delivered.
 *
 * <p>Not thread-safe, like its session; {@link #close()} may be called from any thread, and
 * waits for a running listener unless called from it.
 */
public final class PartitaMessageConsumer implements QueueReceiver, TopicSubscriber {
    /** A decoded message and the delivery it came from. */
    record Received(PartitaMessage message, Delivery delivery) {
    }

    /** Longest single wait on the provider, so stop, close and listener changes are noticed. */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PartitaSession session;
    private final PartitaDestination destination;
    private final String selector;
    private final boolean noLocal;
    private final ProviderConsumer provider;
    private final MessageCodec codec = new MessageCodec();
    private volatile MessageListener listener;
    private volatile boolean closed;
    /** Set once the provider's consumer is closing: nothing more can be acknowledged through it. */
    private volatile boolean providerClosed;
    /** A delivery taken from the provider but not yet handed out (the connection stopped meanwhile). */
    private Delivery pending;

    PartitaMessageConsumer(PartitaSession session, PartitaDestination destination, String selector, boolean noLocal,
            ProviderConsumer provider) {
        this.session = session;
        this.destination = destination;
        this.selector = selector;
        this.noLocal = noLocal;
        this.provider = provider;
    }

    /** The listener, without the closed check (for the delivery thread). */
    MessageListener listenerOrNull() {
        return listener;
    }

    boolean providerClosed() {
        return providerClosed;
    }

    ProviderConsumer provider() {
        return provider;
    }

    PartitaDestination destination() {
        return destination;
    }

    boolean isClosed() {
        return closed;
    }

    void checkClosed() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("message consumer is closed");
        }
        session.checkClosed();
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkClosed();
        return selector;
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkClosed();
        return listener;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkClosed();
        this.listener = listener;
        session.listenerChanged();
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkClosed();
        return destination instanceof Queue q ? q : null;
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkClosed();
        return destination instanceof Topic t ? t : null;
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        checkClosed();
        return noLocal;
    }

    @Override
    public Message receive() throws JMSException {
        return receive(Long.MAX_VALUE, null);
    }

    /** @param timeout ms to wait; 0 waits as long as it takes */
    @Override
    public Message receive(long timeout) throws JMSException {
        return receive(timeout == 0 ? Long.MAX_VALUE : Math.max(timeout, 1), null);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        return receive(-1, null);
    }

    /**
     * Receives one message, waiting up to {@code timeoutMs} (negative: not at all).
     *
     * @param bodyType when not null, a message whose body is not assignable to it is released
     *                 (delivered again) and {@link MessageFormatException} is thrown, as
     *                 {@code JMSConsumer.receiveBody} requires
     * @return the message, or null when none came in time or the consumer was closed
     */
    Message receive(long timeoutMs, Class<?> bodyType) throws JMSException {
        checkClosed();
        if (listener != null) {
            throw new IllegalStateException("this consumer delivers to a MessageListener; receive cannot be used");
        }
        long deadline = timeoutMs == Long.MAX_VALUE ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(timeoutMs, 0));
        boolean once = timeoutMs < 0;
        while (!closed && !session.isClosed()) {
            long left = deadline == Long.MAX_VALUE ? SLICE_NANOS : deadline - System.nanoTime();
            try {
                if (!session.connection().isStarted()) {
                    if (once || left <= 0) {
                        return null;
                    }
                    session.connection().awaitStarted(Math.min(left, SLICE_NANOS));
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            Received r = next(once ? Duration.ZERO : Duration.ofNanos(Math.max(0, Math.min(left, SLICE_NANOS))));
            if (r != null) {
                PartitaMessage m = r.message();
                if (bodyType != null && !m.isBodyAssignableTo(bodyType)) {
                    session.settle(this, r.delivery(), ProviderConsumer.AckType.RELEASE);
                    throw new MessageFormatException("the body of the received " + m.getClass().getSimpleName()
                            + " cannot be assigned to " + bodyType.getName() + "; it will be delivered again");
                }
                session.afterReceive(this, r);
                return m;
            }
            if (once || (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0)) {
                return null;
            }
        }
        return null;
    }

    /**
     * The next deliverable message from the provider, waiting up to {@code wait}; undecodable and
     * expired deliveries are settled and skipped. Called on the session's thread or its delivery
     * thread.
     */
    Received next(Duration wait) throws JMSException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Delivery d = pending;
            pending = null;
            if (d == null) {
                try {
                    d = provider.receive(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                } catch (RuntimeException e) {
                    throw JmsExceptionSupport.create(e);
                }
            }
            if (d == null) {
                return null;
            }
            PartitaMessage m = decode(d);
            if (m != null) {
                return new Received(m, d);
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
        }
    }

    /**
     * Gives back, unseen, the delivery held back and what the provider fetched and has not handed
     * out, so that delivery restarts with the oldest message (see
     * {@link ProviderConsumer#returnPrefetched()}); sent with the consumer's next commit.
     */
    void returnPrefetched() {
        Delivery d = pending;
        pending = null;
        if (d != null) {
            provider.acknowledge(d, ProviderConsumer.AckType.RETURN);
        }
        provider.returnPrefetched();
    }

    /** Keeps a delivery to hand out later, when the connection was stopped after it was taken. */
    void putBack(Delivery d) {
        pending = d;
    }

    private PartitaMessage decode(Delivery d) {
        PartitaMessage m;
        try {
            if (d.envelope() == null) {
                throw new MessageFormatException("record " + d.topic() + "-" + d.partition() + "@" + d.offset()
                        + " has no JMS envelope");
            }
            m = codec.decode(d.envelope(), d.value(), d.deliveryCount(), session.acknowledgerFor());
        } catch (JMSException e) {
            provider.acknowledge(d, ProviderConsumer.AckType.REJECT);
            provider.commit();
            session.connection().onFailure(e);
            return null;
        }
        long expiration = m.getJMSExpiration();
        if (expiration != 0 && expiration <= System.currentTimeMillis()) {
            provider.acknowledge(d, ProviderConsumer.AckType.ACCEPT);
            provider.commit();
            return null;
        }
        return m;
    }

    /**
     * Closes the consumer. From its own listener, the message being delivered is still
     * acknowledged as the session's mode says once the listener returns.
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (session.isDeliveryThread()) {
            closed = true;
            session.consumerClosed(this);
            session.closeAfterDelivery(this);
            return;
        }
        session.awaitListenerIdle();
        closeQuietly();
    }

    void closeQuietly() {
        if (!closed) {
            closed = true;
            session.consumerClosed(this);
        }
        releaseAndClose();
    }

    /** Releases a delivery held back and closes the provider's consumer, releasing what it holds. */
    void releaseAndClose() {
        Delivery d = pending;
        pending = null;
        session.beforeConsumerClose(this);
        providerClosed = true;
        try {
            if (d != null) {
                provider.acknowledge(d, ProviderConsumer.AckType.RELEASE);
            }
        } finally {
            provider.close();
        }
    }

    @Override
    public String toString() {
        return "PartitaMessageConsumer[" + destination + (selector == null ? "" : ", selector=" + selector) + "]";
    }
}
