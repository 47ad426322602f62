package io.partita.samples.mdb.it;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
}
