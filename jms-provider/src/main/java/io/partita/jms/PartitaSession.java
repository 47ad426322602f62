package io.partita.jms;

import io.partita.jms.exceptions.JmsExceptionSupport;
import io.partita.jms.message.MessageCodec;
import io.partita.jms.message.PartitaBytesMessage;
import io.partita.jms.message.PartitaMapMessage;
import io.partita.jms.message.PartitaMessage;
import io.partita.jms.message.PartitaObjectMessage;
import io.partita.jms.message.PartitaStreamMessage;
import io.partita.jms.message.PartitaTextMessage;
import io.partita.jms.provider.ConsumerSpec;
import io.partita.jms.provider.Delivery;
import io.partita.jms.provider.ProviderConsumer;
import io.partita.jms.provider.ProviderProducer;
import io.partita.jms.provider.ProviderTransaction;
import io.partita.jms.provider.ProviderXaResource;
import io.partita.jms.provider.TransactionScope;
import jakarta.jms.TransactionRolledBackException;
import io.partita.protocol.selector.Selector;
import io.partita.protocol.selector.SelectorParseException;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session: the single-threaded context in which messages are created, produced and consumed. One class serves {@link Session}, {@link QueueSession}
 * and {@link TopicSession}; a session created as a queue or topic session refuses the methods of
 * the other domain with {@link IllegalStateException}, as the specification asks.
 *
 * <p>Asynchronous sends complete on the session's own completion thread, one
 * {@code CompletionListener} at a time, in the order the sends were made. {@link #close()} waits
 * for them. Calling {@code close}, {@code commit} or {@code rollback} of the session (or
 * {@code close} or {@code stop} of its connection) from a completion listener throws
 * {@link IllegalStateException}.
 *
 * <p>Received messages are acknowledged by the session's mode: AUTO_ACKNOWLEDGE and
 * DUPS_OK_ACKNOWLEDGE accept each message as {@code receive} returns it or its listener returns,
 * without waiting for the broker (a listener that throws has its message released, so it is
 * delivered again);
 * CLIENT_ACKNOWLEDGE accepts every message the session has received when any of them is
 * acknowledged, and {@link #recover()} releases them. Listeners of a session run one at a time on
 * the session's delivery thread.
 *
 * <p>Not thread-safe, as the specification allows: use a session from one thread at a time;
 * {@link #close()} may be called from any thread.
 */
public class PartitaSession implements Session, QueueSession, TopicSession {

    /** A delivery awaiting {@code Message.acknowledge()}. */
    private record Unacked(PartitaMessageConsumer consumer, Delivery delivery) {
    }

    /** Which interface the session was created as. */
    enum Flavor {
        GENERIC, QUEUE, TOPIC
    }

    private static final ThreadLocal<PartitaSession> CALLBACK_SESSION = new ThreadLocal<>();
    private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();

    private final PartitaConnection connection;
    private final int sessionMode;
    private final Flavor flavor;
    private final MessageCodec codec = new MessageCodec();
    private final Set<PartitaMessageProducer> producers = ConcurrentHashMap.newKeySet();
    private final Set<PartitaMessageConsumer> consumers = ConcurrentHashMap.newKeySet();
    private final Set<PartitaQueueBrowser> browsers = ConcurrentHashMap.newKeySet();
    /** Deliveries received and not yet acknowledged (CLIENT_ACKNOWLEDGE), in receipt order. */
    private final List<Unacked> unacked = new ArrayList<>();
    /** Held while a listener runs, so stop and close can wait for it. */
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final Object deliverySignal = new Object();
    private volatile Thread deliveryThread;
    /** A consumer closed by its own listener, to close fully once the delivery is settled. */
    private PartitaMessageConsumer closeAfterDelivery;
    private final Object completionLock = new Object();
    private CompletableFuture<Void> completions = CompletableFuture.completedFuture(null);
    private ExecutorService completionExecutor;
    private volatile boolean closed;
    /** The local transaction of a transacted session, created on first use. */
    private ProviderTransaction transaction;
    /** Why the open transaction can only be rolled back (a staging failed), or null. */
    private RuntimeException rollbackOnly;

    PartitaSession(PartitaConnection connection, int sessionMode, Flavor flavor) {
        this.connection = connection;
        this.sessionMode = sessionMode;
        this.flavor = flavor;
    }

    /** The XA resource of an XA session, or null. */
    ProviderXaResource xaResource() {
        return null;
    }

    /**
     * Whether received messages and sends belong to a transaction now: always in a transacted
     * session; in an XA session while its resource is associated with a branch.
     */
    boolean inTransaction() {
        if (sessionMode == SESSION_TRANSACTED) {
            return true;
        }
        ProviderXaResource xa = xaResource();
        return xa != null && xa.associated() != null;
    }

    /** What sends and acknowledgements belong to now, or null outside a transaction. */
    private TransactionScope scope() {
        if (sessionMode == SESSION_TRANSACTED) {
            return transaction();
        }
        ProviderXaResource xa = xaResource();
        return xa != null && xa.associated() != null ? xa : null;
    }

    private synchronized ProviderTransaction transaction() {
        if (transaction == null) {
            transaction = connection.provider().createTransaction();
        }
        return transaction;
    }

    /**
     * A producer handle for a message producer of this session: in a transacted session its sends
     * belong to the session's transaction; in an XA session to the associated branch, or outside
     * any branch they are sent at once as in a non-transacted session.
     */
    ProviderProducer createProviderProducer() {
        if (sessionMode == SESSION_TRANSACTED) {
            return transaction().createProducer();
        }
        ProviderXaResource xa = xaResource();
        ProviderProducer plain = connection.provider().createProducer();
        if (xa == null) {
            return plain;
        }
        ProviderProducer inBranch = xa.createProducer();
        return new ProviderProducer() {
            @Override
            public CompletableFuture<Void> send(String topic, io.partita.jms.message.EncodedMessage message,
                    boolean persistent) {
                return (xa.associated() != null ? inBranch : plain).send(topic, message, persistent);
            }

            @Override
            public void close() {
                inBranch.close();
                plain.close();
            }
        };
    }

    /**
     * Checks a session mode.
     *
     * @throws JMSException for an unknown mode
     */
    static void checkSessionMode(int sessionMode) throws JMSException {
        switch (sessionMode) {
            case AUTO_ACKNOWLEDGE, CLIENT_ACKNOWLEDGE, DUPS_OK_ACKNOWLEDGE, SESSION_TRANSACTED -> {
            }
            default -> throw new JMSException("session mode " + sessionMode + " is not one of AUTO_ACKNOWLEDGE (1), "
                    + "CLIENT_ACKNOWLEDGE (2), DUPS_OK_ACKNOWLEDGE (3) or SESSION_TRANSACTED (0)");
        }
    }

    PartitaConnection connection() {
        return connection;
    }

    MessageCodec codec() {
        return codec;
    }

    void checkClosed() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        connection.checkClosed();
    }

    boolean isClosed() {
        return closed || connection.isClosed();
    }

    private void checkFlavor(Flavor refused, String method) throws IllegalStateException {
        if (flavor == refused) {
            throw new IllegalStateException(method + " cannot be called on a " + (refused == Flavor.QUEUE
                    ? "QueueSession" : "TopicSession"));
        }
    }

    // ---- completion listeners

    /**
     * Throws if the calling thread is running a completion listener of a session of
     * {@code connection}.
     */
    static void checkNotInCallback(PartitaConnection connection, String action) throws IllegalStateException {
        PartitaSession s = CALLBACK_SESSION.get();
        if (s != null && s.connection == connection) {
            throw new IllegalStateException("cannot " + action + " from a CompletionListener of its own connection");
        }
    }

    /** Throws if the calling thread is running a completion listener of this session. */
    void checkNotInOwnCallback(String action) throws IllegalStateException {
        if (CALLBACK_SESSION.get() == this) {
            throw new IllegalStateException("cannot " + action + " from a CompletionListener of its own session");
        }
    }

    /**
     * Throws if the calling thread is running a completion listener of this session; a message
     * listener of this session may commit or roll it back.
     */
    void checkNotInOwnCompletionListener(String action) throws IllegalStateException {
        if (CALLBACK_SESSION.get() == this && !isDeliveryThread()) {
            throw new IllegalStateException("cannot " + action + " from a CompletionListener of its own session");
        }
    }

    /**
     * Runs {@code callback} on the completion thread once {@code sent} is done and every earlier
     * callback of this session has run. The callback receives the failure, or null.
     */
    void afterCompletion(CompletableFuture<Void> sent, java.util.function.Consumer<Throwable> callback) {
        synchronized (completionLock) {
            if (completionExecutor == null) {
                int n = THREAD_COUNTER.incrementAndGet();
                completionExecutor = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "partita-jms-completion-" + n);
                    t.setDaemon(true);
                    return t;
                });
            }
            ExecutorService executor = completionExecutor;
            completions = completions
                    .thenCompose(x -> sent.handle((v, e) -> e))
                    .thenAcceptAsync(error -> {
                        CALLBACK_SESSION.set(this);
                        try {
                            callback.accept(error);
                        } catch (RuntimeException | Error e) {
                            // a listener's failure must not stop the listeners after it
                        } finally {
                            CALLBACK_SESSION.remove();
                        }
                    }, executor)
                    .exceptionally(t -> null);
        }
    }

    private void awaitCompletions() {
        CompletableFuture<Void> all;
        ExecutorService executor;
        synchronized (completionLock) {
            all = completions;
            executor = completionExecutor;
            completionExecutor = null;
        }
        all.join();
        if (executor != null) {
            executor.shutdown();
        }
    }

    // ---- messages

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        checkClosed();
        return new PartitaBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        checkClosed();
        return new PartitaMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        checkClosed();
        return new PartitaMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        checkClosed();
        return new PartitaObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        checkClosed();
        PartitaObjectMessage m = new PartitaObjectMessage();
        m.setObject(object);
        return m;
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        checkClosed();
        return new PartitaStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        checkClosed();
        return new PartitaTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        checkClosed();
        return new PartitaTextMessage(text);
    }

    // ---- transactions and acknowledgement

    @Override
    public boolean getTransacted() throws JMSException {
        checkClosed();
        return sessionMode == SESSION_TRANSACTED;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkClosed();
        return sessionMode;
    }

    /**
     * Commits the session's transaction: the messages it sent become visible and the messages it
     * received are acknowledged, together. The received messages' acknowledgements are staged in
     * the transaction first (TxnShareAcknowledge), then the transaction commits.
     *
     * @throws TransactionRolledBackException when anything failed: the transaction was rolled
     *     back (sends discarded, received messages delivered again)
     * @throws IllegalStateException on a non-transacted session
     */
    @Override
    public void commit() throws JMSException {
        checkClosed();
        checkNotInOwnCompletionListener("commit the session");
        if (sessionMode != SESSION_TRANSACTED) {
            throw new IllegalStateException("commit() is only for transacted sessions; this session acknowledges in "
                    + "mode " + sessionMode);
        }
        ProviderTransaction txn = transaction();
        try {
            if (rollbackOnly != null) {
                throw rollbackOnly;
            }
            stageUnacked(txn);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw rolledBack("the transaction was rolled back: " + e.getMessage(), e);
        }
        try {
            txn.commit();
        } catch (RuntimeException e) {
            rollbackOnly = null;
            if (txn.outcomeUnknown(e)) {
                throw JmsExceptionSupport.create(e);
            }
            throw rolledBack(e.getMessage(), e);
        }
    }

    private static TransactionRolledBackException rolledBack(String message, RuntimeException cause) {
        TransactionRolledBackException t = new TransactionRolledBackException(message);
        t.initCause(cause);
        t.setLinkedException(cause);
        return t;
    }

    /**
     * Rolls back the session's transaction: its sends are discarded and the messages it
     * received are released, so the broker delivers them again ({@code JMSRedelivered} true,
     * {@code JMSXDeliveryCount} one more).
     *
     * @throws IllegalStateException on a non-transacted session
     */
    @Override
    public void rollback() throws JMSException {
        checkClosed();
        checkNotInOwnCompletionListener("roll back the session");
        if (sessionMode != SESSION_TRANSACTED) {
            throw new IllegalStateException("rollback() is only for transacted sessions; this session acknowledges in "
                    + "mode " + sessionMode);
        }
        RuntimeException failure = null;
        try {
            transaction().rollback();
        } catch (RuntimeException e) {
            failure = e;
        }
        rollbackOnly = null;
        settleAll(ProviderConsumer.AckType.RELEASE);
        if (failure != null) {
            throw JmsExceptionSupport.create(failure);
        }
    }

    /** Releases every delivery received and not staged, reporting failures to the exception listener. */
    void releaseUnackedQuietly() {
        try {
            settleAll(ProviderConsumer.AckType.RELEASE);
        } catch (JMSException e) {
            connection.onFailure(e);
        }
    }

    private void rollbackQuietly() {
        try {
            if (transaction != null) {
                transaction.rollback();
            }
        } catch (RuntimeException e) {
            connection.onFailure(e);
        }
        rollbackOnly = null;
        try {
            settleAll(ProviderConsumer.AckType.RELEASE);
        } catch (JMSException e) {
            connection.onFailure(e);
        }
    }

    /**
     * Stages the acceptance of every message received and not yet staged in {@code scope}, one
     * consumer at a time; the deliveries of consumers not reached after a failure are left in the
     * session's list, to be released by the rollback that follows.
     */
    void stageUnacked(TransactionScope scope) {
        List<Unacked> all;
        synchronized (unacked) {
            all = new ArrayList<>(unacked);
        }
        java.util.Map<PartitaMessageConsumer, List<Delivery>> byConsumer = new java.util.LinkedHashMap<>();
        for (Unacked u : all) {
            byConsumer.computeIfAbsent(u.consumer(), k -> new ArrayList<>()).add(u.delivery());
        }
        for (java.util.Map.Entry<PartitaMessageConsumer, List<Delivery>> e : byConsumer.entrySet()) {
            stage(scope, e.getKey(), e.getValue());
        }
    }

    private void stage(TransactionScope scope, PartitaMessageConsumer c, List<Delivery> deliveries) {
        synchronized (unacked) {
            unacked.removeIf(u -> u.consumer() == c);
        }
        if (c.providerClosed()) {
            return; // staged when it closed, or released with it
        }
        for (Delivery d : deliveries) {
            c.provider().acknowledge(d, ProviderConsumer.AckType.ACCEPT);
        }
        c.provider().commit(scope);
    }

    /** Removes one delivery from the unacknowledged ones; false if a transaction already staged or released it. */
    private boolean removeUnacked(PartitaMessageConsumer c, Delivery d) {
        synchronized (unacked) {
            return unacked.removeIf(u -> u.consumer() == c && u.delivery() == d);
        }
    }

    /** A consumer is closing: what it received in the open transaction is staged first, so it stays held. */
    void beforeConsumerClose(PartitaMessageConsumer c) {
        if (!inTransaction()) {
            return;
        }
        List<Delivery> mine = new ArrayList<>();
        synchronized (unacked) {
            for (Unacked u : unacked) {
                if (u.consumer() == c) {
                    mine.add(u.delivery());
                }
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        try {
            stage(scope(), c, mine);
        } catch (RuntimeException e) {
            rollbackOnly = rollbackOnly == null ? e : rollbackOnly;
        }
    }

    /**
     * Releases every message received and not acknowledged, so the broker delivers them again
     * (with {@code JMSRedelivered} set); in the automatic modes every message is acknowledged as
     * it is received, so there is nothing to release.
     */
    @Override
    public void recover() throws JMSException {
        checkClosed();
        if (sessionMode == SESSION_TRANSACTED) {
            throw new IllegalStateException("recover() cannot be called on a transacted session");
        }
        // Delivery restarts with the oldest unacknowledged message: what consumers fetched
        // and did not hand out yet goes back too, unseen, in the same acknowledgement.
        List<PartitaMessageConsumer> open = new ArrayList<>();
        JMSException first = null;
        for (PartitaMessageConsumer c : consumers) {
            if (!c.isClosed()) {
                try {
                    c.returnPrefetched();
                    open.add(c);
                } catch (RuntimeException e) {
                    first = first == null ? JmsExceptionSupport.create(e) : first;
                }
            }
        }
        settleAll(ProviderConsumer.AckType.RELEASE, open);
        if (first != null) {
            throw first;
        }
    }

    // ---- acknowledgement

    /** What {@code Message.acknowledge()} of a message received by this session does. */
    PartitaMessage.Acknowledger acknowledgerFor() {
        return sessionMode == CLIENT_ACKNOWLEDGE && xaResource() == null ? () -> {
            checkClosed();
            settleAll(ProviderConsumer.AckType.ACCEPT);
        } : this::checkClosed;
    }

    /** Acknowledges a message just received, by the session's mode. */
    void afterReceive(PartitaMessageConsumer consumer, PartitaMessageConsumer.Received r) throws JMSException {
        if (sessionMode == CLIENT_ACKNOWLEDGE || inTransaction()) {
            synchronized (unacked) {
                unacked.add(new Unacked(consumer, r.delivery()));
            }
        } else {
            accept(consumer, r.delivery());
        }
    }

    /**
     * Accepts one delivery in AUTO_ACKNOWLEDGE or DUPS_OK_ACKNOWLEDGE mode without waiting for the
     * broker (as Artemis does by default): the consumer's close waits for what is in flight, and a
     * failed acknowledgement goes to the connection's {@code ExceptionListener} (the message is
     * then delivered again).
     */
    private void accept(PartitaMessageConsumer consumer, Delivery d) throws JMSException {
        try {
            consumer.provider().acknowledge(d, ProviderConsumer.AckType.ACCEPT);
            consumer.provider().commitAsync().whenComplete((v, e) -> {
                if (e != null) {
                    connection.onFailure(e);
                }
            });
        } catch (RuntimeException e) {
            throw JmsExceptionSupport.create(e);
        }
    }

    /** Settles one delivery now. */
    void settle(PartitaMessageConsumer consumer, Delivery d, ProviderConsumer.AckType type) throws JMSException {
        try {
            consumer.provider().acknowledge(d, type);
            consumer.provider().commit();
        } catch (RuntimeException e) {
            throw JmsExceptionSupport.create(e);
        }
    }

    /** Settles every unacknowledged delivery of the session the same way. */
    private void settleAll(ProviderConsumer.AckType type) throws JMSException {
        settleAll(type, List.of());
    }

    /** As {@link #settleAll(ProviderConsumer.AckType)}, committing {@code alsoCommit} too. */
    private void settleAll(ProviderConsumer.AckType type, List<PartitaMessageConsumer> alsoCommit)
            throws JMSException {
        List<Unacked> all;
        synchronized (unacked) {
            all = new ArrayList<>(unacked);
            unacked.clear();
        }
        Set<PartitaMessageConsumer> touched = new LinkedHashSet<>(alsoCommit);
        JMSException first = null;
        for (Unacked u : all) {
            if (u.consumer().isClosed()) {
                continue;
            }
            try {
                u.consumer().provider().acknowledge(u.delivery(), type);
                touched.add(u.consumer());
            } catch (RuntimeException e) {
                first = first == null ? JmsExceptionSupport.create(e) : first;
            }
        }
        for (PartitaMessageConsumer c : touched) {
            try {
                c.provider().commit();
            } catch (RuntimeException e) {
                first = first == null ? JmsExceptionSupport.create(e) : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    // ---- listeners

    /** Whether the calling thread is this session's delivery thread. */
    boolean isDeliveryThread() {
        return Thread.currentThread() == deliveryThread;
    }

    /** Returns once no listener of this session is running (at once on the delivery thread). */
    void awaitListenerIdle() {
        if (isDeliveryThread()) {
            return;
        }
        deliveryLock.lock();
        deliveryLock.unlock();
    }

    /** Called when a consumer's listener is set or cleared: starts the delivery thread if needed. */
    void listenerChanged() {
        synchronized (deliverySignal) {
            if (deliveryThread == null && !closed) {
                Thread t = new Thread(this::deliveryLoop, "partita-jms-delivery-" + THREAD_COUNTER.incrementAndGet());
                t.setDaemon(true);
                deliveryThread = t;
                t.start();
            }
            deliverySignal.notifyAll();
        }
    }

    void closeAfterDelivery(PartitaMessageConsumer consumer) {
        closeAfterDelivery = consumer;
    }

    private void deliveryLoop() {
        while (!isClosed()) {
            List<PartitaMessageConsumer> listening = new ArrayList<>();
            for (PartitaMessageConsumer c : consumers) {
                if (!c.isClosed() && c.listenerOrNull() != null) {
                    listening.add(c);
                }
            }
            try {
                if (listening.isEmpty()) {
                    synchronized (deliverySignal) {
                        deliverySignal.wait(100);
                    }
                    continue;
                }
                if (!connection.awaitStarted(PartitaMessageConsumer.SLICE_NANOS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            Duration slice = Duration.ofNanos(Math.max(1_000_000, PartitaMessageConsumer.SLICE_NANOS / listening.size()));
            for (PartitaMessageConsumer c : listening) {
                try {
                    PartitaMessageConsumer.Received r = c.next(slice);
                    if (r != null) {
                        deliver(c, r);
                    }
                } catch (JMSException | RuntimeException e) {
                    connection.onFailure(e);
                }
            }
        }
    }

    private void deliver(PartitaMessageConsumer c, PartitaMessageConsumer.Received r) throws JMSException {
        deliveryLock.lock();
        try {
            MessageListener l = c.listenerOrNull();
            if (l == null || c.isClosed() || isClosed() || !connection.isStarted()) {
                c.putBack(r.delivery());
                return;
            }
            // An XA session's listener may begin and end a branch itself (an application server
            // does, around onMessage): its message is held for whichever branch ends while it runs.
            boolean xaListener = sessionMode != CLIENT_ACKNOWLEDGE && xaResource() != null;
            boolean held = sessionMode == CLIENT_ACKNOWLEDGE || inTransaction() || xaListener;
            if (held) {
                synchronized (unacked) {
                    unacked.add(new Unacked(c, r.delivery()));
                }
            }
            boolean failed = false;
            CALLBACK_SESSION.set(this);
            try {
                l.onMessage(r.message());
            } catch (RuntimeException e) {
                failed = true;
            } finally {
                CALLBACK_SESSION.remove();
            }
            if (!held || xaListener && !inTransaction() && removeUnacked(c, r.delivery())) {
                // no transaction took the message: settled as in AUTO_ACKNOWLEDGE
                if (failed) {
                    // Redelivered at once: nothing fetched after it goes first.
                    c.returnPrefetched();
                    settle(c, r.delivery(), ProviderConsumer.AckType.RELEASE);
                } else {
                    accept(c, r.delivery());
                }
            }
        } finally {
            PartitaMessageConsumer closing = closeAfterDelivery;
            closeAfterDelivery = null;
            deliveryLock.unlock();
            if (closing != null) {
                closing.releaseAndClose();
            }
        }
    }

    @Override
    public void close() throws JMSException {
        checkNotInOwnCallback("close the session");
        if (closed) {
            return;
        }
        closed = true;
        Thread delivery = deliveryThread;
        if (delivery != null) {
            synchronized (deliverySignal) {
                deliverySignal.notifyAll();
            }
            try {
                delivery.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sessionMode == SESSION_TRANSACTED) {
            rollbackQuietly(); // closing a transacted session rolls its transaction back
        }
        synchronized (unacked) {
            unacked.clear();
        }
        for (PartitaMessageConsumer c : new ArrayList<>(consumers)) {
            try {
                c.closeQuietly();
            } catch (RuntimeException e) {
                connection.onFailure(e);
            }
        }
        for (PartitaQueueBrowser b : new ArrayList<>(browsers)) {
            b.close();
        }
        for (PartitaMessageProducer p : new ArrayList<>(producers)) {
            p.closeQuietly();
        }
        awaitCompletions();
        ProviderTransaction txn;
        synchronized (this) {
            txn = transaction;
        }
        if (txn != null) {
            txn.close();
        }
        closeXaResource();
        connection.sessionClosed(this);
    }

    /** Releases the XA resource of an XA session; nothing for others. */
    void closeXaResource() {
    }

    // ---- application server facility (optional; not offered)

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkClosed();
        return null;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkClosed();
        throw new JMSException("Session.setMessageListener (an application server facility) is not supported; "
                + "set a listener on a MessageConsumer");
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("Session.run (an application server facility) is not supported");
    }

    // ---- destinations

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        checkClosed();
        checkFlavor(Flavor.TOPIC, "createQueue");
        PartitaDestination.checkName(queueName);
        return new PartitaQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        checkClosed();
        checkFlavor(Flavor.QUEUE, "createTopic");
        PartitaDestination.checkName(topicName);
        return new PartitaTopic(topicName);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        checkClosed();
        checkFlavor(Flavor.TOPIC, "createTemporaryQueue");
        return connection.createTemporaryQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        checkClosed();
        checkFlavor(Flavor.QUEUE, "createTemporaryTopic");
        return connection.createTemporaryTopic();
    }

    /**
     * A Partita destination for {@code d}: itself, or a queue or topic of the same name.
     *
     * @throws InvalidDestinationException if {@code d} is null, neither a queue nor a topic, or
     *     badly named
     */
    static PartitaDestination toPartita(Destination d) throws JMSException {
        if (d instanceof PartitaDestination pd) {
            return pd;
        }
        if (d == null) {
            throw new InvalidDestinationException("destination must not be null");
        }
        if (d instanceof Queue q) {
            PartitaDestination.checkName(q.getQueueName());
            return new PartitaQueue(q.getQueueName());
        }
        if (d instanceof Topic t) {
            PartitaDestination.checkName(t.getTopicName());
            return new PartitaTopic(t.getTopicName());
        }
        throw new InvalidDestinationException("destination " + d + " is neither a Queue nor a Topic");
    }

    // ---- producers

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        checkClosed();
        PartitaDestination d = destination == null ? null : toPartita(destination);
        PartitaMessageProducer p = new PartitaMessageProducer(this, d);
        producers.add(p);
        return p;
    }

    void producerClosed(PartitaMessageProducer p) {
        producers.remove(p);
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return (QueueSender) createProducer(queue);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return (TopicPublisher) createProducer(topic);
    }

    // ---- consumers: checked here, opened by the provider

    private PartitaDestination consumable(Destination destination) throws JMSException {
        PartitaDestination d = toPartita(destination);
        if (d instanceof PartitaTemporaryQueue tq && !tq.ownedBy(connection)
                || d instanceof PartitaTemporaryTopic tt && !tt.ownedBy(connection)) {
            throw new InvalidDestinationException("temporary destination " + d.getName()
                    + " belongs to another connection; only that connection can consume from it");
        }
        return d;
    }

    private static String checkSelector(String selector) throws InvalidSelectorException {
        try {
            Selector.parse(selector);
            return selector == null || selector.isBlank() ? null : selector;
        } catch (SelectorParseException e) {
            InvalidSelectorException ise = new InvalidSelectorException("invalid message selector \"" + selector
                    + "\": " + e.getMessage());
            ise.initCause(e);
            throw ise;
        }
    }

    private static void checkSubscriptionName(String name) throws JMSException {
        if (name == null || name.isBlank()) {
            throw new JMSException("subscription name must not be " + (name == null ? "null" : "blank"));
        }
    }

    private MessageConsumer open(PartitaDestination d, ConsumerSpec.Kind kind, String subscription, String selector,
            boolean noLocal) throws JMSException {
        String clientId = connection.getClientID();
        String brokerSelector = selector;
        if (noLocal && !d.isQueue()) {
            brokerSelector = kind == ConsumerSpec.Kind.DURABLE
                    ? NoLocalSelector.excludingClientId(selector, clientId)
                    : NoLocalSelector.excludingConnection(selector, connection.connectionId());
        }
        ConsumerSpec spec = new ConsumerSpec(d.getName(), kind, subscription, clientId, brokerSelector, noLocal);
        ProviderConsumer pc;
        try {
            pc = connection.provider().createConsumer(spec);
        } catch (RuntimeException e) {
            throw JmsExceptionSupport.create(e);
        }
        PartitaMessageConsumer c = new PartitaMessageConsumer(this, d, selector, noLocal, pc);
        consumers.add(c);
        if (isClosed()) {
            c.closeQuietly();
            checkClosed();
        }
        return c;
    }

    void consumerClosed(PartitaMessageConsumer c) {
        consumers.remove(c);
    }

    /** Whether an open consumer of this session reads {@code d}. */
    boolean hasConsumerOn(PartitaDestination d) {
        for (PartitaMessageConsumer c : consumers) {
            if (!c.isClosed() && c.destination().equals(d)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return createConsumer(destination, messageSelector, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal)
            throws JMSException {
        checkClosed();
        PartitaDestination d = consumable(destination);
        String selector = checkSelector(messageSelector);
        return open(d, d.isQueue() ? ConsumerSpec.Kind.QUEUE : ConsumerSpec.Kind.NON_DURABLE, null, selector,
                noLocal);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector)
            throws JMSException {
        checkClosed();
        checkFlavor(Flavor.QUEUE, "createSharedConsumer");
        PartitaDestination d = consumable(topic);
        checkSubscriptionName(sharedSubscriptionName);
        return open(d, ConsumerSpec.Kind.SHARED, sharedSubscriptionName, checkSelector(messageSelector), false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return (TopicSubscriber) createDurableConsumer(topic, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableConsumer(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        checkClosed();
        checkFlavor(Flavor.QUEUE, "createDurableSubscriber");
        PartitaDestination d = consumable(topic);
        if (d.isTemporary()) {
            throw new InvalidDestinationException("a durable subscription cannot be made on temporary topic "
                    + d.getName());
        }
        checkSubscriptionName(name);
        String selector = checkSelector(messageSelector);
        if (connection.getClientID() == null) {
            throw new IllegalStateException("an unshared durable subscription needs a client id; set one on the "
                    + "connection or the connection factory URL (clientId=...)");
        }
        return open(d, ConsumerSpec.Kind.DURABLE, name, selector, noLocal);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector)
            throws JMSException {
        checkClosed();
        checkFlavor(Flavor.QUEUE, "createSharedDurableConsumer");
        PartitaDestination d = consumable(topic);
        if (d.isTemporary()) {
            throw new InvalidDestinationException("a durable subscription cannot be made on temporary topic "
                    + d.getName());
        }
        checkSubscriptionName(name);
        return open(d, ConsumerSpec.Kind.SHARED_DURABLE, name, checkSelector(messageSelector), false);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        checkClosed();
        checkFlavor(Flavor.TOPIC, "createBrowser");
        PartitaDestination d = consumable(queue);
        if (!d.isQueue()) {
            throw new InvalidDestinationException(d + " is not a queue");
        }
        PartitaQueueBrowser b = new PartitaQueueBrowser(this, (Queue) d, checkSelector(messageSelector),
                PartitaConnectionFactory.REQUEST_TIMEOUT_MS);
        browsers.add(b);
        if (isClosed()) {
            b.close();
            checkClosed();
        }
        return b;
    }

    void browserClosed(PartitaQueueBrowser b) {
        browsers.remove(b);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return (QueueReceiver) createConsumer(queue);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        return (QueueReceiver) createConsumer(queue, messageSelector);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return (TopicSubscriber) createConsumer(topic);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal)
            throws JMSException {
        return (TopicSubscriber) createConsumer(topic, messageSelector, noLocal);
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        checkClosed();
        checkFlavor(Flavor.QUEUE, "unsubscribe");
        checkSubscriptionName(name);
        try {
            connection.provider().unsubscribe(connection.getClientID(), name);
        } catch (RuntimeException e) {
            throw JmsExceptionSupport.create(e);
        }
    }

    @Override
    public String toString() {
        return "PartitaSession[" + connection + ", mode=" + sessionMode + "]";
    }
}
