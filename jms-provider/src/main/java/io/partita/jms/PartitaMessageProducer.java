package io.partita.jms;

import io.partita.jms.exceptions.JmsExceptionSupport;
import io.partita.jms.message.EncodedMessage;
import io.partita.jms.message.ForeignMessages;
import io.partita.jms.message.PartitaMessage;
import io.partita.jms.provider.ProviderProducer;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Sends messages to a destination fixed at creation, or, for an anonymous producer (created with
 * a null destination), to the destination given with each send.
 *
 * <p>A PERSISTENT send returns once the broker has the message durably on its in-sync replicas
 * ({@code acks=all}); a NON_PERSISTENT send returns once the message is handed to the client
 * ({@code acks=1}; a failure then goes to the connection's {@code ExceptionListener}). With a
 * {@link CompletionListener} both return at once and the listener is called on the session's
 * completion thread, in send order. Priority, time to live and delivery delay are written into
 * the envelope, where the broker reads them.
 *
 * <p>Messages without {@code JMSXGroupID} keep to one partition of each destination for the
 * producer's life, so their order is kept; messages with one go to the group's partition.
 *
 * <p>Not thread-safe, like its session.
 */
public final class PartitaMessageProducer implements QueueSender, TopicPublisher {
    private final PartitaSession session;
    private final PartitaDestination destination;
    private final ProviderProducer handle;
    private volatile boolean closed;

    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageId;
    private boolean disableTimestamp;

    PartitaMessageProducer(PartitaSession session, PartitaDestination destination) {
        this.session = session;
        this.destination = destination;
        this.handle = session.createProviderProducer();
    }

    void checkClosed() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("message producer is closed");
        }
        session.checkClosed();
    }

    // ---- settings

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        checkClosed();
        disableMessageId = value;
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        checkClosed();
        return disableMessageId;
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        checkClosed();
        disableTimestamp = value;
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        checkClosed();
        return disableTimestamp;
    }

    @Override
    public void setDeliveryMode(int deliveryMode) throws JMSException {
        checkClosed();
        this.deliveryMode = checkDeliveryMode(deliveryMode);
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        checkClosed();
        return deliveryMode;
    }

    @Override
    public void setPriority(int defaultPriority) throws JMSException {
        checkClosed();
        this.priority = checkPriority(defaultPriority);
    }

    @Override
    public int getPriority() throws JMSException {
        checkClosed();
        return priority;
    }

    @Override
    public void setTimeToLive(long timeToLive) throws JMSException {
        checkClosed();
        this.timeToLive = timeToLive;
    }

    @Override
    public long getTimeToLive() throws JMSException {
        checkClosed();
        return timeToLive;
    }

    @Override
    public void setDeliveryDelay(long deliveryDelay) throws JMSException {
        checkClosed();
        this.deliveryDelay = checkDeliveryDelay(deliveryDelay);
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        checkClosed();
        return deliveryDelay;
    }

    @Override
    public Destination getDestination() throws JMSException {
        checkClosed();
        return destination;
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

    static int checkDeliveryMode(int mode) throws JMSException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("delivery mode " + mode + " is neither DeliveryMode.PERSISTENT (2) nor "
                    + "DeliveryMode.NON_PERSISTENT (1)");
        }
        return mode;
    }

    static int checkPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("priority " + priority + " is not within 0 to 9");
        }
        return priority;
    }

    static long checkDeliveryDelay(long delay) throws JMSException {
        if (delay < 0) {
            throw new JMSException("delivery delay " + delay + " ms is negative");
        }
        return delay;
    }

    // ---- close

    @Override
    public void close() throws JMSException {
        session.checkNotInOwnCallback("close a message producer");
        closeQuietly();
    }

    void closeQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        handle.close();
        session.producerClosed(this);
    }

    // ---- send

    @Override
    public void send(Message message) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        checkClosed();
        send(fixedDestination(), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination destination, Message message) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        checkClosed();
        send(givenDestination(destination), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, CompletionListener completionListener) throws JMSException {
        send(message, deliveryMode, priority, timeToLive, completionListener);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive,
            CompletionListener completionListener) throws JMSException {
        checkClosed();
        send(fixedDestination(), message, deliveryMode, priority, timeToLive, requireListener(completionListener));
    }

    @Override
    public void send(Destination destination, Message message, CompletionListener completionListener)
            throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, completionListener);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive,
            CompletionListener completionListener) throws JMSException {
        checkClosed();
        send(givenDestination(destination), message, deliveryMode, priority, timeToLive,
                requireListener(completionListener));
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send((Destination) queue, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send(topic, message, deliveryMode, priority, timeToLive);
    }

    private PartitaDestination fixedDestination() {
        if (destination == null) {
            throw new UnsupportedOperationException("this producer was created without a destination; "
                    + "name one with each send");
        }
        return destination;
    }

    private PartitaDestination givenDestination(Destination d) throws JMSException {
        if (destination != null) {
            throw new UnsupportedOperationException("this producer sends to " + destination
                    + "; a destination cannot be given with each send");
        }
        if (d == null) {
            throw new InvalidDestinationException("destination must not be null for a producer created without one");
        }
        return PartitaSession.toPartita(d);
    }

    private static CompletionListener requireListener(CompletionListener l) {
        if (l == null) {
            throw new IllegalArgumentException("completion listener must not be null");
        }
        return l;
    }

    /** The options of one send: the producer's settings or a {@code JMSProducer}'s. */
    record SendOptions(int deliveryMode, int priority, long timeToLive, long deliveryDelay, boolean disableMessageId,
            boolean disableTimestamp) {
    }

    private void send(PartitaDestination d, Message message, int mode, int prio, long ttl, CompletionListener listener)
            throws JMSException {
        send(d, message, new SendOptions(checkDeliveryMode(mode), checkPriority(prio), ttl, deliveryDelay,
                disableMessageId, disableTimestamp), listener);
    }

    /**
     * Sends with explicit options: sets the message's header fields, encodes it and hands it to
     * the provider; waits for the broker for PERSISTENT messages without a listener.
     */
    void send(PartitaDestination d, Message message, SendOptions options, CompletionListener listener)
            throws JMSException {
        if (message == null) {
            throw new MessageFormatException("message must not be null");
        }
        session.connection().checkSendable(d);
        PartitaMessage m = message instanceof PartitaMessage pm ? pm : ForeignMessages.toPartita(message);
        long now = System.currentTimeMillis();
        String id = options.disableMessageId() ? null : session.connection().nextMessageId();
        long timestamp = options.disableTimestamp() ? 0 : now;
        long expiration = options.timeToLive() > 0 ? now + options.timeToLive() : 0;
        long deliveryTime = now + options.deliveryDelay();
        for (Message target : m == message ? new Message[] {m} : new Message[] {m, message}) {
            target.setJMSDestination(d);
            target.setJMSDeliveryMode(options.deliveryMode());
            target.setJMSPriority(options.priority());
            target.setJMSTimestamp(timestamp);
            target.setJMSExpiration(expiration);
            target.setJMSDeliveryTime(deliveryTime);
            target.setJMSMessageID(id);
        }
        PartitaConnection connection = session.connection();
        EncodedMessage encoded = session.codec().encode(m, connection.connectionId(), connection.clientIdOrNull());
        boolean persistent = options.deliveryMode() == DeliveryMode.PERSISTENT;
        CompletableFuture<Void> sent;
        try {
            sent = handle.send(d.getName(), encoded, persistent);
        } catch (RuntimeException e) {
            throw JmsExceptionSupport.create(e);
        }
        if (listener != null) {
            session.afterCompletion(sent, error -> {
                if (error == null) {
                    listener.onCompletion(message);
                } else {
                    listener.onException(message, JmsExceptionSupport.create(error));
                }
            });
        } else if (persistent && !session.inTransaction()) {
            await(sent, d);
        } else if (persistent) {
            // In a transaction the commit waits for every send and fails (rolling back) if one did.
            sent.whenComplete((v, error) -> { });
        } else {
            sent.whenComplete((v, error) -> {
                if (error != null) {
                    session.connection().onFailure(error);
                }
            });
        }
    }

    private static void await(CompletableFuture<Void> sent, PartitaDestination d) throws JMSException {
        try {
            sent.get();
        } catch (ExecutionException e) {
            JMSException j = JmsExceptionSupport.create(e.getCause());
            throw j;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            JMSException j = new JMSException("interrupted while waiting for the broker to acknowledge a message to "
                    + d + "; it may or may not have been stored");
            j.initCause(e);
            throw j;
        }
    }

    @Override
    public String toString() {
        return "PartitaMessageProducer[" + (destination == null ? "anonymous" : destination) + "]";
    }
}
