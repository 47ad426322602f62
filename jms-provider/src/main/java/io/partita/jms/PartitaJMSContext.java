package io.partita.jms;

import io.partita.jms.exceptions.JmsExceptionSupport;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simplified API's context: a thin layer over one {@link PartitaConnection} and one
 * {@link PartitaSession} of it, turning each {@link JMSException} into its unchecked twin
 * ({@link JmsExceptionSupport#toRuntime}). The session is created on first need, so
 * {@link #setClientID} works until then. Contexts made with {@link #createContext(int)} share the
 * connection, which closes with the last of them. The connection starts by itself when a
 * consumer is created, unless {@link #setAutoStart}{@code (false)}.
 *
 * <p>Code that already holds a provider connection or session builds a context over it with
 * {@link #over(PartitaConnection, int, boolean)} or {@link #over(PartitaSession, boolean, boolean)}.
 * A resource adapter builds one over its own connection and session handles with
 * {@link #over(Connection, Session, boolean, boolean, ContextRules)}: the context then calls the
 * handles (so what they refuse, track and clean up applies to it), asks the {@link ContextRules}
 * whether the container forbids an operation, and reaches the provider's objects behind the
 * handles only for sends with per-call options, {@code receiveBody} and {@code acknowledge}.
 * Ownership: closing a context closes the session it created itself, and closes the given session
 * or connection only when it was told it owns them; contexts made from it by
 * {@link #createContext(int)} follow the same rule for the connection (it is closed with the last
 * of them only if owned).
 *
 * <p>Not thread-safe, like the session it wraps; {@link #close()} may be called from any thread.
 */
public class PartitaJMSContext implements JMSContext {

    /** The connection shared by a context and the contexts made from it, closed with the last one. */
    private static final class SharedConnection {
        final Connection connection;
        final boolean owned;
        final ContextRules rules;
        final AtomicInteger users = new AtomicInteger(1);

        SharedConnection(Connection connection, boolean owned, ContextRules rules) {
            this.connection = connection;
            this.owned = owned;
            this.rules = rules;
        }

        PartitaConnection physical() {
            return rules.provider(connection, PartitaConnection.class);
        }
    }

    private final SharedConnection shared;
    private final ContextRules rules;
    private final int sessionMode;
    private Session session;
    /** Whether {@link #close()} closes {@link #session}: always for a session made here. */
    private boolean ownsSession = true;
    private PartitaMessageProducer sender;
    private boolean autoStart = true;
    private volatile boolean closed;

    PartitaJMSContext(PartitaConnection connection, int sessionMode) {
        this(new SharedConnection(connection, true, ContextRules.STANDALONE), sessionMode);
    }

    /**
     * A context over an existing connection. The context creates its session (in
     * {@code sessionMode}) on first need and closes it with itself.
     *
     * @param connection     an open connection of this provider
     * @param sessionMode    {@code AUTO_ACKNOWLEDGE}, {@code CLIENT_ACKNOWLEDGE} or
     *                       {@code DUPS_OK_ACKNOWLEDGE}
     * @param ownsConnection whether closing the context (the last context sharing the connection)
     *                       closes the connection too
     * @throws jakarta.jms.JMSRuntimeException if the mode is not valid (or transacted, which needs
     *     the broker's transactions); {@link IllegalStateRuntimeException} if the connection is
     *     closed
     */
    public static PartitaJMSContext over(PartitaConnection connection, int sessionMode, boolean ownsConnection) {
        java.util.Objects.requireNonNull(connection, "connection");
        run(() -> checkSessionMode(sessionMode));
        run(connection::checkClosed);
        return new PartitaJMSContext(new SharedConnection(connection, ownsConnection, ContextRules.STANDALONE),
                sessionMode);
    }

    /**
     * A context over an existing session (and its connection); the context uses the session's
     * acknowledge mode. The session must not be used directly while the context uses it.
     *
     * @param session        an open session of this provider
     * @param ownsSession    whether closing the context closes the session
     * @param ownsConnection whether closing the context (the last context sharing the connection)
     *                       closes the session's connection too
     * @throws IllegalStateRuntimeException if the session or its connection is closed
     */
    public static PartitaJMSContext over(PartitaSession session, boolean ownsSession, boolean ownsConnection) {
        java.util.Objects.requireNonNull(session, "session");
        run(session::checkClosed);
        return over(session.connection(), session, ownsSession, ownsConnection, ContextRules.STANDALONE);
    }

    /**
     * A context over a session of a connection that are not necessarily the provider's own
     * objects, but stand for them (a resource adapter's handles): every call goes to them, the
     * {@code rules} say what the place forbids besides and lead to the provider's objects behind
     * them. The context uses the session's acknowledge mode; the session must not be used directly
     * while the context uses it.
     *
     * @param connection     the session's connection
     * @param session        an open session of {@code connection}
     * @param ownsSession    whether closing the context closes the session
     * @param ownsConnection whether closing the context (the last context sharing the connection)
     *                       closes the connection too
     * @param rules          what the place forbids, and how to reach the provider's objects
     * @throws IllegalStateRuntimeException if the session is closed
     */
    public static PartitaJMSContext over(Connection connection, Session session, boolean ownsSession,
            boolean ownsConnection, ContextRules rules) {
        java.util.Objects.requireNonNull(connection, "connection");
        java.util.Objects.requireNonNull(session, "session");
        java.util.Objects.requireNonNull(rules, "rules");
        int mode = call(session::getAcknowledgeMode);
        PartitaJMSContext context = new PartitaJMSContext(new SharedConnection(connection, ownsConnection, rules),
                mode);
        context.session = session;
        context.ownsSession = ownsSession;
        return context;
    }

    private PartitaJMSContext(SharedConnection shared, int sessionMode) {
        this.shared = shared;
        this.rules = shared.rules;
        this.sessionMode = sessionMode;
    }

    /**
     * Checks a session mode for a context.
     *
     * @throws JMSException if it is not one of the four
     */
    static void checkSessionMode(int sessionMode) throws JMSException {
        PartitaSession.checkSessionMode(sessionMode);
    }

    private void checkClosed() {
        if (closed) {
            throw new IllegalStateRuntimeException("JMSContext is closed");
        }
    }

    private Connection connection() {
        checkClosed();
        return shared.connection;
    }

    /** The context's session, created on first use. */
    Session session() {
        checkClosed();
        if (session == null) {
            try {
                session = newSession(shared.connection);
            } catch (JMSException e) {
                throw JmsExceptionSupport.toRuntime(e);
            }
        }
        return session;
    }

    /** The provider's session behind {@link #session()}. */
    PartitaSession providerSession() {
        return rules.provider(session(), PartitaSession.class);
    }

    /** Creates the context's session; an XA context makes an XA session. */
    Session newSession(Connection c) throws JMSException {
        return c.createSession(sessionMode);
    }

    /**
     * The provider's anonymous producer every {@link JMSProducer} of this context sends through
     * (created through the session, so whatever tracks the session's producers sees it).
     */
    PartitaMessageProducer sender() {
        if (sender == null) {
            try {
                sender = rules.provider(session().createProducer(null), PartitaMessageProducer.class);
            } catch (JMSException e) {
                throw JmsExceptionSupport.toRuntime(e);
            }
        }
        return sender;
    }

    /** Throws if the place this context runs in forbids {@code operation}. */
    void check(ContextRules.Operation operation) {
        checkClosed();
        rules.check(operation, session);
    }

    @FunctionalInterface
    private interface JmsCall<T> {
        T call() throws JMSException;
    }

    @FunctionalInterface
    private interface JmsAction {
        void run() throws JMSException;
    }

    private static <T> T call(JmsCall<T> c) {
        try {
            return c.call();
        } catch (JMSException e) {
            throw JmsExceptionSupport.toRuntime(e);
        }
    }

    private static void run(JmsAction a) {
        try {
            a.run();
        } catch (JMSException e) {
            throw JmsExceptionSupport.toRuntime(e);
        }
    }

    // ---- connection

    @Override
    public JMSContext createContext(int sessionMode) {
        check(ContextRules.Operation.CREATE_CONTEXT);
        run(() -> checkSessionMode(sessionMode));
        run(() -> shared.physical().checkClosed());
        shared.users.incrementAndGet();
        return new PartitaJMSContext(shared, sessionMode);
    }

    @Override
    public String getClientID() {
        return call(() -> connection().getClientID());
    }

    @Override
    public void setClientID(String clientID) {
        run(() -> connection().setClientID(clientID));
    }

    @Override
    public ConnectionMetaData getMetaData() {
        return call(() -> connection().getMetaData());
    }

    @Override
    public ExceptionListener getExceptionListener() {
        return call(() -> connection().getExceptionListener());
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        run(() -> connection().setExceptionListener(listener));
    }

    @Override
    public void start() {
        run(() -> connection().start());
    }

    @Override
    public void stop() {
        run(() -> connection().stop());
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        checkClosed();
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        checkClosed();
        return autoStart;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        run(() -> PartitaSession.checkNotInCallback(shared.physical(), "close the JMSContext"));
        closed = true;
        run(() -> {
            try {
                if (session != null && ownsSession) {
                    session.close();
                }
            } finally {
                if (shared.users.decrementAndGet() == 0 && shared.owned) {
                    shared.connection.close();
                }
            }
        });
    }

    // ---- messages

    @Override
    public BytesMessage createBytesMessage() {
        return call(() -> session().createBytesMessage());
    }

    @Override
    public MapMessage createMapMessage() {
        return call(() -> session().createMapMessage());
    }

    @Override
    public Message createMessage() {
        return call(() -> session().createMessage());
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return call(() -> session().createObjectMessage());
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return call(() -> session().createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return call(() -> session().createStreamMessage());
    }

    @Override
    public TextMessage createTextMessage() {
        return call(() -> session().createTextMessage());
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return call(() -> session().createTextMessage(text));
    }

    // ---- session

    @Override
    public boolean getTransacted() {
        return call(() -> session().getTransacted());
    }

    @Override
    public int getSessionMode() {
        checkClosed();
        return sessionMode;
    }

    @Override
    public void commit() {
        session();
        check(ContextRules.Operation.COMMIT);
        run(() -> session().commit());
    }

    @Override
    public void rollback() {
        session();
        check(ContextRules.Operation.ROLLBACK);
        run(() -> session().rollback());
    }

    @Override
    public void recover() {
        session();
        check(ContextRules.Operation.RECOVER);
        run(() -> session().recover());
    }

    /** Acknowledges every message consumed by this context (CLIENT_ACKNOWLEDGE; otherwise nothing to do). */
    @Override
    public void acknowledge() {
        session();
        check(ContextRules.Operation.ACKNOWLEDGE);
        run(() -> providerSession().acknowledgerFor().acknowledge());
    }

    @Override
    public JMSProducer createProducer() {
        checkClosed();
        session();
        return new PartitaJMSProducer(this);
    }

    @Override
    public Queue createQueue(String queueName) {
        return call(() -> session().createQueue(queueName));
    }

    @Override
    public Topic createTopic(String topicName) {
        return call(() -> session().createTopic(topicName));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return call(() -> session().createTemporaryQueue());
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return call(() -> session().createTemporaryTopic());
    }

    // ---- consumers: the session checks the arguments and the provider opens them

    private JMSConsumer consumer(JmsCall<MessageConsumer> open) {
        MessageConsumer c = call(open);
        if (autoStart) {
            start();
        }
        return new PartitaJMSConsumer(c, rules.provider(c, PartitaMessageConsumer.class));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(() -> session().createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return consumer(() -> session().createConsumer(destination, messageSelector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer(() -> session().createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(() -> session().createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer(() -> session().createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(() -> session().createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer(() -> session().createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer(() -> session().createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer(() -> session().createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return call(() -> session().createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        return call(() -> session().createBrowser(queue, messageSelector));
    }

    @Override
    public void unsubscribe(String name) {
        run(() -> session().unsubscribe(name));
    }
}
