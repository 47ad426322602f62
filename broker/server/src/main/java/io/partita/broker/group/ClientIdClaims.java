package io.partita.broker.group;

import io.partita.protocol.wire.Errors;
import io.partita.protocol.wire.api.ClientIdClaimResponse;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The JMS client ids in use, each held by one owner (a JMS connection, named by an id it keeps
 * for its whole life) through one broker connection. A claim lasts while that broker connection
 * is open: it is dropped when the connection closes or dies, or when the owner releases it. An
 * owner claiming again from another broker connection (after a reconnection) moves its claim
 * there. Claims are kept in memory only: after a broker restart, owners claim their ids again.
 *
 * <p>Thread-safe: claims come from request threads, closings from the network's event loops.
 */
public final class ClientIdClaims {

    private record Claim(String owner, String connectionId) {
    }

    private final Map<String, Claim> claims = new HashMap<>();
    private final Set<String> openConnections = new HashSet<>();

    /** A broker connection opened: claims made through it are kept until it closes. */
    public synchronized void connectionOpened(String connectionId) {
        openConnections.add(connectionId);
    }

    /** A broker connection closed: every claim held through it is dropped. */
    public synchronized void connectionClosed(String connectionId) {
        openConnections.remove(connectionId);
        claims.values().removeIf(c -> c.connectionId().equals(connectionId));
    }

    /**
     * Claims {@code clientId} for {@code owner} through broker connection {@code connectionId}.
     *
     * @return NONE when the owner holds the id now (new, already held, or moved to this
     *         connection), CLIENT_ID_IN_USE when another owner holds it, INVALID_REQUEST for an
     *         empty id
     */
    public synchronized ClientIdClaimResponse claim(String clientId, String owner, String connectionId) {
        if (clientId.isEmpty()) {
            return new ClientIdClaimResponse(Errors.INVALID_REQUEST, "the client id must not be empty");
        }
        Claim held = claims.get(clientId);
        if (held != null && !held.owner().equals(owner)) {
            return new ClientIdClaimResponse(Errors.CLIENT_ID_IN_USE, "client id '" + clientId
                    + "' is in use by another connection (from " + held.connectionId() + ")");
        }
        if (openConnections.contains(connectionId)) {
            claims.put(clientId, new Claim(owner, connectionId));
        } else {
            // The connection closed while this request waited: nobody is left to hold the id.
            claims.remove(clientId);
        }
        return new ClientIdClaimResponse(Errors.NONE, null);
    }

    /** Releases {@code clientId} if {@code owner} holds it; does nothing otherwise. */
    public synchronized ClientIdClaimResponse release(String clientId, String owner) {
        Claim held = claims.get(clientId);
        if (held != null && held.owner().equals(owner)) {
            claims.remove(clientId);
        }
        return new ClientIdClaimResponse(Errors.NONE, null);
    }

    /** How many client ids are held (for tests and metrics). */
    public synchronized int size() {
        return claims.size();
    }

    /** Whether {@code clientId} is held by someone. */
    public synchronized boolean isClaimed(String clientId) {
        return claims.containsKey(clientId);
    }
}
