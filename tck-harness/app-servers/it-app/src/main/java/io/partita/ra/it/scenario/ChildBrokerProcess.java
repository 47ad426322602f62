package io.partita.ra.it.scenario;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Partita broker in a JVM of its own ({@code partita server} from the test's class path), on a
 * fixed port of 127.0.0.1 and a data directory that outlive it, for tests that kill it with
 * SIGKILL and start it again where it was. Its output is appended to {@code broker.log} in the
 * data directory. One partition per topic; XA branches not prepared time out after 10 s. Not
 * thread-safe.
 */
public final class ChildBrokerProcess implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private Process process;

    private ChildBrokerProcess(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts a broker on a free port with data in {@code dataDir} and waits until it listens. */
    public static ChildBrokerProcess start(Path dataDir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ChildBrokerProcess b = new ChildBrokerProcess(dataDir, port);
        b.restart();
        return b;
    }

    public int port() {
        return port;
    }

    /** {@code partita://127.0.0.1:<port>}. */
    public String url() {
        return "partita://127.0.0.1:" + port;
    }

    /** Starts the broker again on the same port and data (it must not be running). */
    public void restart() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker still runs");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.partita.broker.cli.PartitaCommand",
                "server",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dataDir.resolve("data"),
                "--override", "num.partitions=1",
                "--override", "num.io.threads=2",
                "--override", "num.network.threads=1",
                // an XA branch never prepared is rolled back 10 s after it began (checked every second)
                "--override", "transaction.xa.default.timeout.ms=10000",
                "--override", "transaction.abort.timed.out.transaction.cleanup.interval.ms=1000"));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile())).start();
        // should the test's own clean-up not run, the broker still ends with the test JVM
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "partita-child-broker-reaper"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new AssertionError("the broker exited with " + process.exitValue() + "; see "
                            + dataDir.resolve("broker.log"));
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError("the broker did not listen on " + port + " within 60 s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the broker did not die within 60 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
