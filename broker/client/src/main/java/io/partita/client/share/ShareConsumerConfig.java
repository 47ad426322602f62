package io.partita.client.share;

import io.partita.client.HostPort;
import io.partita.client.Credentials;
import io.partita.client.Settings;

import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The share consumer's settings, validated once.
 *
 * <table>
 * <caption>Share consumer settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>bootstrap.servers</td><td>(required)</td><td>brokers to ask for metadata</td></tr>
 * <tr><td>client.id</td><td>partita-share-consumer</td><td>sent with every request</td></tr>
 * <tr><td>fetch.max.wait.ms</td><td>500</td><td>longest one ShareFetch waits at the broker for records</td></tr>
 * <tr><td>max.poll.records</td><td>500</td><td>most records one poll acquires</td></tr>
 * <tr><td>request.timeout.ms</td><td>30000</td><td>how long one request may take</td></tr>
 * <tr><td>retry.backoff.ms</td><td>100</td><td>pause after a failed request</td></tr>
 * </table>
 *
 * @param bootstrapServers brokers to ask for metadata
 * @param clientId sent with every request
 * @param fetchMaxWaitMs longest one ShareFetch waits at the broker
 * @param maxPollRecords most records one poll acquires
 * @param requestTimeoutMs how long one request may take
 * @param retryBackoffMs pause after a failed request
 * @param credentials the user and password sent on every connection, or null for anonymous access
 */
public record ShareConsumerConfig(List<HostPort> bootstrapServers, String clientId, int fetchMaxWaitMs,
                                  int maxPollRecords, int requestTimeoutMs, long retryBackoffMs,
                                  Credentials credentials) {

    public static final String FETCH_MAX_WAIT_MS = "fetch.max.wait.ms";
    public static final String MAX_POLL_RECORDS = "max.poll.records";

    static final Set<String> KEYS = Set.of(FETCH_MAX_WAIT_MS, MAX_POLL_RECORDS);

    /**
     * Reads and checks the settings.
     *
     * @throws IllegalArgumentException naming the key and value of an unknown or bad setting
     */
    public static ShareConsumerConfig from(Properties props) {
        Settings s = new Settings("share consumer", props, KEYS);
        int requestTimeout = s.intValue(Settings.REQUEST_TIMEOUT_MS, 30_000, 1);
        int maxWait = s.intValue(FETCH_MAX_WAIT_MS, 500, 0);
        if (maxWait >= requestTimeout) {
            throw new IllegalArgumentException("share consumer setting 'fetch.max.wait.ms' (" + maxWait
                    + ") must be below 'request.timeout.ms' (" + requestTimeout + ")");
        }
        return new ShareConsumerConfig(s.bootstrapServers(), s.string(Settings.CLIENT_ID, "partita-share-consumer"),
                maxWait, s.intValue(MAX_POLL_RECORDS, 500, 1), requestTimeout,
                s.longValue(Settings.RETRY_BACKOFF_MS, 100, 0), s.credentials());
    }
}
