package io.partita.samples.mdb.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Open Liberty server of the test's own, named {@code name}, in the {@code usr/servers} of the
 * installation {@code wlpHome}. The test creates and starts it with the README's own commands
 * ({@link #bash}, which sets {@code WLP_HOME}); this class clears what an earlier run left, writes
 * its {@code server.xml}, and stops it with {@code bin/server stop}, then by the process id Liberty
 * records in {@code usr/servers/.pid/<name>.pid} if it still runs. Every command's output goes to
 * {@code <wlpHome>/<name>-commands.log}; Liberty's own log is
 * {@code usr/servers/<name>/logs/messages.log}. Not thread-safe.
 */
final class LibertyServer implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_GRACE = Duration.ofMinutes(1);

    private final Path wlpHome;
    private final String name;

    private LibertyServer(Path wlpHome, String name) {
        this.wlpHome = wlpHome;
        this.name = name;
    }

    /** The server {@code name} of {@code wlpHome}, with whatever an earlier run left of it deleted. */
    static LibertyServer fresh(Path wlpHome, String name) throws IOException {
        LibertyServer server = new LibertyServer(wlpHome, name);
        Directories.deleteRecursively(server.directory());
        Files.deleteIfExists(server.pidFile());
        Files.deleteIfExists(server.log());
        return server;
    }

    Path directory() {
        return wlpHome.resolve("usr/servers").resolve(name);
    }

    Path messagesLog() {
        return directory().resolve("logs/messages.log");
    }

    Path log() {
        return wlpHome.resolve(name + "-commands.log");
    }

    private Path pidFile() {
        return wlpHome.resolve("usr/servers/.pid").resolve(name + ".pid");
    }

    /** Replaces the server's {@code server.xml} with {@code lines}. */
    void writeServerXml(List<String> lines) throws IOException {
        Files.write(directory().resolve("server.xml"), lines, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code lines} as one bash script in {@code directory} with {@code WLP_HOME} set to this
     * installation, after {@code set -ex} (the first failing line stops it; each line is echoed).
     */
    Commands.Result bash(List<String> lines, Path directory) throws Exception {
        List<String> script = new ArrayList<>(List.of("set -ex"));
        script.addAll(lines);
        return Commands.run(List.of("bash", "-c", String.join("\n", script)), directory,
                Map.of("WLP_HOME", wlpHome.toString()), log(), COMMAND_TIMEOUT);
    }

    /**
     * Stops the server with {@code bin/server stop}, then by its process id (SIGTERM, SIGKILL after
     * a minute) if it still runs. Nothing when it was never started.
     */
    @Override
    public void close() throws Exception {
        Optional<ProcessHandle> server = pid().flatMap(ProcessHandle::of);
        if (server.isEmpty()) {
            return;
        }
        try {
            Commands.run(List.of(wlpHome.resolve("bin/server").toString(), "stop", name), wlpHome, Map.of(), log(),
                    COMMAND_TIMEOUT);
        } finally {
            if (server.get().isAlive()) {
                Processes.stop(server.get(), STOP_GRACE);
            }
        }
    }

    private Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile()).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
