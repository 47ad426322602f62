package io.partita.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a client's settings from {@link Properties}: refuses unknown keys, parses and checks
 * each value, and names the key and value in every error. Used by the producer, consumer and
 * admin client configurations.
 */
public final class Settings {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String CLIENT_ID = "client.id";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    /** The user to authenticate as on every connection; not set: anonymous. */
    public static final String SECURITY_USER = "security.user";
    /** The password of {@code security.user}. */
    public static final String SECURITY_PASSWORD = "security.password";
    /** Keys every client accepts. */
    public static final Set<String> COMMON = Set.of(BOOTSTRAP_SERVERS, CLIENT_ID, REQUEST_TIMEOUT_MS, RETRY_BACKOFF_MS,
            SECURITY_USER, SECURITY_PASSWORD);

    private final String what;
    private final Properties props;

    /**
     * @param what  the kind of client, for messages ("producer")
     * @param known every key this client accepts besides {@link #COMMON}
     */
    public Settings(String what, Properties props, Set<String> known) {
        this.what = what;
        this.props = props;
        for (String key : props.stringPropertyNames()) {
            if (!known.contains(key) && !COMMON.contains(key)) {
                Set<String> all = new TreeSet<>(known);
                all.addAll(COMMON);
                throw new IllegalArgumentException("unknown " + what + " setting '" + key + "'; known settings: " + all);
            }
        }
    }

    public static Properties of(Map<String, ?> values) {
        Properties p = new Properties();
        values.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        return p;
    }

    public String string(String key, String defaultValue) {
        String v = props.getProperty(key);
        return v == null ? defaultValue : v.trim();
    }

    public int intValue(String key, int defaultValue, int min) {
        long v = longValue(key, defaultValue, min);
        if (v > Integer.MAX_VALUE) {
            throw bad(key, string(key, null), "at most " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    public long longValue(String key, long defaultValue, long min) {
        String raw = props.getProperty(key);
        if (raw == null) {
            return defaultValue;
        }
        long v;
        try {
            v = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw bad(key, raw, "a whole number");
        }
        if (v < min) {
            throw bad(key, raw, "at least " + min);
        }
        return v;
    }

    public boolean bool(String key, boolean defaultValue) {
        String raw = props.getProperty(key);
        if (raw == null) {
            return defaultValue;
        }
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, raw, "true or false");
        };
    }

    /** One of {@code allowed} (case-insensitive), returned in lower case. */
    public String choice(String key, String defaultValue, String... allowed) {
        String v = string(key, defaultValue).toLowerCase(java.util.Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw bad(key, v, "one of " + String.join(", ", allowed));
    }

    /**
     * {@code security.user} and {@code security.password}: both or neither.
     *
     * @throws IllegalArgumentException when only one is set, naming the missing one
     */
    public Credentials credentials() {
        String user = props.getProperty(SECURITY_USER);
        String password = props.getProperty(SECURITY_PASSWORD);
        if (user == null && password == null) {
            return Credentials.ANONYMOUS;
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException(what + " setting '" + SECURITY_PASSWORD + "' is set but '"
                    + SECURITY_USER + "' is not");
        }
        if (password == null) {
            throw new IllegalArgumentException(what + " setting '" + SECURITY_USER + "' is set but '"
                    + SECURITY_PASSWORD + "' is not");
        }
        return Credentials.of(user.trim(), password);
    }

    /** {@code bootstrap.servers}: a required, comma-separated list of host:port or vm://name. */
    public List<HostPort> bootstrapServers() {
        String raw = props.getProperty(BOOTSTRAP_SERVERS);
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException(what + " setting '" + BOOTSTRAP_SERVERS
                    + "' is required (host:port[,host:port...], or vm://name for a broker in this JVM)");
        }
        List<HostPort> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            out.add(HostPort.parse(part.trim(), BOOTSTRAP_SERVERS));
        }
        return out;
    }

    private IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("invalid value '" + value + "' for " + what + " setting '" + key
                + "': must be " + expected);
    }
}
