package io.partita.broker.config;

import io.partita.broker.log.FlushMode;
import io.partita.broker.log.LogConfig;
import io.partita.broker.txn.TransactionConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The broker's settings, read from {@code server.properties} with Kafka-style keys.
 *
 * <p>Every key is defined once in {@link #definitions()} with its default, the values it accepts
 * and one sentence of documentation; {@code docs/configuration.md} is generated from that list
 * ({@link ConfigDocs}) and a test keeps the two in step. Parsing is strict: an unknown key or a
 * value that does not parse or is out of range fails with a {@link ConfigException} naming the
 * key and the value, so a typo never silently falls back to a default.
 *
 * <p>Immutable and thread-safe.
 */
public final class BrokerConfig {

    public static final String BROKER_ID = "broker.id";
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String AUTHENTICATION_USERS_FILE = "authentication.users.file";
    public static final String AUTHENTICATION_ALLOW_ANONYMOUS = "authentication.allow.anonymous";
    public static final String AUTHENTICATION_FAILURE_DELAY_MS = "authentication.failure.delay.ms";
    public static final String LOG_DIRS = "log.dirs";
    public static final String ZOOKEEPER_CONNECT = "zookeeper.connect";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String LOG_SEGMENT_BYTES = "log.segment.bytes";
    public static final String LOG_ROLL_MS = "log.roll.ms";
    public static final String LOG_ROLL_HOURS = "log.roll.hours";
    public static final String LOG_INDEX_INTERVAL_BYTES = "log.index.interval.bytes";
    public static final String LOG_INDEX_SIZE_MAX_BYTES = "log.index.size.max.bytes";
    public static final String LOG_RETENTION_MS = "log.retention.ms";
    public static final String LOG_RETENTION_HOURS = "log.retention.hours";
    public static final String LOG_RETENTION_BYTES = "log.retention.bytes";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String LOG_CHECKPOINT_INTERVAL_MS = "log.flush.offset.checkpoint.interval.ms";
    public static final String LOG_FLUSH_MODE = "log.flush.mode";
    public static final String MESSAGE_MAX_BYTES = "message.max.bytes";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String NUM_IO_THREADS = "num.io.threads";
    public static final String CONNECTION_MAX_INFLIGHT_REQUESTS = "connection.max.inflight.requests";
    public static final String SHARE_RECORD_LOCK_DURATION_MS = "share.record.lock.duration.ms";
    public static final String SHARE_MAX_DELIVERY_ATTEMPTS = "share.max.delivery.attempts";
    public static final String SHARE_PARTITION_MAX_RECORD_LOCKS = "share.partition.max.record.locks";
    /** The most offsets a share group partition looks at beyond its share start offset. */
    public static final String SHARE_PARTITION_MAX_PENDING_RECORDS = "share.partition.max.pending.records";
    public static final String SHARE_DEAD_LETTER_TOPIC = "share.dead.letter.topic";
    public static final String SHARE_STATE_SNAPSHOT_INTERVAL_MS = "share.state.snapshot.interval.ms";
    public static final String TRANSACTION_MAX_TIMEOUT_MS = "transaction.max.timeout.ms";
    public static final String TRANSACTION_XA_DEFAULT_TIMEOUT_MS = "transaction.xa.default.timeout.ms";
    public static final String TRANSACTION_ABORT_CHECK_INTERVAL_MS = "transaction.abort.timed.out.transaction.cleanup.interval.ms";
    public static final String TRANSACTION_STATE_LOG_NUM_PARTITIONS = "transaction.state.log.num.partitions";
    public static final String TRANSACTION_STATE_LOG_SEGMENT_BYTES = "transaction.state.log.segment.bytes";
    public static final String TRANSACTIONAL_ID_EXPIRATION_MS = "transactional.id.expiration.ms";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";

    private static final long HOUR_MS = 3_600_000L;

    private static final List<ConfigKey> DEFINITIONS = List.of(
            new ConfigKey(BROKER_ID, "0", "0 or more", ConfigKey.intIn(0, Integer.MAX_VALUE),
                    "The id of this broker, unique in the cluster; reported in Metadata responses."),
            new ConfigKey(LISTENERS, "PLAINTEXT://127.0.0.1:9700",
                    "PLAINTEXT://host:port (port 0 picks a free port), VM://name, or both separated by a comma",
                    Listeners::parse, "Where the broker accepts connections. An empty host or 0.0.0.0 listens on every interface. "
                            + "VM://name also accepts clients in the same JVM that connect to vm://name, without a socket (see docs/broker.md)."),
            new ConfigKey(ADVERTISED_LISTENERS, null, "one PLAINTEXT://host:port", Listener::parse,
                    "The address given to TCP clients in Metadata responses; by default the listener's (with the local host name when it listens on every interface). In-VM clients are always given vm://name."),
            new ConfigKey(AUTHENTICATION_USERS_FILE, null, "a file path", text -> Path.of(text),
                    "The users file: one 'user = PBKDF2WithHmacSHA256:iterations:salt:hash' line per user, as printed by 'partita users hash'. Not set: no users (see docs/security.md)."),
            new ConfigKey(AUTHENTICATION_ALLOW_ANONYMOUS, "true", "true or false", ConfigKey::bool,
                    "Whether connections that do not authenticate may use the broker. true suits one trusted machine; anyone who can reach a listener can then read and write every topic. Credentials that are sent are checked either way."),
            new ConfigKey(AUTHENTICATION_FAILURE_DELAY_MS, "500", "0 or more", ConfigKey.longIn(0, 60_000),
                    "How long the broker waits before answering a failed authentication (the connection is then closed), to slow down password guessing."),
            new ConfigKey(LOG_DIRS, "partita-data", "a comma-separated list of directories", BrokerConfig::parsePaths,
                    "Directories holding the partition logs; relative paths are resolved against the working directory. Each partition lives in one of them."),
            new ConfigKey(ZOOKEEPER_CONNECT, null, "host:port[,host:port...][/chroot]", text -> text,
                    "Accepted and logged, but not used yet: this version runs as a single broker and keeps cluster metadata in its log directories."),
            new ConfigKey(NUM_PARTITIONS, "1", "1 or more", ConfigKey.intIn(1, 1 << 20),
                    "Partitions of an automatically created topic, and of a CreateTopics request that asks for the default (-1)."),
            new ConfigKey(DEFAULT_REPLICATION_FACTOR, "1", "1 or more", ConfigKey.intIn(1, Short.MAX_VALUE),
                    "Replicas per partition of automatically created topics. A single broker can only host factor 1."),
            new ConfigKey(MIN_INSYNC_REPLICAS, "1", "1 or more", ConfigKey.intIn(1, Short.MAX_VALUE),
                    "With acks=all, a produce is refused with NOT_ENOUGH_REPLICAS when fewer replicas are in sync. Topics may override it (min.insync.replicas)."),
            new ConfigKey(AUTO_CREATE_TOPICS_ENABLE, "true", "true or false", ConfigKey::bool,
                    "Create a topic with the default settings when Metadata (if the client allows it) or Produce names one that does not exist."),
            new ConfigKey(LOG_SEGMENT_BYTES, Integer.toString(LogConfig.DEFAULTS.segmentBytes()), "64 or more",
                    ConfigKey.intIn(64, Integer.MAX_VALUE), "Roll the active segment before it would grow past this size (topic key segment.bytes)."),
            new ConfigKey(LOG_ROLL_MS, null, "1 or more", ConfigKey.longIn(1, Long.MAX_VALUE),
                    "Roll the active segment once its first record is this old; takes precedence over log.roll.hours (topic key segment.ms)."),
            new ConfigKey(LOG_ROLL_HOURS, "168", "1 or more", ConfigKey.intIn(1, Integer.MAX_VALUE),
                    "log.roll.ms in hours, used when log.roll.ms is not set."),
            new ConfigKey(LOG_INDEX_INTERVAL_BYTES, Integer.toString(LogConfig.DEFAULTS.indexIntervalBytes()), "0 or more",
                    ConfigKey.intIn(0, Integer.MAX_VALUE), "Bytes of log between two entries of the offset index (topic key index.interval.bytes)."),
            new ConfigKey(LOG_INDEX_SIZE_MAX_BYTES, Integer.toString(LogConfig.DEFAULTS.segmentIndexBytes()), "24 or more",
                    ConfigKey.intIn(24, Integer.MAX_VALUE), "Preallocated size of each index file; a full index rolls the segment (topic key segment.index.bytes)."),
            new ConfigKey(LOG_RETENTION_MS, null, "-1 (unlimited) or more", ConfigKey.longIn(-1, Long.MAX_VALUE),
                    "Delete segments whose newest record is older than this; takes precedence over log.retention.hours (topic key retention.ms)."),
            new ConfigKey(LOG_RETENTION_HOURS, "168", "-1 (unlimited) or more", ConfigKey.intIn(-1, Integer.MAX_VALUE),
                    "log.retention.ms in hours, used when log.retention.ms is not set."),
            new ConfigKey(LOG_RETENTION_BYTES, "-1", "-1 (unlimited) or more", ConfigKey.longIn(-1, Long.MAX_VALUE),
                    "Delete the oldest segments while a partition is larger than this (topic key retention.bytes)."),
            new ConfigKey(LOG_RETENTION_CHECK_INTERVAL_MS, "300000", "1 or more", ConfigKey.longIn(1, Long.MAX_VALUE),
                    "How often retention runs."),
            new ConfigKey(LOG_CHECKPOINT_INTERVAL_MS, "60000", "1 or more", ConfigKey.longIn(1, Long.MAX_VALUE),
                    "How often recovery points, log start offsets and producer state snapshots are written."),
            new ConfigKey(LOG_FLUSH_MODE, FlushMode.GROUP_COMMIT.configValue(), "group-commit or os", FlushMode::fromConfig,
                    "group-commit: acknowledge appends after fsync, sharing fsyncs among concurrent producers; os: leave flushing to the page cache, fsyncing only rolled segments, in the background (topic key flush.mode)."),
            new ConfigKey(MESSAGE_MAX_BYTES, Integer.toString(LogConfig.DEFAULTS.maxMessageBytes()), "0 or more",
                    ConfigKey.intIn(0, Integer.MAX_VALUE), "The largest record batch accepted (topic key max.message.bytes)."),
            new ConfigKey(SOCKET_REQUEST_MAX_BYTES, Integer.toString(100 * 1024 * 1024), "1024 or more",
                    ConfigKey.intIn(1024, Integer.MAX_VALUE),
                    "The largest request frame accepted; a larger declared size closes the connection before anything is allocated for it."),
            new ConfigKey(NUM_NETWORK_THREADS, "3", "1 or more", ConfigKey.intIn(1, 1024),
                    "Threads reading requests from and writing responses to sockets."),
            new ConfigKey(NUM_IO_THREADS, "8", "1 or more", ConfigKey.intIn(1, 1024),
                    "Threads running requests (appends wait for fsync on these)."),
            new ConfigKey(CONNECTION_MAX_INFLIGHT_REQUESTS, "100", "1 or more", ConfigKey.intIn(1, 1 << 16),
                    "Pipelined requests a connection may have unanswered before the broker stops reading from it."),
            new ConfigKey(SHARE_RECORD_LOCK_DURATION_MS, "30000", "1 or more", ConfigKey.longIn(1, Long.MAX_VALUE),
                    "How long a record acquired by a share group member stays locked for it; then it is available again with its delivery count kept."),
            new ConfigKey(SHARE_MAX_DELIVERY_ATTEMPTS, "10", "1 or more", ConfigKey.intIn(1, Short.MAX_VALUE),
                    "Deliveries after which a released or timed-out share group record goes to the dead-letter topic (topic key max.delivery.attempts)."),
            new ConfigKey(SHARE_PARTITION_MAX_RECORD_LOCKS, "2000", "1 to 1000000", ConfigKey.intIn(1, 1_000_000),
                    "Records a share group partition has acquired at once, and released records it keeps waiting with their delivery counts; also the new offsets one fetch looks at, and how many offsets past its first deliverable record a fetch reads for higher priorities (about 100 bytes per held record)."),
            new ConfigKey(SHARE_PARTITION_MAX_PENDING_RECORDS, "1000000", "1 to 1000000000", ConfigKey.intIn(1, 1_000_000_000),
                    "Offsets a share group partition looks at beyond its share start offset; records no consumer's selector matches wait there at one bit each (1000000 = 125 KB), and newer records are not looked at until older ones are consumed, expire or leave by retention."),
            new ConfigKey(SHARE_DEAD_LETTER_TOPIC, "DLQ", "a topic name", text -> {
                io.partita.protocol.TopicPartition.validateTopicName(text);
                return text;
            }, "Where share groups move rejected records and records delivered too often (topic key dead.letter.topic)."),
            new ConfigKey(SHARE_STATE_SNAPSHOT_INTERVAL_MS, "60000", "1 or more", ConfigKey.longIn(1, Long.MAX_VALUE),
                    "How often the state of every share group is snapshotted into __share_state, bounding what a restart replays."),
            new ConfigKey(TRANSACTION_MAX_TIMEOUT_MS, "900000", "1 or more", ConfigKey.intIn(1, Integer.MAX_VALUE),
                    "The largest transaction.timeout.ms a transactional producer or XA branch may ask for; larger ones are refused with INVALID_TRANSACTION_TIMEOUT."),
            new ConfigKey(TRANSACTION_XA_DEFAULT_TIMEOUT_MS, "60000", "1 or more", ConfigKey.intIn(1, Integer.MAX_VALUE),
                    "The timeout of an XA branch whose transaction manager sets none; an unprepared branch open longer is rolled back."),
            new ConfigKey(TRANSACTION_ABORT_CHECK_INTERVAL_MS, "10000", "1 or more", ConfigKey.longIn(1, Long.MAX_VALUE),
                    "How often the transaction coordinator rolls back transactions open longer than their timeout (never prepared XA branches) and retries unfinished commits and aborts."),
            new ConfigKey(TRANSACTION_STATE_LOG_NUM_PARTITIONS, "16", "1 or more", ConfigKey.intIn(1, 1 << 16),
                    "Partitions of the internal topic __transaction_state when it is first created; never changed afterwards."),
            new ConfigKey(TRANSACTION_STATE_LOG_SEGMENT_BYTES, Integer.toString(100 * 1024 * 1024), "64 or more",
                    ConfigKey.intIn(64, Integer.MAX_VALUE), "Segment size of the internal topic __transaction_state."),
            new ConfigKey(TRANSACTIONAL_ID_EXPIRATION_MS, "604800000", "1 or more", ConfigKey.longIn(1, Long.MAX_VALUE),
                    "A transactional id with no transaction open and no request for this long is forgotten (its next producer gets a new producer id); so is an XA branch rolled back by its timeout that its transaction manager never asked about."),
            new ConfigKey(OFFSETS_TOPIC_NUM_PARTITIONS, "50", "1 to 1000", ConfigKey.intIn(1, 1000),
                    "Partitions of the internal topic __consumer_offsets, used when it is created on first use; a group belongs to partition murmur2(group id) mod this count."),
            new ConfigKey(GROUP_MIN_SESSION_TIMEOUT_MS, "6000", "1 or more", ConfigKey.intIn(1, Integer.MAX_VALUE),
                    "The smallest session.timeout.ms a consumer group member may ask for; JoinGroup fails with INVALID_SESSION_TIMEOUT below it."),
            new ConfigKey(GROUP_MAX_SESSION_TIMEOUT_MS, "1800000", "1 or more", ConfigKey.intIn(1, Integer.MAX_VALUE),
                    "The largest session.timeout.ms a consumer group member may ask for; JoinGroup fails with INVALID_SESSION_TIMEOUT above it."),
            new ConfigKey(GROUP_INITIAL_REBALANCE_DELAY_MS, "3000", "0 or more", ConfigKey.intIn(0, Integer.MAX_VALUE),
                    "How long the first rebalance of an empty group waits for more members to join (bounded by the rebalance timeout), so that a group starting together rebalances once."),
            new ConfigKey(OFFSET_METADATA_MAX_BYTES, "4096", "0 or more", ConfigKey.intIn(0, Integer.MAX_VALUE),
                    "The longest metadata text accepted with a committed offset; longer ones fail with OFFSET_METADATA_TOO_LARGE."));

    private static final Map<String, ConfigKey> BY_NAME;

    static {
        Map<String, ConfigKey> m = new LinkedHashMap<>();
        for (ConfigKey k : DEFINITIONS) {
            if (m.put(k.name(), k) != null) {
                throw new ExceptionInInitializerError("duplicate configuration key " + k.name());
            }
        }
        BY_NAME = Collections.unmodifiableMap(m);
    }

    /**
     * The value of {@code listeners}: at most one TCP listener and at most one in-VM name, at
     * least one of the two.
     *
     * @param tcp    the {@code PLAINTEXT://} listener, or null for none
     * @param vmName the name of the {@code VM://} listener, or null for none
     */
    public record Listeners(Listener tcp, String vmName) {
        static final String VM_SCHEME = "VM://";

        static Listeners parse(String text) {
            Listener tcp = null;
            String vm = null;
            for (String part : text.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.regionMatches(true, 0, VM_SCHEME, 0, VM_SCHEME.length())) {
                    if (vm != null) {
                        throw new IllegalArgumentException("more than one VM:// listener");
                    }
                    vm = p.substring(VM_SCHEME.length());
                    if (!vm.matches("[A-Za-z0-9._-]+")) {
                        throw new IllegalArgumentException("in-VM name '" + vm + "' must be letters, digits, '.', '_' or '-'");
                    }
                } else {
                    if (tcp != null) {
                        throw new IllegalArgumentException("more than one PLAINTEXT:// listener");
                    }
                    tcp = Listener.parse(p);
                }
            }
            if (tcp == null && vm == null) {
                throw new IllegalArgumentException("no listener");
            }
            return new Listeners(tcp, vm);
        }
    }

    /** An endpoint of the form {@code PLAINTEXT://host:port}. */
    public record Listener(String host, int port) {
        static final String SCHEME = "PLAINTEXT://";

        static Listener parse(String text) {
            if (text.contains(",")) {
                throw new IllegalArgumentException("only one listener is supported");
            }
            if (!text.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
                throw new IllegalArgumentException("only the PLAINTEXT:// security protocol is supported");
            }
            String rest = text.substring(SCHEME.length());
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("no port");
            }
            String host = rest.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port is not a number");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range");
            }
            return new Listener(host, port);
        }

        /** Whether this listener binds every interface. */
        public boolean wildcard() {
            return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
        }

        @Override
        public String toString() {
            return SCHEME + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private final Map<String, String> originals;
    private final Map<String, Object> values;

    private BrokerConfig(Map<String, String> originals) {
        Map<String, Object> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : originals.entrySet()) {
            ConfigKey key = BY_NAME.get(e.getKey());
            if (key == null) {
                throw new ConfigException("unknown configuration key '" + e.getKey() + "' (value '" + e.getValue()
                        + "'); see docs/configuration.md for the keys Partita knows");
            }
            if (e.getValue() == null) {
                throw new ConfigException("configuration key '" + e.getKey() + "' has no value");
            }
        }
        for (ConfigKey key : DEFINITIONS) {
            String text = originals.getOrDefault(key.name(), key.defaultValue());
            parsed.put(key.name(), text == null ? null : key.parse(text));
        }
        this.originals = Collections.unmodifiableMap(new TreeMap<>(originals));
        this.values = parsed;
        logConfig(); // combinations (e.g. retention) are checked up front too
    }

    /** Every key Partita knows, in documentation order. */
    public static List<ConfigKey> definitions() {
        return DEFINITIONS;
    }

    /** The defaults for every key. */
    public static BrokerConfig defaults() {
        return new BrokerConfig(Map.of());
    }

    /**
     * A configuration from explicit key/value pairs; keys not given take their defaults.
     *
     * @throws ConfigException for an unknown key or a bad value, naming it
     */
    public static BrokerConfig of(Map<String, String> settings) {
        return new BrokerConfig(settings);
    }

    /**
     * Reads a properties file and applies {@code overrides} on top of it.
     *
     * @param file      a {@code server.properties} file, or null for none
     * @param overrides keys given on the command line; they win over the file
     * @throws ConfigException when the file cannot be read or holds an unknown key or bad value
     */
    public static BrokerConfig load(Path file, Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
            }
            for (String name : p.stringPropertyNames()) {
                all.put(name, p.getProperty(name));
            }
        }
        all.putAll(overrides);
        return new BrokerConfig(all);
    }

    /**
     * Parses {@code key=value} pairs such as those given with {@code --override}.
     *
     * @throws ConfigException when an entry has no '='
     */
    public static Map<String, String> parseOverrides(List<String> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("override '" + entry + "' is not of the form key=value");
            }
            out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1));
        }
        return out;
    }

    /** This configuration with one more key set; for embedding and tests. */
    public BrokerConfig with(String key, Object value) {
        Map<String, String> m = new LinkedHashMap<>(originals);
        m.put(key, String.valueOf(value));
        return new BrokerConfig(m);
    }

    /** The keys that were set explicitly, with their text. */
    public Map<String, String> originals() {
        return originals;
    }

    private Object value(String key) {
        return values.get(key);
    }

    public int brokerId() {
        return (Integer) value(BROKER_ID);
    }

    /** The TCP listener, or null when the broker listens in-VM only. */
    public Listener listener() {
        return ((Listeners) value(LISTENERS)).tcp();
    }

    /** The name of the in-VM listener ({@code VM://name}), if there is one. */
    public Optional<String> vmListenerName() {
        return Optional.ofNullable(((Listeners) value(LISTENERS)).vmName());
    }

    /** The users file, if one is set. */
    public Optional<Path> usersFile() {
        return Optional.ofNullable((Path) value(AUTHENTICATION_USERS_FILE));
    }

    public boolean authenticationAllowAnonymous() {
        return (Boolean) value(AUTHENTICATION_ALLOW_ANONYMOUS);
    }

    public long authenticationFailureDelayMs() {
        return (Long) value(AUTHENTICATION_FAILURE_DELAY_MS);
    }

    /** The advertised listener if one is set. */
    public Optional<Listener> advertisedListener() {
        return Optional.ofNullable((Listener) value(ADVERTISED_LISTENERS));
    }

    @SuppressWarnings("unchecked")
    public List<Path> logDirs() {
        return (List<Path>) value(LOG_DIRS);
    }

    /** The ZooKeeper connect string if set; not used yet. */
    public Optional<String> zookeeperConnect() {
        String v = (String) value(ZOOKEEPER_CONNECT);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    public int numPartitions() {
        return (Integer) value(NUM_PARTITIONS);
    }

    public int defaultReplicationFactor() {
        return (Integer) value(DEFAULT_REPLICATION_FACTOR);
    }

    public int minInsyncReplicas() {
        return (Integer) value(MIN_INSYNC_REPLICAS);
    }

    public boolean autoCreateTopicsEnable() {
        return (Boolean) value(AUTO_CREATE_TOPICS_ENABLE);
    }

    public long retentionCheckIntervalMs() {
        return (Long) value(LOG_RETENTION_CHECK_INTERVAL_MS);
    }

    public long checkpointIntervalMs() {
        return (Long) value(LOG_CHECKPOINT_INTERVAL_MS);
    }

    public int socketRequestMaxBytes() {
        return (Integer) value(SOCKET_REQUEST_MAX_BYTES);
    }

    public int numNetworkThreads() {
        return (Integer) value(NUM_NETWORK_THREADS);
    }

    public int numIoThreads() {
        return (Integer) value(NUM_IO_THREADS);
    }

    /**
     * The transaction coordinator's settings.
     *
     * @throws ConfigException when {@code transaction.xa.default.timeout.ms} exceeds
     *         {@code transaction.max.timeout.ms} (checked when the broker starts)
     */
    public TransactionConfig transactionConfig() {
        int max = (Integer) value(TRANSACTION_MAX_TIMEOUT_MS);
        int xaDefault = (Integer) value(TRANSACTION_XA_DEFAULT_TIMEOUT_MS);
        if (xaDefault > max) {
            throw new ConfigException("configuration key '" + TRANSACTION_XA_DEFAULT_TIMEOUT_MS + "' (" + xaDefault
                    + ") must not exceed '" + TRANSACTION_MAX_TIMEOUT_MS + "' (" + max + ")");
        }
        return new TransactionConfig((Integer) value(TRANSACTION_MAX_TIMEOUT_MS),
                (Integer) value(TRANSACTION_XA_DEFAULT_TIMEOUT_MS), (Long) value(TRANSACTION_ABORT_CHECK_INTERVAL_MS),
                (Integer) value(TRANSACTION_STATE_LOG_NUM_PARTITIONS), (Integer) value(TRANSACTION_STATE_LOG_SEGMENT_BYTES),
                (Long) value(TRANSACTIONAL_ID_EXPIRATION_MS));
    }

    /** The group coordinator's settings. */
    public io.partita.broker.group.GroupConfig groupConfig() {
        int min = (Integer) value(GROUP_MIN_SESSION_TIMEOUT_MS);
        int max = (Integer) value(GROUP_MAX_SESSION_TIMEOUT_MS);
        if (min > max) {
            throw new ConfigException("configuration key '" + GROUP_MIN_SESSION_TIMEOUT_MS + "' (" + min
                    + ") must not be above '" + GROUP_MAX_SESSION_TIMEOUT_MS + "' (" + max + ")");
        }
        return new io.partita.broker.group.GroupConfig((Integer) value(OFFSETS_TOPIC_NUM_PARTITIONS), min, max,
                (Integer) value(GROUP_INITIAL_REBALANCE_DELAY_MS), (Integer) value(OFFSET_METADATA_MAX_BYTES));
    }

    public int connectionMaxInflightRequests() {
        return (Integer) value(CONNECTION_MAX_INFLIGHT_REQUESTS);
    }

    /** The share group settings. */
    public io.partita.broker.group.share.ShareConfig shareConfig() {
        return new io.partita.broker.group.share.ShareConfig((Long) value(SHARE_RECORD_LOCK_DURATION_MS),
                (Integer) value(SHARE_MAX_DELIVERY_ATTEMPTS), (Integer) value(SHARE_PARTITION_MAX_RECORD_LOCKS),
                (Integer) value(SHARE_PARTITION_MAX_PENDING_RECORDS),
                (String) value(SHARE_DEAD_LETTER_TOPIC), (Long) value(SHARE_STATE_SNAPSHOT_INTERVAL_MS));
    }

    /**
     * The topic-level log settings every topic starts from: the broker's {@code log.*} keys
     * mapped onto {@link LogConfig}. {@code log.roll.ms} wins over {@code log.roll.hours}, and
     * {@code log.retention.ms} over {@code log.retention.hours}, as in Kafka.
     */
    public LogConfig logConfig() {
        Long rollMs = (Long) value(LOG_ROLL_MS);
        long segmentMs = rollMs != null ? rollMs : (Integer) value(LOG_ROLL_HOURS) * HOUR_MS;
        Long retentionMsSetting = (Long) value(LOG_RETENTION_MS);
        int retentionHours = (Integer) value(LOG_RETENTION_HOURS);
        long retentionMs = retentionMsSetting != null ? retentionMsSetting
                : retentionHours < 0 ? -1 : retentionHours * HOUR_MS;
        try {
            return new LogConfig((Integer) value(LOG_SEGMENT_BYTES), segmentMs, (Integer) value(LOG_INDEX_SIZE_MAX_BYTES),
                    (Integer) value(LOG_INDEX_INTERVAL_BYTES), (Integer) value(MESSAGE_MAX_BYTES),
                    (FlushMode) value(LOG_FLUSH_MODE), retentionMs, (Long) value(LOG_RETENTION_BYTES));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid log settings: " + e.getMessage(), e);
        }
    }

    private static Object parsePaths(String text) {
        List<Path> dirs = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                dirs.add(Path.of(part.trim()));
            }
        }
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("no directory given");
        }
        return List.copyOf(dirs);
    }

    @Override
    public String toString() {
        return "BrokerConfig" + originals;
    }
}
