package io.partita.ra.outbound;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
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
 * <p>{@code createContext} is not offered yet (a {@link JMSRuntimeException} says so); use the
 * classic API. Thread-safe.
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

    private static JMSRuntimeException noContext() {
        return new JMSRuntimeException("JMSContext is not offered by the Partita resource adapter yet; "
                + "use createConnection() and a Session");
    }

    @Override
    public JMSContext createContext() {
        throw noContext();
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        throw noContext();
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        throw noContext();
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        throw noContext();
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
