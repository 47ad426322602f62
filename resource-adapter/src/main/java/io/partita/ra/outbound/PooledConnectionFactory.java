package io.partita.ra.outbound;

import io.partita.jms.PartitaConnectionFactory;
import io.partita.jms.PartitaJMSContext;
import io.partita.jms.exceptions.JmsExceptionSupport;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Session;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import java.io.Serializable;
import javax.naming.Reference;

/**
 * The connection factory applications look up or have injected in a server: every connection it
 * creates is a {@link ConnectionHandle} on a pooled {@link PartitaManagedConnection}, allocated
 * through the server's {@link ConnectionManager} (which enlists it in the current transaction).
 * One class serves the three connection definitions.
 *
 * <p>{@code createContext} gives a {@link PartitaJMSContext} over such a handle and its one
 * session, with the container's rules ({@link ContainerContextRules}): closing the context gives
 * the managed connection back to the pool. Thread-safe.
 */
public final class PooledConnectionFactory implements ConnectionFactory, QueueConnectionFactory,
        TopicConnectionFactory, Serializable, Referenceable {
    private static final long serialVersionUID = 1L;

    private final PartitaManagedConnectionFactory factory;
    private final transient ConnectionManager manager;
    private Reference reference;

    PooledConnectionFactory(PartitaManagedConnectionFactory factory, ConnectionManager manager) {
        this.factory = factory;
        this.manager = manager;
    }

    private ConnectionHandle allocate(ConnectionRequest request) throws JMSException {
        try {
            return (ConnectionHandle) manager.allocateConnection(factory, request);
        } catch (ResourceException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JMSException j) {
                throw j;
            }
            JMSException j = new JMSException("cannot get a Partita connection from the pool: " + e.getMessage());
            j.setLinkedException(e);
            j.initCause(e);
            throw j;
        }
    }

    /**
     * The unpooled provider factory with the same broker URL and client id, for components
     * (message-driven bean activations) that need a connection of their own rather than a pooled one.
     */
    public PartitaConnectionFactory unpooledFactory() {
        return factory.physicalFactory();
    }

    @Override
    public Connection createConnection() throws JMSException {
        return allocate(ConnectionRequest.DEFAULT);
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return allocate(new ConnectionRequest(userName, password));
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return allocate(ConnectionRequest.DEFAULT);
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return allocate(new ConnectionRequest(userName, password));
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return allocate(ConnectionRequest.DEFAULT);
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return allocate(new ConnectionRequest(userName, password));
    }

    /**
     * A context over a pooled connection: the handle is allocated as {@code createConnection} does
     * (so pooled, and enlisted when there is a transaction), its one session opened at once (so a
     * session mode refused outside a transaction fails here), and both are closed with the context,
     * which gives the managed connection back to the pool.
     */
    private JMSContext context(ConnectionRequest request, int sessionMode) {
        ConnectionHandle connection;
        try {
            connection = allocate(request);
        } catch (JMSException e) {
            throw JmsExceptionSupport.toRuntime(e);
        }
        try {
            Session session = connection.createSession(sessionMode);
            return PartitaJMSContext.over(connection, session, true, true, ContainerContextRules.INSTANCE);
        } catch (JMSException | RuntimeException e) {
            try {
                connection.close();
            } catch (JMSException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof JMSException j ? JmsExceptionSupport.toRuntime(j) : (RuntimeException) e;
        }
    }

    /**
     * A context in {@code AUTO_ACKNOWLEDGE} mode, or part of the server's transaction when there is
     * one.
     */
    @Override
    public JMSContext createContext() {
        return context(ConnectionRequest.DEFAULT, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return context(new ConnectionRequest(userName, password), JMSContext.AUTO_ACKNOWLEDGE);
    }

    /**
     * A context with the given credentials; see {@link #createContext(int)} for the mode.
     */
    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return context(new ConnectionRequest(userName, password), sessionMode);
    }

    /**
     * A context on a pooled connection. Inside a transaction the server manages, {@code sessionMode}
     * is ignored and the context's work belongs to the transaction; outside one it must be
     * {@code AUTO_ACKNOWLEDGE} or {@code DUPS_OK_ACKNOWLEDGE} ({@code SESSION_TRANSACTED} and
     * {@code CLIENT_ACKNOWLEDGE} may not be used in a Jakarta EE web or EJB container).
     *
     * @throws JMSRuntimeException if the mode may not be used, or no connection can be had
     */
    @Override
    public JMSContext createContext(int sessionMode) {
        return context(ConnectionRequest.DEFAULT, sessionMode);
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
