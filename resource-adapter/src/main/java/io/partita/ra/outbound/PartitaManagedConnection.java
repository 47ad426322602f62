package io.partita.ra.outbound;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XASession;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.SecurityException;
import jakarta.resource.spi.security.PasswordCredential;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;

/**
 * One physical Partita connection, pooled by the server's connection manager, and the handles
 * ({@link ConnectionHandle}) applications hold on it.
 *
 * <p>The physical connection is opened on first need, as an {@link XAConnection} (its sessions
 * work as plain ones outside a transaction), so a pool may enlist a connection it first handed
 * out without a transaction; the {@link XASession} is opened by the first call of the
 * {@link XAResource}. It has at most one open session at a time:
 * <ul>
 *   <li>inside an XA transaction (between the {@link XAResource}'s {@code start} and {@code end})
 *       the session of the connection's {@link XASession};</li>
 *   <li>inside a local transaction ({@link #getLocalTransaction()}) a transacted session that the
 *       local transaction commits or rolls back;</li>
 *   <li>otherwise a session in the mode the application asked for ({@code AUTO_ACKNOWLEDGE} or
 *       {@code DUPS_OK_ACKNOWLEDGE}).</li>
 * </ul>
 * {@link #cleanup()} invalidates every handle, closes their producers and consumers and the
 * non-XA session and stops the connection, so nothing of one user reaches the next.
 * A failure reported by the provider's exception listener marks the connection broken and is
 * passed to the pool as {@code connectionErrorOccurred}, so the pool destroys it.
 *
 * <p>Thread-safe: application threads, the pool and the provider's threads may call it at once.
 */
public final class PartitaManagedConnection implements ManagedConnection {
    /** The session a handle works on, and whether a server-managed transaction governs it. */
    record SessionLease(Session session, boolean managedTransaction) {
    }

    private final PartitaManagedConnectionFactory factory;
    private final ConnectionRequest credentials;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<ConnectionHandle> handles = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();

    private Connection connection;
    private XAConnection xaConnection;
    private XASession xaSession;
    private ManagedXAResource xaResource;
    private Session session;
    private boolean localTransaction;
    private volatile boolean xaActive;
    private volatile boolean broken;
    private volatile boolean destroyed;
    private volatile PrintWriter logWriter;

    PartitaManagedConnection(PartitaManagedConnectionFactory factory, ConnectionRequest credentials) {
        this.factory = factory;
        this.credentials = credentials;
    }

    PartitaManagedConnectionFactory factory() {
        return factory;
    }

    ConnectionRequest credentials() {
        return credentials;
    }

    /** Whether the pool may still hand it out (not broken, not destroyed). */
    boolean isUsable() {
        return !broken && !destroyed;
    }

    // ---- physical connection

    private Connection open(boolean xa) throws JMSException {
        synchronized (lock) {
            if (destroyed) {
                throw new jakarta.jms.IllegalStateException("the managed connection was destroyed");
            }
            if (connection == null) {
                ConnectionFactory cf = factory.physicalFactory();
                // Always XA when the factory can: a pool may hand a connection out first outside a
                // transaction and ask for its XAResource only when a later user has one.
                if (xa || cf instanceof XAConnectionFactory) {
                    xaConnection = ((XAConnectionFactory) cf).createXAConnection(credentials.user(), credentials.password());
                    connection = xaConnection;
                } else {
                    connection = cf.createConnection(credentials.user(), credentials.password());
                }
                connection.setExceptionListener(this::fail);
            }
            return connection;
        }
    }

    /** The physical connection, opened if need be. */
    Connection physical() throws JMSException {
        return open(false);
    }

    /** The physical connection if it is open, else null (never opened, or destroyed). */
    Connection openedPhysical() {
        synchronized (lock) {
            return connection;
        }
    }

    /** The session for a handle that asked for {@code requestedMode}. */
    SessionLease session(int requestedMode) throws JMSException {
        synchronized (lock) {
            if (broken) {
                throw new jakarta.jms.IllegalStateException("the connection to the broker failed; get a new connection");
            }
            if (xaActive) {
                return new SessionLease(xaSession.getSession(), true);
            }
            if (session == null) {
                int mode;
                if (localTransaction) {
                    mode = Session.SESSION_TRANSACTED;
                } else if (requestedMode == Session.AUTO_ACKNOWLEDGE || requestedMode == Session.DUPS_OK_ACKNOWLEDGE) {
                    mode = requestedMode;
                } else {
                    throw new JMSException("session mode " + requestedMode + " may not be used outside a transaction "
                            + "by an application in a Jakarta EE web or EJB container; use AUTO_ACKNOWLEDGE (1) or "
                            + "DUPS_OK_ACKNOWLEDGE (3) (Jakarta Messaging 3.0, section 12.3)");
                }
                session = physical().createSession(mode);
            }
            return new SessionLease(session, localTransaction);
        }
    }

    /** A handle closed its session: the non-XA session is closed (the XA session is kept). */
    void releaseSession() throws JMSException {
        Session s;
        synchronized (lock) {
            if (localTransaction) {
                return; // the local transaction still has to commit or roll back this session's work
            }
            s = session;
            session = null;
        }
        if (s != null) {
            s.close();
        }
    }

