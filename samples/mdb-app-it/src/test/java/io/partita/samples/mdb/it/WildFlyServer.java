package io.partita.samples.mdb.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A WildFly of the test's own: {@code bin/standalone.sh} (the default profile, {@code standalone.xml})
 * started as a child process with a server base directory of its own (a fresh copy of the
 * distribution's {@code standalone/configuration}, so the distribution itself is never changed and
 * every run starts clean), every socket binding on a port given by the caller, and stopped by its
 * process id. The console output goes to {@code <baseDir>/console.log}, the server log to
 * {@code <baseDir>/log/server.log}, every {@code jboss-cli.sh} run's output to {@code <baseDir>/cli.log}.
 * Not thread-safe.
 */
final class WildFlyServer implements AutoCloseable {
    /**
     * The ports of the default profile's socket bindings: the five with a system property, and the
     * two transaction-manager ports, which have none and are written into the copied {@code standalone.xml}.
     */
    record Ports(int http, int https, int ajp, int managementHttp, int managementHttps, int txnRecovery,
            int txnStatus) {
        /** The ports the build reserved free, from the system properties {@code wf.*.port}. */
        static Ports fromSystemProperties() {
            return new Ports(port("wf.http.port"), port("wf.https.port"), port("wf.ajp.port"),
                    port("wf.management.http.port"), port("wf.management.https.port"),
                    port("wf.txn.recovery.port"), port("wf.txn.status.port"));
        }

        private static int port(String property) {
            String value = System.getProperty(property);
            if (value == null) {
                throw new IllegalStateException("system property " + property + " is not set (the build reserves it)");
            }
            return Integer.parseInt(value);
        }
    }

    /** How long WildFly may take to start; it starts in seconds when the machine is not loaded. */
    private static final Duration START_DEADLINE = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofMinutes(1);
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(3);

    private final Path home;
    private final Path baseDir;
    private final Ports ports;
    private final Process process;

    private WildFlyServer(Path home, Path baseDir, Ports ports, Process process) {
        this.home = home;
        this.baseDir = baseDir;
        this.ports = ports;
        this.process = process;
    }

    /**
     * Starts WildFly from {@code home} with the base directory {@code baseDir} (whatever it held is
     * deleted first) and waits until it reports it has started.
     *
     * @throws IllegalStateException when it exits or has not started within {@link #START_DEADLINE}
     *         (it is stopped then)
     */
    static WildFlyServer start(Path home, Path baseDir, Ports ports) throws Exception {
        Directories.deleteRecursively(baseDir);
        Directories.copyRecursively(home.resolve("standalone/configuration"), baseDir.resolve("configuration"));
        Files.createDirectories(baseDir.resolve("deployments"));
        Path config = baseDir.resolve("configuration/standalone.xml");
        String xml = Files.readString(config, StandardCharsets.UTF_8);
        for (Map.Entry<String, Integer> e : Map.of("4712", ports.txnRecovery(), "4713", ports.txnStatus()).entrySet()) {
            String token = "port=\"" + e.getKey() + "\"";
            if (!xml.contains(token)) {
                throw new IllegalStateException(config + " has no " + token + " to move to a free port");
            }
            xml = xml.replace(token, "port=\"" + e.getValue() + "\"");
        }
        Files.writeString(config, xml, StandardCharsets.UTF_8);

        Path console = baseDir.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.http.port=" + ports.http(),
                "-Djboss.https.port=" + ports.https(),
                "-Djboss.ajp.port=" + ports.ajp(),
                "-Djboss.management.http.port=" + ports.managementHttp(),
                "-Djboss.management.https.port=" + ports.managementHttps())
                .directory(baseDir.toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
        WildFlyServer server = new WildFlyServer(home, baseDir, ports, builder.start());
        try {
            server.awaitStarted(console);
            return server;
        } catch (Throwable t) {
            server.close();
            throw t;
        }
    }

    /** WFLYSRV0025: started; WFLYSRV0026: started with errors (then the deployment fails, and the test says why). */
    private void awaitStarted(Path console) throws Exception {
        String output = Polling.until(START_DEADLINE, Duration.ofMillis(200), () -> {
            String out = Files.readString(console, StandardCharsets.ISO_8859_1);
            if (!started(out) && !process.isAlive()) {
                throw new IllegalStateException("WildFly exited with status " + process.exitValue()
                        + " before it started; its output:\n" + out);
            }
            return out;
        }, WildFlyServer::started);
        if (!started(output)) {
            throw new IllegalStateException("WildFly did not start within " + START_DEADLINE + "; see " + console);
        }
    }

    private static boolean started(String console) {
        return console.contains("WFLYSRV0025") || console.contains("WFLYSRV0026");
    }

    int httpPort() {
        return ports.http();
    }

    Path serverLog() {
        return baseDir.resolve("log/server.log");
    }

    Path cliLog() {
        return baseDir.resolve("cli.log");
    }

    /**
     * Runs {@code commands} (management CLI lines) in one {@code jboss-cli.sh --connect} session,
     * from {@code directory}, as a user typing them would; the CLI stops at the first that fails.
     */
    Commands.Result cli(List<String> commands, Path directory) throws Exception {
        Path file = baseDir.resolve("commands.cli");
        Files.write(file, commands, StandardCharsets.UTF_8);
        return Commands.run(List.of(home.resolve("bin/jboss-cli.sh").toString(), "--connect",
                "--controller=127.0.0.1:" + ports.managementHttp(), "--file=" + file), directory, Map.of(),
                cliLog(), CLI_TIMEOUT);
    }

    /** Stops WildFly by its process id (SIGTERM, WildFly's clean shutdown), SIGKILL after a minute. */
    @Override
    public void close() throws Exception {
        Processes.stop(process.toHandle(), STOP_GRACE);
    }
}
