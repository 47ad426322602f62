package io.partita.ra.outbound;

import jakarta.resource.spi.ConnectionRequestInfo;

/**
 * The credentials an application passed to {@code createConnection(user, password)}; both null
 * for {@code createConnection()}, which means the factory's (then the adapter's) defaults. Two
 * requests are equal when both fields are, which is what pool matching needs. Immutable.
 */
public record ConnectionRequest(String user, String password) implements ConnectionRequestInfo {
    /** The request of {@code createConnection()}. */
    public static final ConnectionRequest DEFAULT = new ConnectionRequest(null, null);

    @Override
    public String toString() {
        return "ConnectionRequest[user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
