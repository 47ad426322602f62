package io.partita.broker;

import io.partita.broker.config.BrokerConfig;
import io.partita.broker.config.ConfigException;
import io.partita.client.embedded.EmbeddedBrokerProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A broker inside this JVM, listening on {@code VM://name} (and only there unless the
 * {@code listeners} override adds a TCP listener), for tests, small deployments and the JMS
 * provider's {@code vm://name} URLs. Clients reach it with {@code bootstrap.servers=vm://name}.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start("orders", dataDir, Map.of())) {
 *     props.setProperty("bootstrap.servers", broker.bootstrapServers());
 * }
 * }</pre>
 *
 * <p><b>One broker per name.</b> A name is bound once per JVM. Starting a name that already runs
 * with the same data directory and overrides returns another handle on the same broker (so
 * several connections can each hold one); with a different directory or overrides it fails with
 * {@link IllegalStateException}. The broker shuts down cleanly when its last handle is closed.
 *
 * <p>Defaults differ from {@code partita server} in two keys only: {@code listeners=VM://name}
 * and {@code num.network.threads=1}. Thread-safe.
 */
public final class EmbeddedBroker implements EmbeddedBrokerProvider.Handle {

    /** The brokers running in this JVM by name; guarded by the class. */
    private static final Map<String, Running> RUNNING = new HashMap<>();

    private static final class Running {
        final PartitaServer server;
        final Path dataDir;
        final Map<String, String> overrides;
        int handles;

        Running(PartitaServer server, Path dataDir, Map<String, String> overrides) {
            this.server = server;
            this.dataDir = dataDir;
            this.overrides = overrides;
        }
    }

    private final String name;
    private final Running running;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(String name, Running running) {
        this.name = name;
        this.running = running;
    }

    /**
     * Starts the broker {@code name}, or returns another handle on it (see the class comment).
     *
     * @param overrides configuration keys over the embedded defaults
     * @throws IllegalStateException when {@code name} runs with another directory or overrides
     * @throws ConfigException for a bad name or key or value
     * @throws IOException when the data directory cannot be used
     */
    public static EmbeddedBroker start(String name, Path dataDir, Map<String, String> overrides) throws IOException {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException("in-VM broker name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        Map<String, String> settings = Map.copyOf(overrides);
        synchronized (EmbeddedBroker.class) {
            Running r = RUNNING.get(name);
            if (r != null) {
                if (!r.dataDir.equals(dir) || !r.overrides.equals(settings)) {
                    throw new IllegalStateException("an embedded broker named '" + name + "' already runs in this JVM with "
                            + "data in " + r.dataDir + " and overrides " + r.overrides + "; asked for " + dir + " and "
                            + settings);
                }
                r.handles++;
                return new EmbeddedBroker(name, r);
            }
            Files.createDirectories(dir);
            Map<String, String> all = new LinkedHashMap<>();
            all.put(BrokerConfig.NUM_NETWORK_THREADS, "1");
            all.putAll(settings);
            all.put(BrokerConfig.LOG_DIRS, dir.toString());
            all.put(BrokerConfig.LISTENERS, withVmListener(settings.get(BrokerConfig.LISTENERS), name));
            PartitaServer server = PartitaServer.start(BrokerConfig.of(all));
            r = new Running(server, dir, settings);
            r.handles = 1;
            RUNNING.put(name, r);
            return new EmbeddedBroker(name, r);
        }
    }

    private static String withVmListener(String listeners, String name) {
        String vm = "VM://" + name;
        if (listeners == null || listeners.isBlank()) {
            return vm;
        }
        for (String part : listeners.split(",")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "VM://", 0, 5)) {
                if (!p.substring(5).equals(name)) {
                    throw new ConfigException("listeners override '" + listeners + "' names in-VM listener " + p
                            + " but the embedded broker is '" + name + "'");
                }
                return listeners;
            }
        }
        return listeners + "," + vm;
    }

    @Override
    public String name() {
        return name;
    }

    /** The broker itself, for its port or configuration. */
    public PartitaServer server() {
        return running.server;
    }

    /** Gives up this handle; the last one shuts the broker down cleanly. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (EmbeddedBroker.class) { // held while closing, so the name is free once it returns
            if (--running.handles == 0) {
                try {
                    running.server.close();
                } finally {
                    RUNNING.remove(name, running);
                }
            }
        }
    }
}
