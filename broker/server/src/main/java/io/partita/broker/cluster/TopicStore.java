package io.partita.broker.cluster;

import io.partita.broker.log.AtomicFiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The cluster metadata this broker keeps on disk until ZooKeeper holds it: the cluster id, the
 * topics with their partition counts and configuration overrides, and the topics whose deletion
 * has been decided but whose partition directories may still be on disk.
 *
 * <p><b>Where.</b> A copy of the file {@value #FILE} in every log directory. Each write bumps a
 * generation number and replaces every copy atomically (temporary file, fsync, rename); at start
 * the copy with the highest generation whose checksum holds wins, so losing or reordering a log
 * directory does not lose the topics.
 *
 * <p><b>Format</b> (text, one entry per line):
 * <pre>
 * partita-topics 1
 * generation 12
 * cluster.id 3f0c...
 * topic orders 3 segment.bytes=1048576 min.insync.replicas=1
 * deleting old-topic
 * crc 1234567
 * </pre>
 * Configuration values are URL-encoded; the crc line holds the CRC-32C of all lines before it.
 *
 * <p>Thread-safe: every method is synchronized; writes happen before the method returns.
 */
public final class TopicStore {
    private static final Logger LOG = LoggerFactory.getLogger(TopicStore.class);

    public static final String FILE = "partita-topics";
    private static final String HEADER = "partita-topics 1";

    private final List<Path> logDirs;
    private final Map<String, TopicMetadata> topics = new TreeMap<>();
    private final Set<String> deleting = new TreeSet<>();
    private String clusterId;
    private long generation;

    private TopicStore(List<Path> logDirs) {
        this.logDirs = List.copyOf(logDirs);
    }

    /**
     * Loads the newest valid copy from {@code logDirs}, or starts empty with a new cluster id
     * when there is none.
     *
     * @throws IOException when copies exist but none is readable (refusing to start is better
     *                     than forgetting every topic)
     */
    public static TopicStore load(List<Path> logDirs) throws IOException {
        TopicStore store = new TopicStore(logDirs);
        int found = 0;
        List<String> best = null;
        long bestGeneration = -1;
        IOException lastProblem = null;
        for (Path dir : logDirs) {
            Path file = dir.resolve(FILE);
            if (!Files.exists(file)) {
                continue;
            }
            found++;
            try {
                List<String> lines = readChecked(file);
                long gen = Long.parseLong(field(lines, "generation", file));
                if (gen > bestGeneration) {
                    bestGeneration = gen;
                    best = lines;
                }
            } catch (IOException | RuntimeException e) {
                lastProblem = new IOException("unreadable topic metadata " + file + ": " + e.getMessage(), e);
                LOG.warn("{}", lastProblem.getMessage());
            }
        }
        if (best == null && found > 0) {
            throw lastProblem;
        }
        if (best == null) {
            store.clusterId = UUID.randomUUID().toString();
            store.persist();
        } else {
            store.parse(best);
        }
        return store;
    }

    private static List<String> readChecked(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException("does not start with '" + HEADER + "'");
        }
        String last = lines.get(lines.size() - 1);
        if (!last.startsWith("crc ")) {
            throw new IOException("no crc line at the end");
        }
        List<String> body = lines.subList(0, lines.size() - 1);
        if (crc(body) != Long.parseLong(last.substring(4))) {
            throw new IOException("checksum mismatch");
        }
        return body;
    }

    private static String field(List<String> lines, String name, Path file) throws IOException {
        for (String line : lines) {
            if (line.startsWith(name + " ")) {
                return line.substring(name.length() + 1);
            }
        }
        throw new IOException(file + " has no " + name + " line");
    }

    private void parse(List<String> lines) {
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "generation" -> generation = Long.parseLong(f[1]);
                case "cluster.id" -> clusterId = f[1];
                case "deleting" -> deleting.add(f[1]);
                case "topic" -> {
                    Map<String, String> configs = new LinkedHashMap<>();
                    for (int i = 3; i < f.length; i++) {
                        int eq = f[i].indexOf('=');
                        configs.put(f[i].substring(0, eq), URLDecoder.decode(f[i].substring(eq + 1), StandardCharsets.UTF_8));
                    }
                    topics.put(f[1], new TopicMetadata(f[1], Integer.parseInt(f[2]), configs));
                }
                default -> throw new IllegalArgumentException("unknown line '" + line + "'");
            }
        }
        if (clusterId == null) {
            throw new IllegalArgumentException("no cluster.id");
        }
    }

    private static long crc(List<String> lines) {
        CRC32C crc = new CRC32C();
        for (String line : lines) {
            crc.update(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        return crc.getValue();
    }

    private void persist() throws IOException {
        generation++;
        List<String> lines = new java.util.ArrayList<>();
        lines.add(HEADER);
        lines.add("generation " + generation);
        lines.add("cluster.id " + clusterId);
        for (TopicMetadata t : topics.values()) {
            StringBuilder sb = new StringBuilder("topic ").append(t.name()).append(' ').append(t.partitions());
            for (Map.Entry<String, String> c : t.configs().entrySet()) {
                sb.append(' ').append(c.getKey()).append('=').append(URLEncoder.encode(c.getValue(), StandardCharsets.UTF_8));
            }
            lines.add(sb.toString());
        }
        for (String name : deleting) {
            lines.add("deleting " + name);
        }
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        text.append("crc ").append(crc(lines)).append('\n');
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        for (Path dir : logDirs) {
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(FILE), bytes);
        }
    }

    public synchronized String clusterId() {
        return clusterId;
    }

    public synchronized Optional<TopicMetadata> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    public synchronized Collection<TopicMetadata> topics() {
        return List.copyOf(topics.values());
    }

    /** Topics deleted whose partition directories may still exist. */
    public synchronized Set<String> deleting() {
        return Collections.unmodifiableSet(new TreeSet<>(deleting));
    }

    /** Adds or replaces a topic and writes the file. */
    public synchronized void put(TopicMetadata topic) throws IOException {
        topics.put(topic.name(), topic);
        deleting.remove(topic.name());
        persist();
    }

    /** Removes a topic, remembering it as being deleted, and writes the file. */
    public synchronized void markDeleting(String name) throws IOException {
        topics.remove(name);
        deleting.add(name);
        persist();
    }

    /** Forgets a topic whose partition directories are gone, and writes the file. */
    public synchronized void deleted(String name) throws IOException {
        if (deleting.remove(name)) {
            persist();
        }
    }
}
