package io.partita.broker.cli;

import io.partita.broker.PartitaServer;
import io.partita.broker.config.BrokerConfig;
import io.partita.broker.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code partita server [--config FILE] [--override key=value ...]}: runs a broker until the
 * process is told to stop (SIGTERM or Ctrl-C shut it down cleanly through a shutdown hook).
 * Without arguments it listens on 127.0.0.1:9700 with its data in {@code ./partita-data}.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run a Partita broker until stopped (SIGTERM shuts it down cleanly).")
final class ServerCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "A server.properties file; keys not in it take their defaults (docs/configuration.md).")
    Path config;

    @Option(names = {"-o", "--override"}, paramLabel = "KEY=VALUE",
            description = "Set a configuration key, over the file; may be repeated.")
    List<String> overrides = new ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BrokerConfig brokerConfig;
        try {
            brokerConfig = BrokerConfig.load(config, BrokerConfig.parseOverrides(overrides));
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("partita server: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        PartitaServer server;
        try {
            server = PartitaServer.start(brokerConfig);
        } catch (ConfigException e) { // e.g. a users file that does not parse
            spec.commandLine().getErr().println("partita server: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        Thread hook = new Thread(server::close, "partita-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.awaitShutdown();
        return 0;
    }
}