    void handleClosed(ConnectionHandle handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        for (ConnectionEventListener l : listeners) {
            l.connectionClosed(event);
        }
    }

    /** The provider reported a failure of the physical connection: the pool must destroy it. */
    void fail(Exception cause) {
        if (broken || destroyed) {
            return;
        }
        broken = true;
        PrintWriter w = logWriter;
        if (w != null) {
            w.println("Partita connection failed: " + cause);
        }
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, cause);
        for (ConnectionEventListener l : listeners) {
            l.connectionErrorOccurred(event);
        }
    }

    // ---- transactions

    Session transactedSession() {
        synchronized (lock) {
            return session;
        }
    }

    void beginLocal() throws ResourceException {
        synchronized (lock) {
            if (localTransaction) {
                throw new jakarta.resource.spi.LocalTransactionException("a local transaction is already active");
            }
            if (session != null) {
                throw new jakarta.resource.spi.LocalTransactionException(
                        "a session was opened before the local transaction began; close it first");
            }
            localTransaction = true;
        }
    }

    /** Ends the local transaction; returns the session that did its work, or null. */
    Session endLocal() {
        synchronized (lock) {
            localTransaction = false;
            Session s = session;
            session = null;
            return s;
        }
    }

    void xaStarted() {
        xaActive = true;
    }

    void xaEnded() {
        xaActive = false;
    }

    // ---- ManagedConnection

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (!isUsable()) {
            throw new jakarta.resource.spi.IllegalStateException("the managed connection is "
                    + (destroyed ? "destroyed" : "broken"));
        }
        ConnectionRequest asked = factory.credentials(subject, info);
        if (!asked.equals(credentials)) {
            throw new SecurityException("this managed connection belongs to user " + credentials.user()
                    + ", not " + asked.user() + "; re-authentication is not supported");
        }
        ConnectionHandle handle = new ConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof ConnectionHandle handle)) {
            throw new ResourceException("not a Partita connection handle: " + connection);
        }
        handle.associate(this);
        handles.add(handle);
    }

    @Override
    public void cleanup() throws ResourceException {
        List<ConnectionHandle> open = new ArrayList<>(handles);
        handles.clear();
        for (ConnectionHandle h : open) {
            h.invalidate();
        }
        Session s;
        Connection c;
        synchronized (lock) {
            localTransaction = false;
            xaActive = false;
            s = session;
            session = null;
            c = connection;
        }
        try {
            if (s != null) {
                s.close();
            }
            if (c != null && !broken) {
                c.stop();
            }
        } catch (JMSException e) {
            fail(e);
            throw new ResourceAdapterInternalException("cleaning up the Partita connection failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void destroy() throws ResourceException {
        if (destroyed) {
            return;
        }
        try {
            cleanup();
        } catch (ResourceException ignored) {
            // closing below is what matters
        }
        destroyed = true;
        Connection c;
        synchronized (lock) {
            c = connection;
            connection = null;
            xaConnection = null;
            xaSession = null;
        }
        if (c != null) {
            try {
                c.close();
            } catch (JMSException e) {
                throw new ResourceAdapterInternalException("closing the Partita connection failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    /**
     * The transaction manager's view of this connection. Nothing is opened here: the connection
     * and its XA session are opened by the first XA call, so a server that gathers resources for
     * recovery is not held up by a broker that is down.
     */
    @Override
    public XAResource getXAResource() throws ResourceException {
        synchronized (lock) {
            if (xaResource == null) {
                if (connection != null && xaConnection == null) {
                    throw new jakarta.resource.NotSupportedException(
                            "this managed connection was opened without XA; the pool cannot enlist it now");
                }
                xaResource = new ManagedXAResource(this);
            }
            return xaResource;
        }
    }

    /**
     * The provider's XA resource of this connection's XA session, opened on first need.
     *
     * @throws XAException {@code XAER_RMFAIL} when the connection or session cannot be opened
     */
    XAResource providerXaResource() throws XAException {
        synchronized (lock) {
            if (xaSession == null) {
                try {
                    open(true);
                    xaSession = xaConnection.createXASession();
                } catch (JMSException | RuntimeException e) {
                    throw DelegatingXAResource.unreachable("cannot open an XA session", e);
                }
            }
            return xaSession.getXAResource();
        }
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        return new ManagedLocalTransaction(this);
    }

    @Override
    public ManagedConnectionMetaData getMetaData() throws ResourceException {
        String user = credentials.user();
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "Partita";
            }

            @Override
            public String getEISProductVersion() {
                String v = PartitaManagedConnection.class.getPackage().getImplementationVersion();
                return v == null ? "unknown" : v;
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return user;
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    static PasswordCredential credential(Subject subject, PartitaManagedConnectionFactory factory) {
        if (subject == null) {
            return null;
        }
        for (PasswordCredential pc : subject.getPrivateCredentials(PasswordCredential.class)) {
            if (factory.equals(pc.getManagedConnectionFactory())) {
                return pc;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "PartitaManagedConnection[" + factory.effectiveBrokerUrl() + ", user=" + credentials.user()
                + (broken ? ", broken" : "") + (destroyed ? ", destroyed" : "") + "]";
    }
}
