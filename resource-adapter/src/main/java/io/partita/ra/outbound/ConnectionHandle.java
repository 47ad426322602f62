package io.partita.ra.outbound;

import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;

/**
 * The connection an application gets from a pooled connection factory: a handle on a
 * {@link PartitaManagedConnection}. It follows the rules of Jakarta Messaging 3.0 section 12 for
 * applications in a server:
 * <ul>
 *   <li>one session at a time per connection (a second {@code createSession} while one is open
 *       throws {@link jakarta.jms.IllegalStateException});</li>
 *   <li>{@code setClientID}, {@code setExceptionListener}, {@code stop} and the connection
 *       consumers are refused with {@link jakarta.jms.IllegalStateException};</li>
 *   <li>inside a transaction the server manages, the session arguments are ignored; outside one,
 *       only {@code AUTO_ACKNOWLEDGE} and {@code DUPS_OK_ACKNOWLEDGE} may be asked for;</li>
 *   <li>{@code close()} closes the handle's session and its producers and consumers and gives the
 *       managed connection back to the pool.</li>
 * </ul>
 *
 * <p>Thread-safe: the pool may invalidate a handle while the application holds it.
 */
public final class ConnectionHandle implements QueueConnection, TopicConnection {
    private final Object lock = new Object();
    private PartitaManagedConnection managed;
    private SessionHandle session;
    private boolean closed;

    ConnectionHandle(PartitaManagedConnection managed) {
        this.managed = managed;
    }

    private PartitaManagedConnection managed() throws JMSException {
        synchronized (lock) {
            if (closed) {
                throw new jakarta.jms.IllegalStateException("connection is closed");
            }
            return managed;
        }
    }

    /**
     * The provider's connection behind the handle, also once the handle is closed (a context
     * closing after the pool's clean-up still asks for it); null when it is not open, or no longer
     * (the pool destroyed the managed connection).
     */
    io.partita.jms.PartitaConnection provider() {
        PartitaManagedConnection m;
        synchronized (lock) {
            m = managed;
        }
        return (io.partita.jms.PartitaConnection) m.openedPhysical();
    }

    /** Moves the handle to another managed connection (connection sharing, lazy association). */
    void associate(PartitaManagedConnection other) throws jakarta.resource.ResourceException {
        synchronized (lock) {
            if (session != null) {
                throw new jakarta.resource.spi.IllegalStateException(
                        "a connection handle with an open session cannot move to another managed connection");
            }
            managed = other;
            closed = false;
        }
    }

    /** Called by the pool's clean-up: the handle and its session become unusable. */
    void invalidate() {
        SessionHandle s;
        synchronized (lock) {
            closed = true;
            s = session;
            session = null;
        }
        if (s != null) {
            s.invalidate();
        }
    }

    void sessionOpened(SessionHandle handle) {
        synchronized (lock) {
            session = handle;
        }
    }

    void sessionClosed(SessionHandle handle) throws JMSException {
        PartitaManagedConnection m;
        synchronized (lock) {
            if (session != handle) {
                return;
            }
            session = null;
            m = managed;
        }
        m.releaseSession();
    }

    // ---- sessions: one at a time

    private <T extends Session> T open(Class<T> type, int requestedMode) throws JMSException {
        PartitaManagedConnection m;
        synchronized (lock) {
            m = managed();
            if (session != null) {
                throw new jakarta.jms.IllegalStateException("this connection already has an open session; an "
                        + "application in a Jakarta EE web or EJB container may have only one session per connection "
                        + "(Jakarta Messaging 3.0, section 12.2)");
            }
        }
        PartitaManagedConnection.SessionLease lease = m.session(requestedMode);
        return SessionHandle.create(type, lease.session(), this, lease.managedTransaction());
    }

    private static int mode(boolean transacted, int acknowledgeMode) {
        return transacted ? Session.SESSION_TRANSACTED : acknowledgeMode;
    }

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return open(Session.class, mode(transacted, acknowledgeMode));
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return open(Session.class, sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return open(Session.class, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return open(QueueSession.class, mode(transacted, acknowledgeMode));
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return open(TopicSession.class, mode(transacted, acknowledgeMode));
    }

    // ---- what an application may do

    @Override
    public String getClientID() throws JMSException {
        return managed().physical().getClientID();
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        return managed().physical().getMetaData();
    }

    /** Always null: an application in a server cannot set one. */
    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        managed();
        return null;
    }

    @Override
    public void start() throws JMSException {
        managed().physical().start();
    }

    @Override
    public void close() throws JMSException {
        SessionHandle s;
        PartitaManagedConnection m;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = session;
            session = null;
            m = managed;
        }
        try {
            if (s != null) {
                s.invalidate();
                m.releaseSession();
            }
        } finally {
            m.handleClosed(this);
        }
    }

    // ---- refused in a server (Jakarta Messaging 3.0, section 12.2)

    @Override
    public void setClientID(String clientID) throws JMSException {
        managed();
        throw JmsRestrictions.refused("Connection.setClientID");
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        managed();
        throw JmsRestrictions.refused("Connection.setExceptionListener");
    }

    @Override
    public void stop() throws JMSException {
        managed();
        throw JmsRestrictions.refused("Connection.stop");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
            ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw JmsRestrictions.refused("Connection.createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector,
            ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw JmsRestrictions.refused("QueueConnection.createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector,
            ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw JmsRestrictions.refused("TopicConnection.createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName,
            String messageSelector, ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw JmsRestrictions.refused("Connection.createSharedConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName,
            String messageSelector, ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw JmsRestrictions.refused("Connection.createDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
            String messageSelector, ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw JmsRestrictions.refused("Connection.createSharedDurableConnectionConsumer");
    }

    @Override
    public String toString() {
        return "ConnectionHandle[" + managed + "]";
    }
}
