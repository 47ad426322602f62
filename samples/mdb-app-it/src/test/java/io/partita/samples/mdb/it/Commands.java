package io.partita.samples.mdb.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command to its end within a deadline, its output (stdout and stderr merged)
 * kept in a file. A command still running at the deadline is killed, with its children. Stateless.
 */
final class Commands {
    /** What a finished command left: its exit status and its output. */
    record Result(int exitStatus, String output) {
    }

    private Commands() {
    }

    /**
     * Runs {@code command} in {@code directory} with {@code environment} added to this process's,
     * its output appended to {@code log}.
     *
     * @throws IllegalStateException when it does not finish within {@code timeout}
     */
    static Result run(List<String> command, Path directory, Map<String, String> environment, Path log,
            Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile(log.getParent(), "command", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(command + " did not finish within " + timeout + "; output: "
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.writeString(log, "$ " + String.join(" ", command) + "\n" + text + "[exit " + process.exitValue() + "]\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Files.delete(output);
        return new Result(process.exitValue(), text);
    }
}
