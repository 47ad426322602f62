package io.partita.samples.standalone;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

import java.time.Duration;
import java.util.Hashtable;
import java.util.UUID;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * What every step of the sample works with: the connection factory and destinations looked up
 * through JNDI ({@code jndi.properties} on the class path, read by Partita's
 * {@code PartitaInitialContextFactory}), the id of this run and how long a step waits for a message.
 *
 * <p>Every message a step sends carries the run id as the string property {@value #RUN_PROPERTY},
 * and every consumer selects on it ({@link #runSelector()}), so messages an interrupted earlier
 * run left on the broker never mix into this run's results. Immutable; the JMS objects it holds
 * (factory and destinations) are thread-safe.
 */
public final class SampleEnvironment {
    /** JNDI names, as bound by {@code jndi.properties}. */
    public static final String CONNECTION_FACTORY = "ConnectionFactory";
    public static final String ORDERS = "jms/orders";
    public static final String REQUESTS = "jms/requests";
    public static final String PRICES = "jms/prices";
    /** The message property holding the run id. */
    public static final String RUN_PROPERTY = "run";

    private final ConnectionFactory factory;
    private final Queue orders;
    private final Queue requests;
    private final Topic prices;
    private final String runId;
    private final Duration receiveTimeout;

    private SampleEnvironment(ConnectionFactory factory, Queue orders, Queue requests, Topic prices, String runId,
            Duration receiveTimeout) {
        this.factory = factory;
        this.orders = orders;
        this.requests = requests;
        this.prices = prices;
        this.runId = runId;
        this.receiveTimeout = receiveTimeout;
    }

    /**
     * Looks the factory and destinations up in a new {@link InitialContext}.
     *
     * @param brokerUrl      when not null, replaces the URL of {@code connectionFactory.ConnectionFactory}
     *                       from {@code jndi.properties} (the environment given to the context wins)
     * @param receiveTimeout how long a step waits for each message it expects
     * @throws NamingException when a name is not bound or the broker URL is malformed (the message names it)
     */
    public static SampleEnvironment lookUp(String brokerUrl, Duration receiveTimeout) throws NamingException {
        Hashtable<String, Object> environment = new Hashtable<>();
        if (brokerUrl != null) {
            environment.put("connectionFactory." + CONNECTION_FACTORY, brokerUrl);
        }
        Context context = new InitialContext(environment);
        try {
            return new SampleEnvironment(
                    (ConnectionFactory) context.lookup(CONNECTION_FACTORY),
                    (Queue) context.lookup(ORDERS),
                    (Queue) context.lookup(REQUESTS),
                    (Topic) context.lookup(PRICES),
                    UUID.randomUUID().toString().substring(0, 8),
                    receiveTimeout);
        } finally {
            context.close();
        }
    }

    public ConnectionFactory factory() {
        return factory;
    }

    public Queue orders() {
        return orders;
    }

    public Queue requests() {
        return requests;
    }

    public Topic prices() {
        return prices;
    }

    public String runId() {
        return runId;
    }

    public Duration receiveTimeout() {
        return receiveTimeout;
    }

    /** {@code run = '<run id>'}: the selector every consumer of the sample uses. */
    public String runSelector() {
        return RUN_PROPERTY + " = '" + runId + "'";
    }
}
