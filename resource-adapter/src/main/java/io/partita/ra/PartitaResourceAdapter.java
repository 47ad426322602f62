package io.partita.ra;

import io.partita.jms.BrokerUrl;
import io.partita.ra.inbound.Activation;
import io.partita.ra.inbound.PartitaActivationSpec;
import io.partita.ra.outbound.RecoveryXAResource;
import jakarta.jms.JMSException;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.transaction.xa.XAResource;

/**
 * The Partita resource adapter: its configuration (broker URL, user, password: the defaults of
 * every connection factory and activation), its lifecycle, and the registry of message-driven
 * bean activations. Everything else lives in {@code outbound} (pooled connection factories),
 * {@code inbound} (activations) and {@code admin} (administered destinations).
 *
 * <p>Configured by the server through the setters before {@link #start}; the registry is
 * concurrent, so activation and deactivation may come from any thread.
 */
public class PartitaResourceAdapter implements ResourceAdapter, Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitaResourceAdapter.class);

    /** The broker URL when none is configured. */
    public static final String DEFAULT_BROKER_URL = "partita://localhost:9700";

    /** An activation is keyed by its bean (endpoint factory) and spec, as endpointDeactivation names them. */
    private record Key(MessageEndpointFactory factory, ActivationSpec spec) {
    }

    private volatile String brokerURL = DEFAULT_BROKER_URL;
    private volatile String userName;
    private volatile String password;
    private transient volatile BootstrapContext context;
    private final transient Map<Key, Activation> activations = new ConcurrentHashMap<>();
    private final transient List<RecoveryXAResource> recoveryResources = new ArrayList<>();

    public String getBrokerURL() {
        return brokerURL;
    }

    /** @throws IllegalArgumentException naming what is wrong with a malformed URL */
    public void setBrokerURL(String brokerURL) {
        String url = brokerURL == null || brokerURL.isBlank() ? DEFAULT_BROKER_URL : brokerURL.trim();
        BrokerUrl.parse(url);
        this.brokerURL = url;
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName == null || userName.isBlank() ? null : userName;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    @Override
    public void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
        this.context = ctx;
        LOG.info("PRA001 Partita resource adapter started for {}", brokerURL);
    }

    @Override
    public void stop() {
        for (Key key : List.copyOf(activations.keySet())) {
            Activation a = activations.remove(key);
            if (a != null) {
                a.stop();
            }
        }
        closeRecoveryResources();
        context = null;
        LOG.info("PRA002 Partita resource adapter stopped");
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof PartitaActivationSpec p)) {
            throw new NotSupportedException("not a Partita activation spec: " + spec);
        }
        BootstrapContext ctx = context;
        if (ctx == null) {
            throw new jakarta.resource.spi.IllegalStateException("the Partita resource adapter is not started");
        }
        p.validate();
        Activation activation = new Activation(factory, p, ctx.getWorkManager(), new Activation.Defaults() {
            @Override
            public String brokerUrl() {
                return brokerURL;
            }

            @Override
            public String userName() {
                return userName;
            }

            @Override
            public String password() {
                return password;
            }
        });
        Key key = new Key(factory, spec);
        if (activations.putIfAbsent(key, activation) != null) {
            throw new jakarta.resource.spi.IllegalStateException("this endpoint is already active for " + spec);
        }
        try {
            activation.start();
        } catch (ResourceException | RuntimeException e) {
            activations.remove(key);
            throw e;
        }
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        Activation a = activations.remove(new Key(factory, spec));
        if (a != null) {
            a.stop();
        }
    }

    /**
     * Equal to another adapter of the same class with the same configuration (broker URL, user,
     * password), as Jakarta Connectors requires of a resource adapter JavaBean.
     */
    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Objects.equals(brokerURL, ((PartitaResourceAdapter) o).brokerURL)
                && Objects.equals(userName, ((PartitaResourceAdapter) o).userName)
                && Objects.equals(password, ((PartitaResourceAdapter) o).password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(brokerURL, userName, password);
    }

    /** The number of active endpoints. */
    public int activationCount() {
        return activations.size();
    }

    /**
     * One {@link XAResource} per spec, for the transaction manager's recovery after a crash, to
     * the spec's broker URL (the adapter's when the spec has none; a spec that names its broker
     * only through {@code connectionFactoryLookup} gets the adapter's URL, since the look-up may not
     * be possible on the recovery thread). Each resource connects on its first call
     * ({@link RecoveryXAResource}), so this returns at once; the resources of the previous call are
     * closed first.
     */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) throws ResourceException {
        closeRecoveryResources();
        List<RecoveryXAResource> resources = new ArrayList<>();
        for (ActivationSpec s : specs) {
            if (!(s instanceof PartitaActivationSpec p)) {
                continue;
            }
            String user = p.getUserName() != null ? p.getUserName() : userName;
            String pass = p.getUserName() != null ? p.getPassword() : password;
            resources.add(new RecoveryXAResource(p.getBrokerURL() != null ? p.getBrokerURL() : brokerURL, user, pass));
        }
        synchronized (recoveryResources) {
            recoveryResources.addAll(resources);
        }
        LOG.info("PRA004 {} recovery XAResource(s) for {} activation spec(s)", resources.size(), specs.length);
        return resources.toArray(new XAResource[0]);
    }

    private void closeRecoveryResources() {
        List<RecoveryXAResource> old;
        synchronized (recoveryResources) {
            old = new ArrayList<>(recoveryResources);
            recoveryResources.clear();
        }
        for (RecoveryXAResource r : old) {
            try {
                r.close();
            } catch (JMSException | RuntimeException e) {
                LOG.debug("closing a recovery connection failed", e);
            }
        }
    }
}
