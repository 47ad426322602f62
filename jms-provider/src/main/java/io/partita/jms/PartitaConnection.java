package io.partita.jms;

import io.partita.jms.exceptions.JmsExceptionSupport;
import io.partita.jms.provider.ConnectionLostException;
import io.partita.jms.provider.Provider;
import io.partita.jms.provider.ProviderException;
import io.partita.protocol.wire.Errors;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection to Partita: one {@link Provider} (one set of broker connections), the sessions
 * made on it, its temporary destinations, its client id and its exception listener.
 *
 * <p>Client id rules (section 6.1.2): a client id given by the connection factory is fixed; else
 * {@link #setClientID} may set one, once, before anything else is done with the connection
 * (creating a session, starting or stopping it). Closing a connection closes its sessions (which
 * wait for their pending asynchronous sends), deletes its temporary destinations and releases
 * the provider; methods of a closed connection throw {@link IllegalStateException}, except
 * {@link #close()}, which may be called again.
 *
 * <p>Thread-safe, as the specification requires.
 */
public class PartitaConnection implements QueueConnection, TopicConnection, TemporaryDestinationOwner {
    private final Provider provider;
    private final String connectionId;
    private final Object lock = new Object();
    private final Set<PartitaSession> sessions = ConcurrentHashMap.newKeySet();
    private final Set<PartitaDestination> temporaries = ConcurrentHashMap.newKeySet();
    private final Set<PartitaDestination> deletedTemporaries = ConcurrentHashMap.newKeySet();
    private final AtomicLong temporaryCounter = new AtomicLong();
    private final AtomicLong messageCounter = new AtomicLong();

    private String clientId;
    private final boolean clientIdFromFactory;
    private boolean used;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile ExceptionListener exceptionListener;
    private final boolean reconnect;
    /** Why the connection closed itself (a lost broker with {@code reconnect=false}), or null. */
    private volatile Throwable lost;

    PartitaConnection(Provider provider, String connectionId, String clientId) {
        this(provider, connectionId, clientId, true);
    }

    /**
     * @param reconnect whether a lost broker connection is re-established (else the connection
     *                  closes itself when the loss is detected, after telling its exception listener)
     */
    PartitaConnection(Provider provider, String connectionId, String clientId, boolean reconnect) {
        this.reconnect = reconnect;
        this.provider = provider;
        this.connectionId = connectionId;
        this.clientId = clientId;
        this.clientIdFromFactory = clientId != null;
        provider.setFailureListener(this::onFailure);
    }

    Provider provider() {
        return provider;
    }

    /** A message id unique to this connection's messages: {@code ID:<connection uuid>:<n>}. */
    String nextMessageId() {
        return "ID:" + connectionId + ":" + messageCounter.incrementAndGet();
    }

    /** The id of this connection (a uuid), which marks the messages it sends as its own. */
    String connectionId() {
        return connectionId;
    }

    /** The client id, or null when none is set; unlike {@link #getClientID()}, also once closed. */
    String clientIdOrNull() {
        synchronized (lock) {
            return clientId;
        }
    }

    void checkClosed() throws IllegalStateException {
        if (closed) {
            Throwable why = lost;
            if (why != null) {
                IllegalStateException e = new IllegalStateException("connection is closed: " + why.getMessage()
                        + " and reconnect=false");
                e.initCause(why);
                throw e;
            }
            throw new IllegalStateException("connection is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    boolean isStarted() {
        return started;
    }

    private void markUsed() {
        synchronized (lock) {
            used = true;
        }
    }

    // ---- sessions

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode);
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return newSession(sessionMode, PartitaSession.Flavor.GENERIC);
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode, PartitaSession.Flavor.QUEUE);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode, PartitaSession.Flavor.TOPIC);
    }

    private PartitaSession newSession(int sessionMode, PartitaSession.Flavor flavor) throws JMSException {
        checkClosed();
        PartitaSession.checkSessionMode(sessionMode);
        markUsed();
        PartitaSession session = new PartitaSession(this, sessionMode, flavor);
        sessions.add(session);
        if (closed) {
            session.close();
            checkClosed();
        }
        return session;
    }

    /** A new XA session with its own XA resource (see {@link PartitaXASession}). */
    PartitaXASession newXASession(PartitaSession.Flavor flavor) throws JMSException {
        checkClosed();
        markUsed();
        PartitaXASession session;
        try {
            session = new PartitaXASession(this, flavor, provider.createXaResource());
        } catch (RuntimeException e) {
            throw io.partita.jms.exceptions.JmsExceptionSupport.create(e);
        }
        sessions.add(session);
        if (closed) {
            session.close();
            checkClosed();
        }
        return session;
    }

    void sessionClosed(PartitaSession session) {
        sessions.remove(session);
    }

    // ---- client id

    @Override
    public String getClientID() throws JMSException {
        checkClosed();
        synchronized (lock) {
            return clientId;
        }
    }

    @Override
    public void setClientID(String id) throws JMSException {
        checkClosed();
        synchronized (lock) {
            if (clientIdFromFactory) {
                throw new IllegalStateException("client id is already '" + clientId
                        + "', set by the connection factory; it cannot be changed");
            }
            if (clientId != null) {
                throw new IllegalStateException("client id is already '" + clientId + "'; it can be set only once");
            }
            if (used) {
                throw new IllegalStateException(
                        "client id must be set before the connection is used (sessions created, started or stopped)");
            }
            if (id == null || id.isBlank()) {
                throw new InvalidClientIDException("client id must not be " + (id == null ? "null" : "blank"));
            }
            try {
                provider.claimClientId(id);
            } catch (RuntimeException e) {
                throw JmsExceptionSupport.create(e);
            }
            clientId = id;
            used = true;
        }
    }

    // ---- lifecycle

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        checkClosed();
        return PartitaConnectionMetaData.INSTANCE;
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkClosed();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        checkClosed();
        exceptionListener = listener;
    }

    /**
     * Reports a failure no call returned (a failed send that nobody waited for, a lost connection).
     * A lost connection without {@code reconnect} closes this connection, then tells the listener.
     */
    void onFailure(Throwable t) {
        if (closed) {
            return;
        }
        ExceptionListener l = exceptionListener;
        JMSException e = JmsExceptionSupport.create(t);
        if (t instanceof ConnectionLostException && !reconnect) {
            lost = t;
            if (!markClosed()) {
                return;
            }
            ForkJoinPool.commonPool().execute(() -> {
                try {
                    if (l != null) {
                        l.onException(e);
                    }
                } finally {
                    releaseAfterLoss();
                }
            });
            return;
        }
        if (l != null) {
            ForkJoinPool.commonPool().execute(() -> l.onException(e));
        }
    }

    private void releaseAfterLoss() {
        try {
            release();
        } catch (JMSException | RuntimeException ignored) {
            // the broker is gone: what could not be released is released by the broker's timeouts
        }
    }

    @Override
    public void start() throws JMSException {
        checkClosed();
        markUsed();
        synchronized (lock) {
            started = true;
            lock.notifyAll();
        }
    }

    /**
     * Stops delivery: synchronous receives wait and listeners are not called until
     * {@link #start()}; returns once no listener of this connection is running.
     */
    @Override
    public void stop() throws JMSException {
        checkClosed();
        PartitaSession.checkNotInCallback(this, "stop the connection");
        markUsed();
        synchronized (lock) {
            started = false;
        }
        for (PartitaSession s : sessions) {
            s.awaitListenerIdle();
        }
    }

    /**
     * Waits until the connection is started or closed, or {@code timeoutNanos} pass.
     *
     * @return whether it is started
     */
    boolean awaitStarted(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (lock) {
            while (!started && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return started;
        }
    }

    @Override
    public void close() throws JMSException {
        PartitaSession.checkNotInCallback(this, "close the connection");
        if (markClosed()) {
            release();
        }
    }

    /** Marks the connection closed; false if it already was. */
    private boolean markClosed() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            started = false;
            lock.notifyAll();
            return true;
        }
    }

    /** Closes the sessions, removes the temporary destinations and releases the provider. */
    private void release() throws JMSException {
        JMSException first = null;
        for (PartitaSession s : new ArrayList<>(sessions)) {
            try {
                s.close();
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        for (PartitaDestination d : new ArrayList<>(temporaries)) {
            try {
                removeTemporary(d);
            } catch (RuntimeException e) {
                // the topic of a temporary destination that was never used does not exist
            }
        }
        provider.close();
        if (first != null) {
            throw first;
        }
    }

    // ---- temporary destinations

    PartitaTemporaryQueue createTemporaryQueue() throws JMSException {
        checkClosed();
        PartitaTemporaryQueue q = new PartitaTemporaryQueue(temporaryName("queue"), this);
        temporaries.add(q);
        return q;
    }

    PartitaTemporaryTopic createTemporaryTopic() throws JMSException {
        checkClosed();
        PartitaTemporaryTopic t = new PartitaTemporaryTopic(temporaryName("topic"), this);
        temporaries.add(t);
        return t;
    }

    private String temporaryName(String kind) {
        return "temp-" + kind + "." + connectionId + "." + temporaryCounter.incrementAndGet();
    }

    /**
     * Checks a destination before sending to it.
     *
     * @throws InvalidDestinationException if it is a temporary destination deleted by this connection
     */
    void checkSendable(PartitaDestination d) throws InvalidDestinationException {
        if (d.isTemporary() && deletedTemporaries.contains(d)) {
            throw new InvalidDestinationException("temporary destination " + d.getName() + " has been deleted");
        }
    }

    @Override
    public void deleteTemporary(PartitaDestination destination) throws JMSException {
        checkClosed();
        if (!temporaries.contains(destination)) {
            if (deletedTemporaries.contains(destination)) {
                return;
            }
            throw new InvalidDestinationException("temporary destination " + destination.getName()
                    + " does not belong to this connection");
        }
        for (PartitaSession s : sessions) {
            if (s.hasConsumerOn(destination)) {
                throw new IllegalStateException("temporary destination " + destination.getName()
                        + " still has a consumer; close it first");
            }
        }
        try {
            removeTemporary(destination);
        } catch (RuntimeException e) {
            throw JmsExceptionSupport.create(e);
        }
    }

    private void removeTemporary(PartitaDestination d) {
        temporaries.remove(d);
        deletedTemporaries.add(d);
        try {
            provider.deleteTopic(d.getName());
        } catch (ProviderException e) {
            if (e.error() != Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                throw e;
            }
        }
    }

    // ---- application server facilities (optional in Jakarta Messaging; not offered)

    private JMSException noServerSessions() throws JMSException {
        checkClosed();
        return new JMSException("connection consumers (an application server facility) are not supported; "
                + "use the Partita resource adapter for message-driven beans");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
            ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw noServerSessions();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector,
            ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw noServerSessions();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector,
            ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw noServerSessions();
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName,
            String messageSelector, ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw noServerSessions();
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName,
            String messageSelector, ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw noServerSessions();
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
            String messageSelector, ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw noServerSessions();
    }

    @Override
    public String toString() {
        return "PartitaConnection[" + connectionId + (clientId == null ? "" : ", clientId=" + clientId) + "]";
    }
}
