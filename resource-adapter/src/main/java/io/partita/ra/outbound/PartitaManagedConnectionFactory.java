package io.partita.ra.outbound;

import io.partita.jms.BrokerUrl;
import io.partita.jms.PartitaConnectionFactory;
import io.partita.ra.PartitaResourceAdapter;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;
import jakarta.resource.spi.security.PasswordCredential;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * The managed connection factory of the {@code jakarta.jms.ConnectionFactory} connection
 * definition; {@link PartitaQueueManagedConnectionFactory} and
 * {@link PartitaTopicManagedConnectionFactory} serve the queue and topic definitions. The
 * application sees a {@link PooledConnectionFactory}; the server's pool holds
 * {@link PartitaManagedConnection}s.
 *
 * <p>Configuration properties (each optional; unset ones fall back to the resource adapter's):
 * {@code brokerURL} ({@code partita://host:port[,host:port...][?options]}), {@code userName},
 * {@code password}, and {@code clientID} (the client id of every connection from this factory,
 * needed for unshared durable subscriptions since an application in a server may not call
 * {@code setClientID}).
 *
 * <p>Credentials, first match wins: those given to {@code createConnection(user, password)}; a
 * container-managed sign-on {@link PasswordCredential} for this factory; {@code userName} and
 * {@code password}; the adapter's.
 *
 * <p>Equal when of the same class with equal properties, as pools require. Configured once by the
 * server, then read by many threads; the fields are volatile.
 */
public class PartitaManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation,
        ValidatingManagedConnectionFactory {
    private static final long serialVersionUID = 1L;

    private volatile String brokerURL;
    private volatile String userName;
    private volatile String password;
    private volatile String clientID;
    private transient volatile PartitaResourceAdapter resourceAdapter;
    private transient volatile PrintWriter logWriter;
    private transient volatile PartitaConnectionFactory physicalFactory;

    public String getBrokerURL() {
        return brokerURL;
    }

    /** @throws IllegalArgumentException naming what is wrong with a malformed URL */
    public void setBrokerURL(String brokerURL) {
        if (brokerURL != null && !brokerURL.isBlank()) {
            BrokerUrl.parse(brokerURL);
        }
        this.brokerURL = blankToNull(brokerURL);
        physicalFactory = null;
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = blankToNull(userName);
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = blankToNull(password);
    }

    public String getClientID() {
        return clientID;
    }

    public void setClientID(String clientID) {
        this.clientID = blankToNull(clientID);
        physicalFactory = null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The broker URL connections use: this factory's, else the adapter's, with {@code clientID} added. */
    String effectiveBrokerUrl() {
        String url = brokerURL;
        PartitaResourceAdapter ra = resourceAdapter;
        if (url == null && ra != null) {
            url = ra.getBrokerURL();
        }
        if (url == null) {
            url = PartitaResourceAdapter.DEFAULT_BROKER_URL;
        }
        String id = clientID;
        if (id != null) {
            url += (url.contains("?") ? "&" : "?") + BrokerUrl.CLIENT_ID + "="
                    + URLEncoder.encode(id, StandardCharsets.UTF_8);
        }
        return url;
    }

    /** The provider's connection factory physical connections come from. */
    PartitaConnectionFactory physicalFactory() {
        PartitaConnectionFactory f = physicalFactory;
        if (f == null) {
            f = new PartitaConnectionFactory(effectiveBrokerUrl());
            physicalFactory = f;
        }
        return f;
    }

    /** The credentials a connection request resolves to (see the class comment). */
    ConnectionRequest credentials(Subject subject, ConnectionRequestInfo info) {
        if (info instanceof ConnectionRequest r && r.user() != null) {
            return r;
        }
        PasswordCredential pc = PartitaManagedConnection.credential(subject, this);
        if (pc != null) {
            return new ConnectionRequest(pc.getUserName(), new String(pc.getPassword()));
        }
        if (userName != null) {
            return new ConnectionRequest(userName, password);
        }
        PartitaResourceAdapter ra = resourceAdapter;
        if (ra != null && ra.getUserName() != null) {
            return new ConnectionRequest(ra.getUserName(), ra.getPassword());
        }
        return ConnectionRequest.DEFAULT;
    }

    @Override
    public Object createConnectionFactory(ConnectionManager manager) throws ResourceException {
        return new PooledConnectionFactory(this, manager);
    }

    /** Not offered: outside a server, use {@link PartitaConnectionFactory} directly. */
    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new jakarta.resource.NotSupportedException("the Partita resource adapter needs an application server's "
                + "connection manager; outside a server use io.partita.jms.PartitaConnectionFactory");
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        if (resourceAdapter == null && brokerURL == null) {
            throw new InvalidPropertyException("brokerURL is not set and the factory is not associated with the "
                    + "Partita resource adapter");
        }
        PartitaManagedConnection mc = new PartitaManagedConnection(this, credentials(subject, info));
        mc.setLogWriter(logWriter);
        return mc;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        ConnectionRequest wanted = credentials(subject, info);
        for (Object o : candidates) {
            if (o instanceof PartitaManagedConnection mc && equals(mc.factory()) && mc.isUsable()
                    && mc.credentials().equals(wanted)) {
                return mc;
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Set getInvalidConnections(Set connections) throws ResourceException {
        Set invalid = new HashSet<>();
        for (Object o : connections) {
            if (o instanceof PartitaManagedConnection mc && !mc.isUsable()) {
                invalid.add(mc);
            }
        }
        return invalid;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (!(ra instanceof PartitaResourceAdapter p)) {
            throw new jakarta.resource.spi.IllegalStateException("not the Partita resource adapter: " + ra);
        }
        resourceAdapter = p;
        physicalFactory = null;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        PartitaManagedConnectionFactory f = (PartitaManagedConnectionFactory) o;
        return Objects.equals(brokerURL, f.brokerURL) && Objects.equals(userName, f.userName)
                && Objects.equals(password, f.password) && Objects.equals(clientID, f.clientID);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), brokerURL, userName, clientID);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[brokerURL=" + brokerURL + ", userName=" + userName + ", clientID="
                + clientID + "]";
    }
}
