package io.partita.jms.provider;

import io.partita.client.Settings;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What a {@link ClientProvider} needs to reach its broker: the addresses, the credentials and the
 * limits, from which it builds the settings of each partita-client client (admin, producers,
 * share consumers, browsers). Immutable and thread-safe.
 *
 * @param bootstrapServers {@code host:port[,host:port...]} or {@code vm://name}
 * @param clientId         the client id sent with each request, for the broker's logs
 * @param requestTimeoutMs how long one request, and the start-up check, may take
 * @param prefetch         how many records a consumer acquires at once (at least 1)
 * @param livenessCheckMs  how often the broker connection is checked (at least 1)
 * @param user             the user to authenticate as, or null for anonymous access
 * @param password         its password (null exactly when {@code user} is)
 * @param reconnect        whether a lost broker connection is re-established (true) or ends the
 *                         provider (false)
 * @param transactionTimeoutMs how long a transacted session's transaction may stay open before the
 *                         broker rolls it back (at least 1)
 */
public record ClientSettings(String bootstrapServers, String clientId, long requestTimeoutMs, int prefetch,
        long livenessCheckMs, String user, String password, boolean reconnect, int transactionTimeoutMs) {

    public ClientSettings {
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, not " + prefetch);
        }
        if (livenessCheckMs < 1) {
            throw new IllegalArgumentException("livenessCheckMs must be at least 1, not " + livenessCheckMs);
        }
        if (transactionTimeoutMs < 1) {
            throw new IllegalArgumentException("transactionTimeoutMs must be at least 1, not " + transactionTimeoutMs);
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException(user == null ? "a password is given without a user"
                    : "user '" + user + "' is given without a password");
        }
    }

    /** Settings with the default transaction timeout. */
    public ClientSettings(String bootstrapServers, String clientId, long requestTimeoutMs, int prefetch,
            long livenessCheckMs, String user, String password, boolean reconnect) {
        this(bootstrapServers, clientId, requestTimeoutMs, prefetch, livenessCheckMs, user, password, reconnect,
                io.partita.jms.BrokerUrl.DEFAULT_TRANSACTION_TIMEOUT_MS);
    }

    /** Anonymous settings with the default liveness check that reconnect. */
    public static ClientSettings of(String bootstrapServers, String clientId, long requestTimeoutMs, int prefetch) {
        return new ClientSettings(bootstrapServers, clientId, requestTimeoutMs, prefetch,
                ClientProvider.DEFAULT_LIVENESS_CHECK_MS, null, null, true);
    }

    /** These settings with other credentials. */
    public ClientSettings withCredentials(String user, String password) {
        return new ClientSettings(bootstrapServers, clientId, requestTimeoutMs, prefetch, livenessCheckMs, user,
                password, reconnect, transactionTimeoutMs);
    }

    /** The partita-client settings common to every client, plus {@code extra} (key, value, key, value...). */
    Properties clientProperties(Object... extra) {
        Map<String, Object> m = new HashMap<>();
        m.put(Settings.BOOTSTRAP_SERVERS, bootstrapServers);
        m.put(Settings.CLIENT_ID, clientId);
        m.put(Settings.REQUEST_TIMEOUT_MS, requestTimeoutMs);
        if (user != null) {
            m.put(Settings.SECURITY_USER, user);
            m.put(Settings.SECURITY_PASSWORD, password);
        }
        for (int i = 0; i < extra.length; i += 2) {
            m.put((String) extra[i], extra[i + 1]);
        }
        return Settings.of(m);
    }

    /** Masks the password. */
    @Override
    public String toString() {
        return "ClientSettings[" + bootstrapServers + ", clientId=" + clientId + ", user=" + user
                + (password == null ? "" : ", password=***") + ", reconnect=" + reconnect + ", prefetch=" + prefetch
                + ", transactionTimeoutMs=" + transactionTimeoutMs + "]";
    }
}
