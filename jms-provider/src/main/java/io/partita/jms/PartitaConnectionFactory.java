package io.partita.jms;

import io.partita.jms.exceptions.JmsExceptionSupport;
import io.partita.jms.jndi.PartitaObjectFactory;
import io.partita.client.embedded.EmbeddedBrokerProvider;
import io.partita.jms.provider.ClientProvider;
import io.partita.jms.provider.ClientSettings;
import io.partita.jms.provider.HandleClosingProvider;
import io.partita.jms.provider.Provider;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
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
 * <p>{@code createConnection()} uses the URL's {@code user} and {@code password} (anonymous
 * access without them); {@code createConnection(user, password)} overrides them. The broker
 * checks them while the connection is created: a refusal is a {@link JMSSecurityException}
 * ({@code JMSSecurityRuntimeException} from {@code createContext}). A URL with {@code clientId} gives that
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

    /**
     * Opens and starts a provider for a connection: over TCP for {@code partita://}, or over the
     * in-process broker of {@code vm://} (started on first use, see {@link BrokerUrl}).
     * Credentials are checked by the broker here, so bad ones fail the connection's creation.
     */
    Provider openProvider(BrokerUrl url, String connectionId, String user, String password) throws JMSException {
        if (user == null && password != null) {
            throw new JMSSecurityException("a password is given without a user name");
        }
        if (user != null && password == null) {
            throw new JMSSecurityException("user '" + user + "' is given without a password");
        }
        AutoCloseable vmBroker = null;
        String bootstrap = url.bootstrapServers();
        if (url.isVm()) {
            EmbeddedBrokerProvider.Handle handle = VmBrokers.open(url);
            vmBroker = handle;
            bootstrap = handle.bootstrapServers();
        }
        Provider provider;
        try {
            provider = new ClientProvider(new ClientSettings(bootstrap, "partita-jms-" + connectionId,
                    REQUEST_TIMEOUT_MS, url.prefetch(), ClientProvider.DEFAULT_LIVENESS_CHECK_MS, user, password,
                    url.reconnect(), url.transactionTimeoutMs()));
            if (vmBroker != null) {
                provider = new HandleClosingProvider(provider, vmBroker);
            }
        } catch (RuntimeException e) {
            closeQuietly(vmBroker);
            throw JmsExceptionSupport.create(e);
        }
        try {
            provider.start();
            if (url.clientId() != null) {
                // The administratively configured id is checked like one set by the application.
                provider.claimClientId(url.clientId());
            }
        } catch (RuntimeException e) {
            provider.close();
            throw JmsExceptionSupport.create(e);
        }
        return provider;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing
            }
        }
    }

    /**
     * Releases the hold that a {@code vm://name?stay=true} URL put on the in-process broker
     * {@code name}: it stops once its last connection closes too.
     *
     * @return whether the broker was held
     */
    public static boolean stopVmBroker(String name) {
        return VmBrokers.stop(name);
    }

    /**
     * Connects with the given credentials. A null or empty user name connects anonymously, whatever
     * the password: application servers pass empty strings for credentials nobody configured.
     */
    private PartitaConnection connect(String user, String password) throws JMSException {
        if (user == null || user.isEmpty()) {
            user = null;
            password = null;
        }
        BrokerUrl url = url();
        String connectionId = UUID.randomUUID().toString();
        Provider provider = openProvider(url, connectionId, user, password);
        return new PartitaConnection(provider, connectionId, url.clientId(), url.reconnect());
    }

    /** Connects with the URL's {@code user} and {@code password}, or anonymously without them. */
    @Override
    public Connection createConnection() throws JMSException {
        BrokerUrl url = url();
        return connect(url.user(), url.password());
    }

    /**
     * Connects as {@code userName}, whatever the URL says; a null user name connects anonymously.
     *
     * @throws JMSSecurityException if the broker refuses the credentials
     */
    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return connect(userName, password);
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

    // ---- XA: connections whose XA sessions take part in XA branches on the broker

    /** As {@link #connect}: a null or empty user name connects anonymously, whatever the password. */
    private PartitaXAConnection connectXa(String user, String password) throws JMSException {
        if (user == null || user.isEmpty()) {
            user = null;
            password = null;
        }
        BrokerUrl url = url();
        String connectionId = UUID.randomUUID().toString();
        Provider provider = openProvider(url, connectionId, user, password);
        return new PartitaXAConnection(provider, connectionId, url.clientId(), url.reconnect());
    }

    @Override
    public XAConnection createXAConnection() throws JMSException {
        BrokerUrl url = url();
        return connectXa(url.user(), url.password());
    }

    @Override
    public XAConnection createXAConnection(String userName, String password) throws JMSException {
        return connectXa(userName, password);
    }

    @Override
    public XAQueueConnection createXAQueueConnection() throws JMSException {
        return (XAQueueConnection) createXAConnection();
    }

    @Override
    public XAQueueConnection createXAQueueConnection(String userName, String password) throws JMSException {
        return (XAQueueConnection) createXAConnection(userName, password);
    }

    @Override
    public XATopicConnection createXATopicConnection() throws JMSException {
        return (XATopicConnection) createXAConnection();
    }

    @Override
    public XATopicConnection createXATopicConnection(String userName, String password) throws JMSException {
        return (XATopicConnection) createXAConnection(userName, password);
    }

    @Override
    public XAJMSContext createXAContext() {
        try {
            return new PartitaXAJMSContext((PartitaXAConnection) createXAConnection());
        } catch (JMSException e) {
            throw JmsExceptionSupport.toRuntime(e);
        }
    }

    @Override
    public XAJMSContext createXAContext(String userName, String password) {
        try {
            return new PartitaXAJMSContext((PartitaXAConnection) createXAConnection(userName, password));
        } catch (JMSException e) {
            throw JmsExceptionSupport.toRuntime(e);
        }
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
