package io.partita.client.consumer;

import io.partita.client.Credentials;
import io.partita.client.HostPort;
import io.partita.client.Settings;

import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The consumer's settings, validated once.
 *
 * <table>
 * <caption>Consumer settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>bootstrap.servers</td><td>(required)</td><td>brokers to ask for metadata</td></tr>
 * <tr><td>fetch.min.bytes</td><td>1</td><td>the broker waits for this much data ...</td></tr>
 * <tr><td>fetch.max.wait.ms</td><td>500</td><td>... or this long, whichever comes first</td></tr>
 * <tr><td>fetch.max.bytes</td><td>52428800</td><td>largest fetch answer asked for</td></tr>
 * <tr><td>max.partition.fetch.bytes</td><td>1048576</td><td>largest part of an answer per partition (at least one batch is returned)</td></tr>
 * <tr><td>max.poll.records</td><td>500</td><td>most records one poll returns</td></tr>
 * <tr><td>auto.offset.reset</td><td>latest</td><td>where to start without a position, or after one out of range: earliest, latest or none (fail)</td></tr>
 * <tr><td>isolation.level</td><td>read_uncommitted</td><td>read_committed stops at the last stable offset and drops aborted transactions; neither returns transaction markers</td></tr>
 * <tr><td>check.crcs</td><td>true</td><td>verify every batch's CRC-32C</td></tr>
 * <tr><td>request.timeout.ms</td><td>30000</td><td>how long one request may take</td></tr>
 * <tr><td>retry.backoff.ms</td><td>100</td><td>pause after a failed fetch</td></tr>
 * <tr><td>client.id</td><td>partita-consumer</td><td>sent with every request</td></tr>
 * <tr><td>security.user</td><td>(not set: anonymous)</td><td>the user to authenticate as on every connection</td></tr>
 * <tr><td>security.password</td><td>(not set)</td><td>its password; required with security.user</td></tr>
 * <tr><td>group.id</td><td>(none)</td><td>the consumer group; required by subscribe and by commits</td></tr>
 * <tr><td>session.timeout.ms</td><td>45000</td><td>the coordinator removes a member it has not heard from for this long
 *     (within the broker's group.min/max.session.timeout.ms)</td></tr>
 * <tr><td>heartbeat.interval.ms</td><td>3000</td><td>how often the background thread heartbeats; below session.timeout.ms</td></tr>
 * <tr><td>max.poll.interval.ms</td><td>300000</td><td>longest gap between polls before the member leaves the group;
 *     also the rebalance timeout</td></tr>
 * <tr><td>enable.auto.commit</td><td>true</td><td>commit the positions every auto.commit.interval.ms in poll, before a
 *     rebalance and on close</td></tr>
 * <tr><td>auto.commit.interval.ms</td><td>5000</td><td>how often positions are auto-committed</td></tr>
 * <tr><td>partition.assignment.strategy</td><td>range</td><td>comma-separated assignors offered, preferred first:
 *     range, roundrobin, sticky</td></tr>
 * </table>
 */
public record ConsumerConfig(List<HostPort> bootstrapServers, String clientId, int fetchMinBytes, int fetchMaxWaitMs,
        int fetchMaxBytes, int maxPartitionFetchBytes, int maxPollRecords, String autoOffsetReset, byte isolationLevel,
        boolean checkCrcs, int requestTimeoutMs, long retryBackoffMs, Credentials credentials, String groupId,
        int sessionTimeoutMs,
        int heartbeatIntervalMs, int maxPollIntervalMs, boolean enableAutoCommit, int autoCommitIntervalMs,
        List<String> assignmentStrategies) {

    public static final String FETCH_MIN_BYTES = "fetch.min.bytes";
    public static final String FETCH_MAX_WAIT_MS = "fetch.max.wait.ms";
    public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
    public static final String MAX_PARTITION_FETCH_BYTES = "max.partition.fetch.bytes";
    public static final String MAX_POLL_RECORDS = "max.poll.records";
    public static final String AUTO_OFFSET_RESET = "auto.offset.reset";
    public static final String ISOLATION_LEVEL = "isolation.level";
    public static final String CHECK_CRCS = "check.crcs";
    public static final String GROUP_ID = "group.id";
    public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    public static final String MAX_POLL_INTERVAL_MS = "max.poll.interval.ms";
    public static final String ENABLE_AUTO_COMMIT = "enable.auto.commit";
    public static final String AUTO_COMMIT_INTERVAL_MS = "auto.commit.interval.ms";
    public static final String PARTITION_ASSIGNMENT_STRATEGY = "partition.assignment.strategy";

    static final Set<String> KEYS = Set.of(FETCH_MIN_BYTES, FETCH_MAX_WAIT_MS, FETCH_MAX_BYTES,
            MAX_PARTITION_FETCH_BYTES, MAX_POLL_RECORDS, AUTO_OFFSET_RESET, ISOLATION_LEVEL, CHECK_CRCS, GROUP_ID,
            SESSION_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS, MAX_POLL_INTERVAL_MS, ENABLE_AUTO_COMMIT,
            AUTO_COMMIT_INTERVAL_MS, PARTITION_ASSIGNMENT_STRATEGY);

    public static ConsumerConfig from(Properties props) {
        Settings s = new Settings("consumer", props, KEYS);
        int requestTimeout = s.intValue(Settings.REQUEST_TIMEOUT_MS, 30_000, 1);
        int maxWait = s.intValue(FETCH_MAX_WAIT_MS, 500, 0);
        if (maxWait >= requestTimeout) {
            throw new IllegalArgumentException("consumer setting 'fetch.max.wait.ms' (" + maxWait
                    + ") must be below 'request.timeout.ms' (" + requestTimeout + ")");
        }
        String isolation = s.choice(ISOLATION_LEVEL, "read_uncommitted", "read_uncommitted", "read_committed");
        int session = s.intValue(SESSION_TIMEOUT_MS, 45_000, 1);
        int heartbeat = s.intValue(HEARTBEAT_INTERVAL_MS, 3_000, 1);
        if (heartbeat >= session) {
            throw new IllegalArgumentException("consumer setting 'heartbeat.interval.ms' (" + heartbeat
                    + ") must be below 'session.timeout.ms' (" + session + ")");
        }
        List<String> strategies = new java.util.ArrayList<>();
        for (String name : s.string(PARTITION_ASSIGNMENT_STRATEGY, "range").split(",")) {
            String n = name.trim().toLowerCase(java.util.Locale.ROOT);
            if (!n.isEmpty() && !strategies.contains(n)) {
                try {
                    io.partita.client.consumer.assignor.PartitionAssignor.forName(n);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid value '" + name.trim() + "' for consumer setting '"
                            + PARTITION_ASSIGNMENT_STRATEGY + "': must be a comma-separated list of range, roundrobin, sticky");
                }
                strategies.add(n);
            }
        }
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException("consumer setting '" + PARTITION_ASSIGNMENT_STRATEGY
                    + "' names no assignor; use range, roundrobin or sticky");
        }
        String groupId = s.string(GROUP_ID, null);
        return new ConsumerConfig(s.bootstrapServers(), s.string(Settings.CLIENT_ID, "partita-consumer"),
                s.intValue(FETCH_MIN_BYTES, 1, 0), maxWait, s.intValue(FETCH_MAX_BYTES, 50 << 20, 1),
                s.intValue(MAX_PARTITION_FETCH_BYTES, 1 << 20, 1), s.intValue(MAX_POLL_RECORDS, 500, 1),
                s.choice(AUTO_OFFSET_RESET, "latest", "earliest", "latest", "none"),
                (byte) (isolation.equals("read_committed") ? 1 : 0), s.bool(CHECK_CRCS, true), requestTimeout,
                s.longValue(Settings.RETRY_BACKOFF_MS, 100, 0), s.credentials(),
                groupId == null || groupId.isEmpty() ? null : groupId,
                session, heartbeat, s.intValue(MAX_POLL_INTERVAL_MS, 300_000, 1), s.bool(ENABLE_AUTO_COMMIT, true),
                s.intValue(AUTO_COMMIT_INTERVAL_MS, 5_000, 1), List.copyOf(strategies));
    }
}
