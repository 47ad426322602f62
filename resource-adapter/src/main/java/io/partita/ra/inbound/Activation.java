package io.partita.ra.inbound;

import io.partita.jms.PartitaConnectionFactory;
import io.partita.jms.PartitaQueue;
import io.partita.jms.PartitaTopic;
import io.partita.ra.outbound.PooledConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * One message-driven bean's activation: a connection of its own, {@code maxSession}
 * {@link DeliverySession}s on it, and the set-up / reconnect logic. Set-up runs as
 * {@link ActivationWork} on the server's {@link WorkManager}; when it fails, or when the
 * provider reports the connection lost, everything is closed and set-up is tried again every
 * {@code reconnectInterval} ms, up to {@code maxReconnectAttempts} times (-1: for ever), until
 * {@link #stop()}.
 *
 * <p>Thread-safe: state changes happen under one lock; {@link #stop()} waits for nothing but the
 * closing of the sessions (which waits for running deliveries).
 */
public final class Activation {
    private static final Logger LOG = LoggerFactory.getLogger(Activation.class);

    /** Where an activation's broker settings come from when the spec names no connection factory. */
    public interface Defaults {
        String brokerUrl();

        String userName();

        String password();
    }

    private final MessageEndpointFactory endpointFactory;
    private final PartitaActivationSpec spec;
    private final WorkManager workManager;
    private final Defaults defaults;
    private final Object lock = new Object();
    private final List<DeliverySession> sessions = new ArrayList<>();
    private Connection connection;
    /** Resolved by {@link #start()} on the activating thread when its JNDI context allows; else at set-up. */
    private volatile PartitaConnectionFactory resolvedFactory;
    private volatile Destination resolvedDestination;
    private boolean stopped;
    private boolean connecting;
    private int generation;

    public Activation(MessageEndpointFactory endpointFactory, PartitaActivationSpec spec, WorkManager workManager,
            Defaults defaults) {
        this.endpointFactory = endpointFactory;
        this.spec = spec;
        this.workManager = workManager;
        this.defaults = defaults;
    }

    /**
     * Resolves the spec's JNDI names on the calling thread (the server's activating thread, which
     * sees the application's {@code java:app} and {@code java:module} names; work threads may
     * not), then schedules the set-up on the work manager and returns. A name that cannot be
     * resolved now is looked up again at each set-up attempt.
     */
    public void start() throws ResourceException {
        try {
            resolvedFactory = connectionFactory();
        } catch (NamingException | RuntimeException e) {
            LOG.debug("{}: connectionFactoryLookup not resolved at activation, will retry at set-up", spec, e);
        }
        try {
            resolvedDestination = destination();
        } catch (NamingException | RuntimeException e) {
            LOG.debug("{}: destinationLookup not resolved at activation, will retry at set-up", spec, e);
        }
        schedule(false);
    }

    /** Whether deliveries are set up (for tests and monitoring). */
    public boolean isConnected() {
        synchronized (lock) {
            return connection != null && !connecting;
        }
    }

    private void schedule(boolean afterFailure) throws WorkException {
        synchronized (lock) {
            if (stopped || connecting) {
                return;
            }
            connecting = true;
        }
        workManager.scheduleWork(new ActivationWork(() -> connectLoop(afterFailure), this::wakeUp));
    }

    private void wakeUp() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void connectLoop(boolean afterFailure) {
        int attempts = 0;
        int max = spec.getMaxReconnectAttempts();
        boolean wait = afterFailure;
        while (true) {
            synchronized (lock) {
                if (wait) {
                    long deadline = System.nanoTime() + spec.getReconnectInterval() * 1_000_000L;
                    long left;
                    while (!stopped && (left = deadline - System.nanoTime()) > 0) {
                        try {
                            lock.wait(Math.max(1, left / 1_000_000L));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            connecting = false;
                            return;
                        }
                    }
                }
                if (stopped) {
                    connecting = false;
                    return;
                }
            }
            attempts++;
            try {
                connect();
                LOG.info("PRA101 {} delivering with {} session(s)", spec, spec.getMaxSession());
                return;
            } catch (Exception e) {
                tearDown();
                if (max >= 0 && attempts > max) {
                    LOG.error("PRA102 {} could not be set up after {} attempt(s); giving up: {}", spec, attempts,
                            e.toString());
                    synchronized (lock) {
                        connecting = false;
                    }
                    return;
                }
                LOG.warn("PRA103 {} could not be set up (attempt {}), trying again in {} ms: {}", spec, attempts,
                        spec.getReconnectInterval(), e.toString());
                wait = true;
            }
        }
    }

    private void connect() throws JMSException, ResourceException, NamingException, NoSuchMethodException {
        boolean transacted = endpointFactory.isDeliveryTransacted(DeliverySession.ON_MESSAGE);
        PartitaConnectionFactory cf = resolvedFactory != null ? resolvedFactory : connectionFactory();
        String user = spec.getUserName() != null ? spec.getUserName() : defaults.userName();
        String password = spec.getUserName() != null ? spec.getPassword() : defaults.password();
        Connection c = transacted ? cf.createXAConnection(user, password) : cf.createConnection(user, password);
        int gen;
        synchronized (lock) {
            connection = c;
            gen = ++generation;
            if (stopped) {
                throw new JMSException("the activation was stopped");
            }
        }
        if (spec.getClientId() != null) {
            c.setClientID(spec.getClientId());
        }
        c.setExceptionListener(e -> onConnectionFailure(gen, e));
        Destination destination = resolvedDestination != null ? resolvedDestination : destination();
        for (int i = 0; i < spec.getMaxSession(); i++) {
            DeliverySession s = new DeliverySession(spec, transacted);
            synchronized (lock) {
                sessions.add(s);
            }
            s.open(c, destination, endpointFactory);
        }
        c.start();
        synchronized (lock) {
            connecting = false;
        }
    }

    private PartitaConnectionFactory connectionFactory() throws NamingException {
        String lookup = spec.getConnectionFactoryLookup();
        if (lookup == null) {
            return new PartitaConnectionFactory(spec.getBrokerURL() != null ? spec.getBrokerURL() : defaults.brokerUrl());
        }
        Object o = new InitialContext().lookup(lookup);
        if (o instanceof PooledConnectionFactory pooled) {
            return pooled.unpooledFactory();
        }
        if (o instanceof PartitaConnectionFactory direct) {
            return direct;
        }
        throw new NamingException("connectionFactoryLookup " + lookup + " is a " + o.getClass().getName()
                + ", not a Partita connection factory");
    }

    private Destination destination() throws NamingException {
        if (spec.getDestinationLookup() != null) {
            Object o = new InitialContext().lookup(spec.getDestinationLookup());
            if (!(o instanceof Destination d)) {
                throw new NamingException("destinationLookup " + spec.getDestinationLookup() + " is a "
                        + o.getClass().getName() + ", not a jakarta.jms.Destination");
            }
            return d;
        }
        return spec.isTopic() ? new PartitaTopic(spec.getDestination()) : new PartitaQueue(spec.getDestination());
    }

    private void onConnectionFailure(int gen, JMSException e) {
        synchronized (lock) {
            if (gen != generation || stopped) {
                return;
            }
        }
        LOG.warn("PRA104 {} lost its connection; reconnecting: {}", spec, e.toString());
        tearDown();
        try {
            schedule(true);
        } catch (WorkException we) {
            LOG.error("PRA105 {} cannot schedule its reconnection: {}", spec, we.toString());
        }
    }

    private void tearDown() {
        List<DeliverySession> old;
        Connection c;
        synchronized (lock) {
            old = new ArrayList<>(sessions);
            sessions.clear();
            c = connection;
            connection = null;
        }
        for (DeliverySession s : old) {
            s.close();
        }
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                LOG.debug("closing the connection of {} failed", spec, e);
            }
        }
    }

    /** Stops delivery: no new set-up starts, sessions are closed after running deliveries end. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
        tearDown();
    }
}
