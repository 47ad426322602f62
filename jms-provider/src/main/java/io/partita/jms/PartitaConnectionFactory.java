package io.partita.jms;

import io.partita.jms.exceptions.JmsExceptionSupport;
import io.partita.jms.jndi.PartitaObjectFactory;
import io.partita.jms.provider.ClientProvider;
import io.partita.jms.provider.Provider;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicConnectionFactory;

import java.io.Serializable;
import java.util.UUID;
import javax.naming.NamingException;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;

/**
 * The Partita connection factory: one class for every connection factory interface of Jakarta
 * Messaging (plain, queue, topic and their XA forms). It is configured by a broker URL
 * ({@link BrokerUrl}: {@code partita://host:port[,host:port...]?options} or
 * {@code vm://name?dataDir=...}), given to the constructor or to {@link #setBrokerURL} (the
 * no-argument constructor and the setter are for containers and bean-style configuration).
 *
 * <p>{@code createConnection()} uses the URL's {@code user} and {@code password};
 * {@code createConnection(user, password)} overrides them. A URL with {@code clientId} gives that
 * client id to every connection, which then cannot change it.
 *
 * <p>Serializable and {@link Referenceable}: the reference holds the URL and is resolved by
 * {@link PartitaObjectFactory}. Thread-safe once configured; connections it creates are
 * independent of it.
 */
public class PartitaConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory,
        XAConnectionFactory, XAQueueConnectionFactory, XATopicConnectionFactory, Serializable, Referenceable {
    private static final long serialVersionUID = 1L;

    /** Reference address holding the broker URL. */
    public static final String REF_URL = "brokerURL";

    /** How long connecting, and each request to the broker, may take. */
    static final long REQUEST_TIMEOUT_MS = 30_000;

    private volatile String brokerUrlText;
    private transient volatile BrokerUrl brokerUrl;

    /** A factory to be configured with {@link #setBrokerURL} before use. */
    public PartitaConnectionFactory() {
    }

    /**
     * @throws IllegalArgumentException if the URL is malformed, naming what is wrong
     */
    public PartitaConnectionFactory(String brokerUrl) {
        setBrokerURL(brokerUrl);
    }

    /**
     * Sets the broker URL.
     *
     * @throws IllegalArgumentException if the URL is malformed, naming what is wrong
     */
    public final void setBrokerURL(String url) {
        BrokerUrl parsed = BrokerUrl.parse(url);
        this.brokerUrl = parsed;
        this.brokerUrlText = parsed.text();
    }

    /** The broker URL, or null when none is set. */
    public String getBrokerURL() {
        return brokerUrlText;
    }

    private BrokerUrl url() throws JMSException {
        BrokerUrl u = brokerUrl;
        if (u == null) {
            String text = brokerUrlText;
            if (text == null) {
                throw new jakarta.jms.IllegalStateException("connection factory has no broker URL; call setBrokerURL");
            }
            u = BrokerUrl.parse(text);
            brokerUrl = u;
        }
        return u;
    }

    /** Opens a provider for a connection; the {@code vm://} transport joins later. */
    Provider openProvider(BrokerUrl url, String connectionId) throws JMSException {
        if (url.isVm()) {
            throw new JMSException("the in-process broker of " + url + " is not available yet; use partita://host:port");
        }
        Provider provider = new ClientProvider(url.bootstrapServers(), "partita-jms-" + connectionId,
                REQUEST_TIMEOUT_MS, url.prefetch(), ClientProvider.DEFAULT_LIVENESS_CHECK_MS);
        try {
            provider.start();
        } catch (RuntimeException e) {
            provider.close();
            throw JmsExceptionSupport.create(e);
        }
        return provider;
    }

    /**
     * Connects. Credentials (the URL's {@code user} and {@code password}, or those given to
     * {@code createConnection(user, password)}) are accepted but not yet checked: the broker does
     * not authenticate yet.
     */
    private PartitaConnection connect() throws JMSException {
        BrokerUrl url = url();
        String connectionId = UUID.randomUUID().toString();
        Provider provider = openProvider(url, connectionId);
        return new PartitaConnection(provider, connectionId, url.clientId());
    }

    @Override
    public Connection createConnection() throws JMSException {
        return connect();
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return connect();
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return (QueueConnection) createConnection();
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return (QueueConnection) createConnection(userName, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return (TopicConnection) createConnection();
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return (TopicConnection) createConnection(userName, password);
    }

    @Override
    public JMSContext createContext() {
        return createContext(JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        try {
            PartitaJMSContext.checkSessionMode(sessionMode);
            return new PartitaJMSContext((PartitaConnection) createConnection(), sessionMode);
        } catch (JMSException e) {
            throw JmsExceptionSupport.toRuntime(e);
        }
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return createContext(userName, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        try {
            PartitaJMSContext.checkSessionMode(sessionMode);
            return new PartitaJMSContext((PartitaConnection) createConnection(userName, password), sessionMode);
        } catch (JMSException e) {
            throw JmsExceptionSupport.toRuntime(e);
        }
    }

    // ---- XA: distributed transactions come with the broker's transaction coordinator.

    private static JMSException xaUnavailable() {
        return new JMSException("XA connections are not available yet: they need the broker's transaction coordinator");
    }

    @Override
    public XAConnection createXAConnection() throws JMSException {
        throw xaUnavailable();
    }

    @Override
    public XAConnection createXAConnection(String userName, String password) throws JMSException {
        throw xaUnavailable();
    }

    @Override
    public XAQueueConnection createXAQueueConnection() throws JMSException {
        throw xaUnavailable();
    }

    @Override
    public XAQueueConnection createXAQueueConnection(String userName, String password) throws JMSException {
        throw xaUnavailable();
    }

    @Override
    public XATopicConnection createXATopicConnection() throws JMSException {
        throw xaUnavailable();
    }

    @Override
    public XATopicConnection createXATopicConnection(String userName, String password) throws JMSException {
        throw xaUnavailable();
    }

    @Override
    public XAJMSContext createXAContext() {
        throw JmsExceptionSupport.toRuntime(xaUnavailable());
    }

    @Override
    public XAJMSContext createXAContext(String userName, String password) {
        throw JmsExceptionSupport.toRuntime(xaUnavailable());
    }

    @Override
    public Reference getReference() throws NamingException {
        Reference ref = new Reference(PartitaConnectionFactory.class.getName(), PartitaObjectFactory.class.getName(),
                null);
        if (brokerUrlText != null) {
            ref.add(new StringRefAddr(REF_URL, brokerUrlText));
        }
        return ref;
    }

    @Override
    public String toString() {
        BrokerUrl u = brokerUrl;
        return "PartitaConnectionFactory[" + (u != null ? u : brokerUrlText) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitaConnectionFactory f && java.util.Objects.equals(f.brokerUrlText, brokerUrlText);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(brokerUrlText);
    }
}
