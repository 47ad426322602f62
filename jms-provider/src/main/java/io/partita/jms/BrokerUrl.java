package io.partita.jms;

import io.partita.client.HostPort;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed broker address, one of:
 * <ul>
 * <li>{@code partita://host:port[,host:port...][?options]}: brokers reached over TCP; any of them
 *     bootstraps the cluster metadata. IPv6 hosts go in brackets.
 * <li>{@code vm://name[?options]}: the in-process broker of that name.
 * </ul>
 * Options are {@code key=value} pairs joined by {@code &}, values percent-encoded as in a URL
 * query. Known options:
 * <table>
 * <caption>URL options</caption>
 * <tr><th>option</th><th>default</th><th>meaning</th></tr>
 * <tr><td>clientId</td><td>none</td><td>client id given to every connection the factory creates</td></tr>
 * <tr><td>user</td><td>none</td><td>user name for {@code createConnection()} without arguments</td></tr>
 * <tr><td>password</td><td>none</td><td>password going with {@code user}</td></tr>
 * <tr><td>reconnect</td><td>true</td><td>whether a lost broker connection is re-established
 *     (true) or closes the JMS connection and reports to its {@code ExceptionListener} (false)</td></tr>
 * <tr><td>prefetch</td><td>100</td><td>messages a consumer acquires from the broker at once
 *     (locked to it until acknowledged or the consumer closes)</td></tr>
 * <tr><td>transactionTimeout</td><td>60000</td><td>milliseconds a transacted session's transaction
 *     may stay open before the broker rolls it back (at most the broker's
 *     {@code transaction.max.timeout.ms})</td></tr>
 * <tr><td>dataDir</td><td>{@code <java.io.tmpdir>/partita-vm/<name>}</td><td>{@code vm://} only: the
 *     in-process broker's log directory</td></tr>
 * <tr><td>stay</td><td>false</td><td>{@code vm://} only: keep the in-process broker running after its
 *     last connection closes (until {@link PartitaConnectionFactory#stopVmBroker} or the JVM exits)</td></tr>
 * <tr><td>broker.<i>key</i></td><td></td><td>{@code vm://} only: broker setting <i>key</i>
 *     ({@code server.properties} name) for the in-process broker</td></tr>
 * </table>
 * An unknown option, a repeated option or a bad value is refused with an
 * {@link IllegalArgumentException} that names it. Immutable and thread-safe.
 */
public final class BrokerUrl {
    public static final String PARTITA_SCHEME = "partita";
    public static final String VM_SCHEME = "vm";

    public static final String CLIENT_ID = "clientId";
    public static final String USER = "user";
    public static final String PASSWORD = "password";
    public static final String RECONNECT = "reconnect";
    public static final String DATA_DIR = "dataDir";
    public static final String PREFETCH = "prefetch";
    public static final String STAY = "stay";
    public static final String TRANSACTION_TIMEOUT = "transactionTimeout";
    /** The transaction timeout of transacted sessions when the URL does not say (the client's default). */
    public static final int DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;
    /** Prefix of {@code vm://} options that are settings of the in-process broker. */
    public static final String BROKER_PREFIX = "broker.";

    private static final Set<String> COMMON_OPTIONS = Set.of(CLIENT_ID, USER, PASSWORD, RECONNECT, PREFETCH,
            TRANSACTION_TIMEOUT);

    private final String text;
    private final String scheme;
    private final List<HostPort> brokers;
    private final String vmName;
    private final Map<String, String> options;

    private BrokerUrl(String text, String scheme, List<HostPort> brokers, String vmName, Map<String, String> options) {
        this.text = text;
        this.scheme = scheme;
        this.brokers = brokers;
        this.vmName = vmName;
        this.options = options;
    }

    /**
     * Parses a broker URL.
     *
     * @throws IllegalArgumentException naming what is wrong: the scheme, an address, an option
     */
    public static BrokerUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("broker URL is empty; expected partita://host:port or vm://name");
        }
        String trimmed = url.trim();
        int sep = trimmed.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("broker URL '" + url + "' has no scheme; expected partita://host:port"
                    + " or vm://name");
        }
        String scheme = trimmed.substring(0, sep);
        String rest = trimmed.substring(sep + 3);
        int q = rest.indexOf('?');
        String authority = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> options = q < 0 ? Map.of() : options(url, rest.substring(q + 1));
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        switch (scheme) {
            case PARTITA_SCHEME -> {
                checkOptions(url, options, COMMON_OPTIONS);
                if (authority.isEmpty()) {
                    throw new IllegalArgumentException("broker URL '" + url + "' names no broker; expected "
                            + "partita://host:port[,host:port...]");
                }
                List<HostPort> brokers = new ArrayList<>();
                for (String part : authority.split(",")) {
                    brokers.add(HostPort.parse(part.trim(), "broker URL '" + url + "'"));
                }
                BrokerUrl parsed = new BrokerUrl(trimmed, scheme, List.copyOf(brokers), null, options);
                parsed.reconnect();
                parsed.prefetch();
                parsed.transactionTimeoutMs();
                return parsed;
            }
            case VM_SCHEME -> {
                Set<String> known = new TreeSet<>(COMMON_OPTIONS);
                known.add(DATA_DIR);
                known.add(STAY);
                Map<String, String> own = new LinkedHashMap<>(options);
                own.keySet().removeIf(k -> k.startsWith(BROKER_PREFIX) && k.length() > BROKER_PREFIX.length());
                checkOptions(url, own, known);
                if (authority.isEmpty() || authority.contains("/") || authority.contains(",")) {
                    throw new IllegalArgumentException("broker URL '" + url + "' needs one broker name: vm://name");
                }
                if (!authority.matches("[A-Za-z0-9._-]+")) {
                    throw new IllegalArgumentException("broker URL '" + url + "': in-VM broker name '" + authority
                            + "' may hold only letters, digits, '.', '_' and '-'");
                }
                BrokerUrl parsed = new BrokerUrl(trimmed, scheme, List.of(), authority, options);
                parsed.flag(STAY, false);
                parsed.reconnect();
                parsed.prefetch();
                parsed.transactionTimeoutMs();
                return parsed;
            }
            default -> throw new IllegalArgumentException("broker URL '" + url + "' has unknown scheme '" + scheme
                    + "'; known schemes: partita, vm");
        }
    }

    private static Map<String, String> options(String url, String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("broker URL '" + url + "': option '" + pair
                        + "' is not key=value");
            }
            String key = decode(url, pair.substring(0, eq));
            String value = decode(url, pair.substring(eq + 1));
            if (out.put(key, value) != null) {
                throw new IllegalArgumentException("broker URL '" + url + "': option '" + key + "' is given twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String decode(String url, String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker URL '" + url + "': '" + s + "' is not percent-encoded correctly");
        }
    }

    private static void checkOptions(String url, Map<String, String> options, Set<String> known) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("broker URL '" + url + "': unknown option '" + key
                        + "'; known options: " + new TreeSet<>(known));
            }
        }
    }

    /** The URL as given (trimmed). */
    public String text() {
        return text;
    }

    /** {@value #PARTITA_SCHEME} or {@value #VM_SCHEME}. */
    public String scheme() {
        return scheme;
    }

    public boolean isVm() {
        return VM_SCHEME.equals(scheme);
    }

    /** The brokers of a {@code partita://} URL; empty for {@code vm://}. */
    public List<HostPort> brokers() {
        return brokers;
    }

    /** The broker name of a {@code vm://} URL, else null. */
    public String vmName() {
        return vmName;
    }

    /** Every option given, decoded. */
    public Map<String, String> options() {
        return options;
    }

    public String clientId() {
        return options.get(CLIENT_ID);
    }

    public String user() {
        return options.get(USER);
    }

    public String password() {
        return options.get(PASSWORD);
    }

    public String dataDir() {
        return options.get(DATA_DIR);
    }

    /** The {@code reconnect} option, true by default. */
    public boolean reconnect() {
        return flag(RECONNECT, true);
    }

    /** The {@code stay} option of a {@code vm://} URL, false by default. */
    public boolean stay() {
        return flag(STAY, false);
    }

    /** The {@code broker.*} options of a {@code vm://} URL, without the prefix. */
    public Map<String, String> brokerSettings() {
        Map<String, String> out = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (k.startsWith(BROKER_PREFIX)) {
                out.put(k.substring(BROKER_PREFIX.length()), v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private boolean flag(String option, boolean byDefault) {
        String v = options.get(option);
        if (v == null) {
            return byDefault;
        }
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("broker URL '" + text + "': option '" + option
                + "' must be true or false, not '" + v + "'");
    }

    /**
     * The {@code prefetch} option: how many messages a consumer acquires from the broker at once
     * ({@value io.partita.jms.provider.ClientProvider#DEFAULT_PREFETCH} by default, at least 1).
     * Acquired messages are locked to that consumer until it acknowledges them or closes.
     */
    public int prefetch() {
        String v = options.get(PREFETCH);
        if (v == null) {
            return io.partita.jms.provider.ClientProvider.DEFAULT_PREFETCH;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("broker URL '" + text + "': option 'prefetch' must be a whole number "
                + "of at least 1, not '" + v + "'");
    }

    /**
     * The {@code transactionTimeout} option: how many milliseconds a transacted session's
     * transaction may stay open before the broker rolls it back ({@value #DEFAULT_TRANSACTION_TIMEOUT_MS}
     * by default, from 1 to 2147483647; the broker refuses more than its
     * {@code transaction.max.timeout.ms} when the session first uses its transaction).
     */
    public int transactionTimeoutMs() {
        String v = options.get(TRANSACTION_TIMEOUT);
        if (v == null) {
            return DEFAULT_TRANSACTION_TIMEOUT_MS;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("broker URL '" + text + "': option 'transactionTimeout' must be a whole "
                + "number of milliseconds from 1 to " + Integer.MAX_VALUE + ", not '" + v + "'");
    }

    /** The {@code host:port,...} list for the client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        StringBuilder b = new StringBuilder();
        for (HostPort hp : brokers) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(hp);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrokerUrl u && u.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    /** The URL with the password, if any, masked. */
    @Override
    public String toString() {
        String pw = options.get(PASSWORD);
        return pw == null ? text : text.replace("password=", "password=***").replaceFirst("password=\\*\\*\\*[^&]*",
                "password=***");
    }
}
