package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A broker inside the test JVM, reached over {@code vm://} URLs: started by the provider when the
 * first connection needs it, with a temporary data directory, the suite's users file and
 * anonymous access refused; {@code stay=true} keeps it between tests until {@link #close()}.
 * Thread-safe.
 */
final class VmTarget implements Target {
    private final String name = "tck-" + UUID.randomUUID();
    private final Path dataDir;
    private final String base;

    VmTarget() {
        try {
            dataDir = Files.createTempDirectory("partita-tck-vm-");
            base = "vm://" + name + "?stay=true&dataDir=" + encode(dataDir.resolve("data"))
                    + "&broker.authentication.users.file=" + encode(SuiteUsers.writeFile(dataDir))
                    + "&broker.authentication.allow.anonymous=false&broker.num.partitions=1";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the in-VM broker's directory", e);
        }
    }

    private static String encode(Path p) {
        return URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return "partita-vm";
    }

    @Override
    public String anonymousUrl(String options) {
        return base + (options == null || options.isEmpty() ? "" : "&" + options);
    }

    @Override
    public synchronized void close() {
        PartitaConnectionFactory.stopVmBroker(name);
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
