package io.partita.jms;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVMs for tests that must kill a process abruptly: a broker ({@code partita server}) on a
 * given port and data directory, or any main class of the test class path. Killing is SIGKILL
 * ({@link Process#destroyForcibly()}) by the process handle, and waits for the exit.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code mainClass} with {@code args} on this JVM's class path; output goes to {@code log}. */
    static Process start(Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Starts {@code mainClass}; its standard output can be read line by line with {@link #awaitLine}. */
    static Process startPiped(String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads the child's output until a line starting with {@code prefix}; fails if it exits first. */
    static String awaitLine(Process p, String prefix) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the child process ended (exit " + waitExit(p) + ") before printing " + prefix);
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Starts a broker listening on 127.0.0.1:{@code port} with its data in {@code dataDir}. */
    static Process startBroker(int port, Path dataDir, Path log) throws IOException {
        return start(log, "io.partita.broker.cli.PartitaCommand", "server",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dataDir,
                "--override", "num.partitions=1",
                "--override", "num.io.threads=2",
                "--override", "num.network.threads=1");
    }

    /** Waits (60 s at most) until something listens on {@code port}; fails if {@code p} exits. */
    static void awaitListening(Process p, int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new AssertionError("the broker exited with " + p.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the broker did not listen on " + port + " within 60 s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /** Kills {@code p} with SIGKILL and waits for it to be gone. */
    static void kill(Process p) {
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        if (waitExit(p) == -1 && p.isAlive()) {
            throw new AssertionError("process " + p.pid() + " did not exit after SIGKILL");
        }
    }

    /** A port free at the time of the call, on 127.0.0.1. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
