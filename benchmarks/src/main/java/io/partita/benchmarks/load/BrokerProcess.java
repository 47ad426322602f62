package io.partita.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker JVM started by the load tool: its process, the port it listens on, and its output in
 * {@code <dir>/broker.log}. {@link #close()} stops this process only: SIGTERM, then SIGKILL if it
 * has not exited within {@link #STOP_TIMEOUT}. Thread-safe.
 */
final class BrokerProcess implements AutoCloseable {
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;

    private BrokerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code dir} and waits until 127.0.0.1:{@code port} accepts TCP
     * connections.
     *
     * @throws IOException when the process exits first or does not listen within {@code timeout}
     *                     (the message carries the end of its log)
     */
    static BrokerProcess start(List<String> command, Path dir, int port, Duration timeout) throws IOException {
        Path log = dir.resolve("broker.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        BrokerProcess broker = new BrokerProcess(p, port, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!broker.accepts()) {
            if (!p.isAlive()) {
                throw new IOException("broker exited with status " + p.exitValue() + " before listening on port "
                        + port + "; " + broker.logTail());
            }
            if (System.nanoTime() > deadline) {
                broker.close();
                throw new IOException("broker did not listen on port " + port + " within " + timeout + "; "
                        + broker.logTail());
            }
            sleepMillis(50);
        }
        return broker;
    }

    /** Runs {@code command} in {@code dir} to completion (output appended to {@code <dir>/<name>.log}). */
    static void runToCompletion(String name, List<String> command, Path dir, Duration timeout)
            throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(name + " did not finish within " + timeout + ": " + Files.readString(out));
        }
        if (p.exitValue() != 0) {
            throw new IOException(name + " failed with status " + p.exitValue() + ": " + Files.readString(out));
        }
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of the broker's output, for error messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30),
                    lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
