package io.partita.samples.mdb.it;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;
import io.partita.client.admin.PartitaAdmin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The broker the sample talks to: a {@link PartitaServer} in this JVM on a free port of
 * 127.0.0.1, its data in a temporary directory that {@link #close()} deletes. Thread-safe as
 * {@link PartitaServer} is.
 */
final class SampleBroker implements AutoCloseable {
    private final PartitaServer server;
    private final Path data;

    private SampleBroker(PartitaServer server, Path data) {
        this.server = server;
        this.data = data;
    }

    /** Starts a broker; the caller closes it. */
    static SampleBroker start() throws Exception {
        Path data = Files.createTempDirectory("partita-sample-mdb-it");
        try {
            return new SampleBroker(PartitaServer.start(BrokerConfig.of(Map.of(
                    BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                    BrokerConfig.LOG_DIRS, data.toString(),
                    BrokerConfig.NUM_NETWORK_THREADS, "2",
                    BrokerConfig.NUM_IO_THREADS, "2"))), data);
        } catch (Exception e) {
            Directories.deleteRecursively(data);
            throw e;
        }
    }

    int port() {
        return server.port();
    }

    /** {@code lines} with the README's broker port, {@code 9700}, replaced by this broker's. */
    List<String> withPortOf(List<String> lines) {
        return lines.stream().map(l -> l.replace("9700", String.valueOf(port()))).toList();
    }

    /** The topics (queues among them) the broker has now, asked over TCP. */
    Set<String> topics() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", "127.0.0.1:" + port());
        try (PartitaAdmin admin = new PartitaAdmin(properties)) {
            return admin.listTopics().get(1, TimeUnit.MINUTES);
        }
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            Directories.deleteRecursively(data);
        }
    }
}
