package io.partita.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A Partita broker in its own JVM ({@code partita server} from this class path) on a free port
 * of 127.0.0.1 with a temporary data directory, reached over {@code partita://}. It knows one
 * user ({@link SuiteUsers}: {@code j2ee}/{@code j2ee}) and refuses anonymous access. It is stopped by
 * its PID: a normal termination first, SIGKILL if it has not exited within 30 seconds; a JVM
 * shutdown hook stops it too if the suite is interrupted. Thread-safe.
 */
final class ChildBrokerTarget implements Target {
    private final int port;
    private final Path dataDir;
    private final long pid;
    private final Thread shutdownHook;
    private volatile boolean closed;

    ChildBrokerTarget() {
        this(freePort());
    }

    /** Starts a broker on {@code port} and waits until it listens. */
    ChildBrokerTarget(int port) {
        this.port = port;
        try {
            dataDir = Files.createTempDirectory("partita-tck-");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                    "-cp", System.getProperty("java.class.path"),
                    "io.partita.broker.cli.PartitaCommand", "server",
                    "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                    "--override", "log.dirs=" + dataDir.resolve("data"),
                    "--override", "num.partitions=1",
                    "--override", "num.io.threads=2",
                    "--override", "num.network.threads=1",
                    "--override", "authentication.users.file=" + SuiteUsers.writeFile(dataDir),
                    "--override", "authentication.allow.anonymous=false"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("broker.log").toFile()).start();
            pid = p.pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker JVM", e);
        }
        shutdownHook = new Thread(this::stop, "partita-tck-broker-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitListening();
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (process().isEmpty()) {
                    throw new IllegalStateException("the broker JVM (pid " + pid + ") exited; see "
                            + dataDir.resolve("broker.log"));
                }
                if (System.nanoTime() > deadline) {
                    stop();
                    throw new IllegalStateException("the broker did not listen on 127.0.0.1:" + port + " within 60 s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    private Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    @Override
    public String name() {
        return "partita-tcp";
    }

    @Override
    public String anonymousUrl(String options) {
        return "partita://127.0.0.1:" + port + (options == null || options.isEmpty() ? "" : "?" + options);
    }

    /** The port the broker listens on. */
    int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        process().ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
                h.onExit().join();
            }
        });
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
