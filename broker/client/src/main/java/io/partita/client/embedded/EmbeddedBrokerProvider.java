package io.partita.client.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Starts a Partita broker inside this JVM, reachable at {@code vm://name} through the same
 * request and response messages as TCP but without a socket. The implementation lives in
 * {@code partita-broker} and is found with {@link ServiceLoader} ({@link #find()}), so code that
 * embeds a broker (the JMS provider's {@code vm://} URLs) needs {@code partita-broker} only on
 * its runtime class path, not at compile time.
 *
 * <pre>{@code
 * EmbeddedBrokerProvider provider = EmbeddedBrokerProvider.find().orElseThrow();
 * try (EmbeddedBrokerProvider.Handle broker = provider.start("orders", dataDir, Map.of())) {
 *     props.setProperty("bootstrap.servers", broker.bootstrapServers()); // "vm://orders"
 *     ...
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface EmbeddedBrokerProvider {

    /**
     * A running embedded broker, as held by one user of it. Closing the last handle of a broker
     * shuts the broker down cleanly; closing a handle twice does nothing the second time.
     */
    interface Handle extends AutoCloseable {
        /** The in-VM name the broker listens on. */
        String name();

        /** What to put in {@code bootstrap.servers}: {@code vm://name}. */
        default String bootstrapServers() {
            return "vm://" + name();
        }

        @Override
        void close();
    }

    /**
     * Starts the broker named {@code name} with its data in {@code dataDir}, or, when one of that
     * name already runs in this JVM with the same directory and properties, returns another
     * handle on it.
     *
     * @param name       the in-VM name: letters, digits, '.', '_' or '-'
     * @param dataDir    the broker's log directory; created if missing
     * @param properties broker configuration keys ({@code server.properties} names) over the
     *                   embedded defaults
     * @throws IllegalStateException when a broker of that name runs with another directory or
     *                               other properties
     * @throws IllegalArgumentException for a bad name or a bad configuration key or value
     * @throws IOException when the data directory cannot be used
     */
    Handle start(String name, Path dataDir, Map<String, String> properties) throws IOException;

    /** The first provider on the class path, if any. */
    static Optional<EmbeddedBrokerProvider> find() {
        return ServiceLoader.load(EmbeddedBrokerProvider.class).findFirst();
    }
}
