package io.partita.ra;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The broker a test class of the adapter runs against, as a JUnit extension
 * ({@code @RegisterExtension static final TestBroker broker = new TestBroker();}): one real
 * {@link PartitaServer} on 127.0.0.1 and a free port, with its log in a temporary directory, one
 * partition per topic and few threads (the build machine is small); started before the class's
 * tests, stopped and deleted after them. Used by the test thread only.
 */
public final class TestBroker implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private PartitaServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("partita-ra-test");
        server = PartitaServer.start(BrokerConfig.of(Map.of(
                BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                BrokerConfig.LOG_DIRS, dir.toString(),
                BrokerConfig.NUM_PARTITIONS, "1",
                BrokerConfig.NUM_NETWORK_THREADS, "2",
                BrokerConfig.NUM_IO_THREADS, "2")));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The broker's port. */
    public int port() {
        return server.port();
    }

    /** The provider's URL of the broker, {@code partita://127.0.0.1:<port>}. */
    public String url() {
        return "partita://127.0.0.1:" + port();
    }
}
