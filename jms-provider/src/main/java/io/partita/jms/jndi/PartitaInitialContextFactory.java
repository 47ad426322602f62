package io.partita.jms.jndi;

import io.partita.jms.PartitaConnectionFactory;
import io.partita.jms.PartitaQueue;
import io.partita.jms.PartitaTopic;

import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

/**
 * A JNDI initial context of Partita objects, configured by the environment (which
 * {@code new InitialContext()} fills from system properties and every {@code jndi.properties}
 * on the class path, as JNDI always does):
 * <pre>
 * java.naming.factory.initial = io.partita.jms.jndi.PartitaInitialContextFactory
 * connectionFactory.&lt;jndiName&gt; = partita://host:port?clientId=...   (a PartitaConnectionFactory)
 * queue.&lt;jndiName&gt; = &lt;physical name&gt;                               (a PartitaQueue)
 * topic.&lt;jndiName&gt; = &lt;physical name&gt;                               (a PartitaTopic)
 * </pre>
 * When {@code java.naming.provider.url} is set and no {@code connectionFactory.ConnectionFactory}
 * is, a factory for that URL is bound as {@code ConnectionFactory}.
 *
 * <p>The context is read-only. A bad URL or destination name fails {@code new InitialContext()}
 * with a {@link ConfigurationException} naming the entry. Thread-safe.
 */
public final class PartitaInitialContextFactory implements InitialContextFactory {
    public static final String CONNECTION_FACTORY_PREFIX = "connectionFactory.";
    public static final String QUEUE_PREFIX = "queue.";
    public static final String TOPIC_PREFIX = "topic.";
    /** The name a factory for {@code java.naming.provider.url} is bound under. */
    public static final String DEFAULT_CONNECTION_FACTORY = "ConnectionFactory";

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Map<String, Object> bindings = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : environment.entrySet()) {
            if (!(e.getKey() instanceof String key) || e.getValue() == null) {
                continue;
            }
            String value = e.getValue().toString().trim();
            if (key.startsWith(CONNECTION_FACTORY_PREFIX)) {
                bind(bindings, key, CONNECTION_FACTORY_PREFIX, value, () -> new PartitaConnectionFactory(value));
            } else if (key.startsWith(QUEUE_PREFIX)) {
                bind(bindings, key, QUEUE_PREFIX, value, () -> new PartitaQueue(value));
            } else if (key.startsWith(TOPIC_PREFIX)) {
                bind(bindings, key, TOPIC_PREFIX, value, () -> new PartitaTopic(value));
            }
        }
        Object providerUrl = environment.get(Context.PROVIDER_URL);
        if (providerUrl != null && !bindings.containsKey(DEFAULT_CONNECTION_FACTORY)) {
            String url = providerUrl.toString().trim();
            bind(bindings, Context.PROVIDER_URL, "", url, () -> new PartitaConnectionFactory(url));
            bindings.put(DEFAULT_CONNECTION_FACTORY, bindings.remove(Context.PROVIDER_URL));
        }
        return new ReadOnlyContext(bindings, environment);
    }

    @FunctionalInterface
    private interface Maker {
        Object make();
    }

    private static void bind(Map<String, Object> bindings, String key, String prefix, String value, Maker maker)
            throws ConfigurationException {
        String name = key.substring(prefix.length());
        if (name.isEmpty()) {
            throw new ConfigurationException("JNDI entry '" + key + "' has no name after '" + prefix + "'");
        }
        try {
            bindings.put(name, maker.make());
        } catch (IllegalArgumentException e) {
            ConfigurationException ce = new ConfigurationException("JNDI entry '" + key + "=" + value + "': "
                    + e.getMessage());
            ce.setRootCause(e);
            throw ce;
        }
    }
}
