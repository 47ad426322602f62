package io.partita.broker.cli;

import io.partita.client.Settings;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Options every client-side command takes: where the brokers are, and extra client settings. */
final class ClientMixin {
    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Brokers to connect to.")
    String bootstrapServer;

    @Option(names = "--property", paramLabel = "KEY=VALUE",
            description = "A client setting (repeatable), e.g. --property linger.ms=20.")
    Map<String, String> properties = new LinkedHashMap<>();

    /** The defaults, then --property values, then the bootstrap servers. */
    Properties toProperties(Map<String, String> defaults) {
        Properties p = new Properties();
        defaults.forEach(p::setProperty);
        properties.forEach(p::setProperty);
        p.setProperty(Settings.BOOTSTRAP_SERVERS, bootstrapServer);
        return p;
    }
}
