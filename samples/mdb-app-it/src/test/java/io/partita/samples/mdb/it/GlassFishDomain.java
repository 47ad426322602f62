package io.partita.samples.mdb.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A GlassFish domain of the test's own: created with {@code asadmin create-domain --portbase} at a
 * base whose ports are all free, started and stopped with {@code asadmin}. The domain lives under
 * {@code domainsDir}; its log is {@code <domainsDir>/<name>/logs/server.log}, and every asadmin
 * command's output goes to {@code <domainsDir>/asadmin.log}. Not thread-safe.
 */
final class GlassFishDomain implements AutoCloseable {
    /** The offsets from the port base that GlassFish gives its listeners (admin +48, HTTP +80, ...). */
    private static final List<Integer> PORT_OFFSETS = List.of(9, 37, 38, 39, 48, 66, 76, 80, 81, 86, 7676);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

    private final Path glassFishHome;
    private final Path domainsDir;
    private final String name;
    private final int portBase;
    private boolean started;

    private GlassFishDomain(Path glassFishHome, Path domainsDir, String name, int portBase) {
        this.glassFishHome = glassFishHome;
        this.domainsDir = domainsDir;
        this.name = name;
        this.portBase = portBase;
    }

    /**
     * Creates the domain {@code name} under {@code domainsDir} at a free port base, and starts it.
     * Whatever {@code domainsDir} held (an earlier run's domain) is deleted first.
     */
    static GlassFishDomain createAndStart(Path glassFishHome, Path domainsDir, String name) throws Exception {
        Directories.deleteRecursively(domainsDir);
        Files.createDirectories(domainsDir);
        GlassFishDomain domain = new GlassFishDomain(glassFishHome, domainsDir, name, freePortBase());
        domain.asadmin("create-domain", "--portbase", String.valueOf(domain.portBase), "--nopassword=true",
                "--domaindir", domainsDir.toString(), name);
        domain.started = true;
        domain.asadmin("start-domain", "--domaindir", domainsDir.toString(), name);
        return domain;
    }

    int adminPort() {
        return portBase + 48;
    }

    int httpPort() {
        return portBase + 80;
    }

    Path binDirectory() {
        return glassFishHome.resolve("bin");
    }

    Path log() {
        return domainsDir.resolve("asadmin.log");
    }

    Path serverLog() {
        return domainsDir.resolve(name).resolve("logs").resolve("server.log");
    }

    /** The environment that sends a bare {@code asadmin} to this domain: its {@code bin} first on the PATH, its admin port. */
    Map<String, String> asadminEnvironment() {
        return Map.of("PATH", binDirectory() + java.io.File.pathSeparator + System.getenv("PATH"),
                "AS_ADMIN_HOST", "127.0.0.1",
                "AS_ADMIN_PORT", String.valueOf(adminPort()));
    }

    private void asadmin(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(binDirectory().resolve("asadmin").toString());
        command.addAll(List.of(arguments));
        Commands.Result result = Commands.run(command, domainsDir, Map.of(), log(), COMMAND_TIMEOUT);
        if (result.exitStatus() != 0) {
            throw new IllegalStateException("asadmin " + String.join(" ", arguments) + " failed with status "
                    + result.exitStatus() + ": " + result.output());
        }
    }

    /** Stops the domain with {@code asadmin stop-domain}, then by its process id if it is still running. */
    @Override
    public void close() throws Exception {
        if (!started) {
            return;
        }
        Optional<ProcessHandle> server = pid().flatMap(ProcessHandle::of);
        try {
            asadmin("stop-domain", "--domaindir", domainsDir.toString(), name);
        } finally {
            if (server.isPresent() && server.get().isAlive()) {
                server.get().destroyForcibly();
                server.get().onExit().get(1, TimeUnit.MINUTES);
            }
            started = false;
        }
    }

    private Optional<Long> pid() {
        Path pidFile = domainsDir.resolve(name).resolve("config").resolve("pid");
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A port base (a multiple of 100 from 20,000 to 50,000) at which every GlassFish port is free now. */
    private static int freePortBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 100 * ThreadLocalRandom.current().nextInt(200, 500);
            if (PORT_OFFSETS.stream().allMatch(offset -> free(base + offset))) {
                return base;
            }
        }
        throw new IllegalStateException("no port base from 20000 to 50000 with all of " + PORT_OFFSETS + " free");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
