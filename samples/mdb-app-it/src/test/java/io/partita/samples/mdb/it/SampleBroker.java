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
 * 127.0.0.1, its data in a temporary directory. Stateless.
 */
final class SampleBroker {
    private SampleBroker() {
    }

    /** Starts a broker; the caller closes it. */
    static PartitaServer start() throws Exception {
        Path data = Files.createTempDirectory("partita-sample-mdb-it");
        return PartitaServer.start(BrokerConfig.of(Map.of(
                BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0",
                BrokerConfig.LOG_DIRS, data.toString(),
                BrokerConfig.NUM_NETWORK_THREADS, "2",
                BrokerConfig.NUM_IO_THREADS, "2")));
    }

    /** {@code lines} with the README's broker port, {@code 9700}, replaced by {@code broker}'s. */
    static List<String> withPortOf(PartitaServer broker, List<String> lines) {
        return lines.stream().map(l -> l.replace("9700", String.valueOf(broker.port()))).toList();
    }

    /** The topics (queues among them) {@code broker} has now, asked over TCP. */
    static Set<String> topics(PartitaServer broker) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", "127.0.0.1:" + broker.port());
        try (PartitaAdmin admin = new PartitaAdmin(properties)) {
            return admin.listTopics().get(1, TimeUnit.MINUTES);
        }
    }
}
