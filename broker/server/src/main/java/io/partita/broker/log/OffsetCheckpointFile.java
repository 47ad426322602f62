package io.partita.broker.log;

import io.partita.protocol.TopicPartition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-log-directory file of one offset per partition (recovery points, log start offsets).
 *
 * <p>Text format: line 1 the version {@code 0}, line 2 the number of entries, then one line per
 * partition {@code <topic> <partition> <offset>}. Written to a temporary file, fsynced and renamed
 * over the old one, so a crash leaves either the old or the new file whole.
 *
 * <p>Not thread-safe: the log manager writes it from one thread.
 */
final class OffsetCheckpointFile {
    private static final int VERSION = 0;
    private final Path file;

    OffsetCheckpointFile(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void write(Map<TopicPartition, Long> offsets) throws IOException {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(offsets.size()).append('\n');
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
            text.append(e.getKey().topic()).append(' ').append(e.getKey().partition()).append(' ')
                    .append(e.getValue()).append('\n');
        }
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the file; an absent file is empty.
     *
     * @throws IOException naming the file and line when the contents are malformed
     */
    Map<TopicPartition, Long> read() throws IOException {
        Map<TopicPartition, Long> out = new HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 2 || !lines.get(0).trim().equals(Integer.toString(VERSION))) {
            throw new IOException("checkpoint " + file + " does not start with version " + VERSION);
        }
        int expected;
        try {
            expected = Integer.parseInt(lines.get(1).trim());
        } catch (NumberFormatException e) {
            throw new IOException("checkpoint " + file + " line 2: '" + lines.get(1) + "' is not a count");
        }
        if (expected != lines.size() - 2) {
            throw new IOException("checkpoint " + file + " declares " + expected + " entries but has " + (lines.size() - 2));
        }
        for (int i = 2; i < lines.size(); i++) {
            String[] parts = lines.get(i).trim().split(" ");
            try {
                if (parts.length != 3) {
                    throw new IllegalArgumentException();
                }
                out.put(new TopicPartition(parts[0], Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
            } catch (IllegalArgumentException e) {
                throw new IOException("checkpoint " + file + " line " + (i + 1) + ": '" + lines.get(i)
                        + "' is not '<topic> <partition> <offset>'");
            }
        }
        return out;
    }
}
