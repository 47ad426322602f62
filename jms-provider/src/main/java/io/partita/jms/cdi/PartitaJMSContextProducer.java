package io.partita.jms.cdi;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Annotated;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSPasswordCredential;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSessionMode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Makes {@code @Inject JMSContext} work in Java SE CDI applications (Weld SE, OpenWebBeans SE),
 * where no application server provides the injectable {@code JMSContext} of the Jakarta EE
 * platform. Application servers do provide it: do not add this bean there. The class carries no
 * bean-defining annotation on purpose, so {@code partita-jms} is never an implicit bean archive
 * (inside an application or the resource adapter it would otherwise clash with the server's own
 * {@code JMSContext}); add it with {@code Weld.addBeanClass(PartitaJMSContextProducer.class)}, or
 * with a {@code beans.xml} of {@code bean-discovery-mode="all"} around it. It is then a
 * {@code @Dependent} bean.
 *
 * <p>Each injection point gets its own {@link JMSContext}, {@link Dependent}: it is closed when the
 * bean it was injected into is destroyed (for an {@code @ApplicationScoped} bean, when the
 * container shuts down). The standard annotations of the injection point choose it:
 * <ul>
 * <li>{@link JMSConnectionFactory}: a Partita broker URL ({@code partita://...} or
 *     {@code vm://...}), or else a JNDI name looked up with {@code new InitialContext()} (for
 *     example one bound by {@code jndi.properties} through
 *     {@code io.partita.jms.jndi.PartitaInitialContextFactory}). Without it, the application's own
 *     {@code ConnectionFactory} bean (of the default qualifier) is used if there is exactly one,
 *     else the URL of the system property {@value #DEFAULT_URL_PROPERTY}; with neither, injection
 *     fails naming both.</li>
 * <li>{@link JMSSessionMode}: the session mode ({@code AUTO_ACKNOWLEDGE} by default).</li>
 * <li>{@link JMSPasswordCredential}: the user and password to connect with.</li>
 * </ul>
 * These annotations are not qualifiers, so every {@code JMSContext} injection point of the
 * default qualifier is served by this producer.
 *
 * <p>Thread-safe. Connection factories made from URLs or found in JNDI are kept for the life of
 * the producer instance; a {@code vm://} broker runs while some context holds it.
 */
public class PartitaJMSContextProducer {
    /** The system property naming the broker URL of injection points without {@code @JMSConnectionFactory}. */
    public static final String DEFAULT_URL_PROPERTY = "partita.jms.url";

    private final Map<String, ConnectionFactory> factories = new ConcurrentHashMap<>();

    @Inject
    Instance<ConnectionFactory> applicationFactories;

    /** The context for one injection point, connected as its annotations say. */
    @Produces
    @Dependent
    public JMSContext context(InjectionPoint injectionPoint) {
        Annotated annotated = injectionPoint.getAnnotated();
        JMSConnectionFactory named = annotated == null ? null : annotated.getAnnotation(JMSConnectionFactory.class);
        JMSSessionMode mode = annotated == null ? null : annotated.getAnnotation(JMSSessionMode.class);
        JMSPasswordCredential credential = annotated == null ? null
                : annotated.getAnnotation(JMSPasswordCredential.class);
        ConnectionFactory factory = named == null ? defaultFactory(injectionPoint) : factory(named.value());
        int sessionMode = mode == null ? JMSContext.AUTO_ACKNOWLEDGE : mode.value();
        return credential == null ? factory.createContext(sessionMode)
                : factory.createContext(credential.userName(), credential.password(), sessionMode);
    }

    /** Closes a context when the bean it was injected into is destroyed. */
    public void close(@Disposes JMSContext context) {
        context.close();
    }

    private ConnectionFactory factory(String name) {
        if (name == null || name.isBlank()) {
            throw new JMSRuntimeException("@JMSConnectionFactory names no connection factory");
        }
        return factories.computeIfAbsent(name, n -> n.contains("://") ? new PartitaConnectionFactory(n) : lookup(n));
    }

    private static ConnectionFactory lookup(String jndiName) {
        try {
            Object found = new InitialContext().lookup(jndiName);
            if (found instanceof ConnectionFactory cf) {
                return cf;
            }
            throw new JMSRuntimeException("JNDI name '" + jndiName + "' of @JMSConnectionFactory is bound to "
                    + (found == null ? "null" : found.getClass().getName()) + ", not a ConnectionFactory");
        } catch (NamingException e) {
            JMSRuntimeException j = new JMSRuntimeException("@JMSConnectionFactory(\"" + jndiName
                    + "\") is neither a broker URL nor a JNDI name that can be looked up: " + e.getMessage());
            j.initCause(e);
            throw j;
        }
    }

    private ConnectionFactory defaultFactory(InjectionPoint injectionPoint) {
        if (applicationFactories != null && applicationFactories.isResolvable()) {
            return applicationFactories.get();
        }
        String url = System.getProperty(DEFAULT_URL_PROPERTY);
        if (url != null && !url.isBlank()) {
            return factories.computeIfAbsent(url, PartitaConnectionFactory::new);
        }
        throw new JMSRuntimeException("no connection factory for the JMSContext injected into " + injectionPoint.getMember()
                + ": annotate it with @JMSConnectionFactory(\"<broker URL or JNDI name>\"), produce a ConnectionFactory "
                + "bean, or set the system property " + DEFAULT_URL_PROPERTY);
    }
}
