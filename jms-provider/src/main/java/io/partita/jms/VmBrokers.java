package io.partita.jms;

import io.partita.client.embedded.EmbeddedBrokerProvider;
import jakarta.jms.JMSException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The in-process brokers of {@code vm://} URLs. A broker is started through
 * {@link EmbeddedBrokerProvider} (implemented by {@code partita-broker}, which must be on the
 * class path) when a connection first needs it; each connection holds one handle and the broker
 * stops when the last handle closes. A URL with {@code stay=true} makes this class hold one more
 * handle, so the broker keeps running until {@link #stop(String)} or the end of the JVM.
 *
 * <p>Thread-safe.
 */
final class VmBrokers {
    private static final Map<String, EmbeddedBrokerProvider.Handle> STAYING = new HashMap<>();

    private VmBrokers() {
    }

    /** The data directory used when a {@code vm://} URL gives none: {@code <java.io.tmpdir>/partita-vm/<name>}. */
    static Path defaultDataDir(String name) {
        return Path.of(System.getProperty("java.io.tmpdir"), "partita-vm", name);
    }

    /**
     * A handle on the broker a {@code vm://} URL names, starting it if needed.
     *
     * @throws JMSException naming the jar to add when {@code partita-broker} is missing, or saying
     *     why the broker cannot start (another one of that name runs with other settings, a bad
     *     setting, an unusable directory)
     */
    static EmbeddedBrokerProvider.Handle open(BrokerUrl url) throws JMSException {
        EmbeddedBrokerProvider provider = EmbeddedBrokerProvider.find().orElseThrow(() -> new JMSException(
                "broker URL " + url + " needs an in-process broker, but no " + EmbeddedBrokerProvider.class.getName()
                        + " is on the class path: add the partita-broker jar (io.partita:partita-broker) to it"));
        String name = url.vmName();
        Path dir = url.dataDir() != null ? Path.of(url.dataDir()) : defaultDataDir(name);
        try {
            synchronized (STAYING) {
                EmbeddedBrokerProvider.Handle handle = provider.start(name, dir, url.brokerSettings());
                if (url.stay() && !STAYING.containsKey(name)) {
                    STAYING.put(name, provider.start(name, dir, url.brokerSettings()));
                }
                return handle;
            }
        } catch (IOException e) {
            throw linked(new JMSException("cannot start the in-process broker '" + name + "' with data in " + dir
                    + ": " + e.getMessage()), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw linked(new JMSException("cannot start the in-process broker '" + name + "' with data in " + dir
                    + ": " + e.getMessage()), e);
        }
    }

    /**
     * Releases the hold that {@code stay=true} put on the in-process broker {@code name}; it stops
     * once its connections are closed too.
     *
     * @return whether such a hold existed
     */
    static boolean stop(String name) {
        EmbeddedBrokerProvider.Handle h;
        synchronized (STAYING) {
            h = STAYING.remove(name);
        }
        if (h != null) {
            h.close();
        }
        return h != null;
    }

    private static JMSException linked(JMSException j, Exception cause) {
        j.initCause(cause);
        j.setLinkedException(cause);
        return j;
    }
}
