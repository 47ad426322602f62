package io.partita.broker.embedded;

import io.partita.broker.EmbeddedBroker;
import io.partita.broker.config.ConfigException;
import io.partita.client.embedded.EmbeddedBrokerProvider;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@link EmbeddedBrokerProvider} of {@code partita-broker}, registered in
 * {@code META-INF/services}: starts {@link EmbeddedBroker}s, turning configuration errors into
 * {@link IllegalArgumentException} so callers need no broker classes. Stateless and thread-safe.
 */
public final class EmbeddedBrokerService implements EmbeddedBrokerProvider {

    @Override
    public Handle start(String name, Path dataDir, Map<String, String> properties) throws IOException {
        try {
            return EmbeddedBroker.start(name, dataDir, properties);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
