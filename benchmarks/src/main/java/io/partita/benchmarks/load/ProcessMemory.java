package io.partita.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory and sockets of another JVM on this machine, read from {@code /proc/<pid>} and with the
 * running JDK's {@code jcmd}: resident set size ({@code VmRSS}), Java heap in use
 * ({@code GC.heap_info}), a full collection ({@code GC.run}) and the number of open sockets.
 * Linux only. Stateless.
 */
final class ProcessMemory {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private ProcessMemory() {
    }

    /** Resident set size in bytes. */
    static long rssBytes(long pid) throws IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        Matcher m = VM_RSS.matcher(status);
        if (!m.find()) {
            throw new IOException("no VmRSS in /proc/" + pid + "/status");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** Bytes of Java heap in use now (the first "used" of {@code jcmd <pid> GC.heap_info}). */
    static long heapUsedBytes(long pid) throws IOException, InterruptedException {
        return parseHeapUsed(jcmd(pid, "GC.heap_info"));
    }

    /** The heap in use from {@code GC.heap_info} output, in bytes. */
    static long parseHeapUsed(String heapInfo) throws IOException {
        Matcher m = HEAP_USED.matcher(heapInfo);
        if (!m.find()) {
            throw new IOException("no heap usage in GC.heap_info output: " + heapInfo);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** Asks the JVM for a full collection and returns when it is done. */
    static void fullGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
    }

    /** Open sockets of the process (its file descriptors that are sockets). */
    static int socketCount(long pid) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed while we listed the directory
                }
            }
        }
        return n;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed (" + p.exitValue() + "): " + text);
        }
        return text;
    }
}
