package io.partita.broker;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A broker in a JVM of its own ({@code partita server}), for tests that kill it with SIGKILL (or
 * let it halt at a crash point) and start it again on the same data. Its output goes to
 * {@code broker.log} in the given directory.
 */
final class ChildBroker implements AutoCloseable {
    private final Process process;
    private final int port;

    private ChildBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a broker on {@code port} with data in {@code dataDir} and waits until it listens.
     *
     * @param jvmArgs extra JVM arguments, e.g. system properties
     * @param overrides extra {@code key=value} server settings
     */
    static ChildBroker start(Path dataDir, Path output, int port, List<String> jvmArgs, List<String> overrides)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "io.partita.broker.cli.PartitaCommand", "server",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dataDir,
                "--override", "num.io.threads=2",
                "--override", "num.network.threads=1"));
        for (String o : overrides) {
            cmd.add("--override");
            cmd.add(o);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.resolve("broker.log").toFile())).start();
        ChildBroker broker = new ChildBroker(p, port);
        try {
            broker.awaitListening();
        } catch (RuntimeException | Error e) {
            p.destroyForcibly();
            throw e;
        }
        return broker;
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the broker did not die within 60 s");
        }
    }

    /** Waits for the process to exit by itself (a crash point), returning its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the broker did not exit within 60 s");
        }
        return process.exitValue();
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new AssertionError("the broker exited with " + process.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the broker did not listen on " + port);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
