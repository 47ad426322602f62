package io.partita.client;

import io.partita.protocol.wire.Errors;

/**
 * A broker refused the client's credentials (or refused anonymous access when none were set).
 * Never retriable: the same credentials will be refused again, so every request to that broker
 * fails with this exception until the client is recreated with other settings
 * ({@code security.user}, {@code security.password}).
 */
public class AuthenticationException extends PartitaClientException {
    private static final long serialVersionUID = 1L;
    private final String user;
    private final String broker;

    /**
     * @param user   the user the client authenticated as, or null for anonymous
     * @param broker the broker's address
     * @param error  the broker's error code
     * @param detail the broker's message, or null
     */
    public AuthenticationException(String user, String broker, Errors error, String detail) {
        super((user == null ? "anonymous access" : "authentication as user '" + user + "'") + " to broker " + broker
                + " failed: " + error.name() + (detail == null ? "" : " (" + detail + ")"), error, false, null);
        this.user = user;
        this.broker = broker;
    }

    /** The user name sent, or null for anonymous access. */
    public String user() {
        return user;
    }

    /** The address of the broker that refused. */
    public String broker() {
        return broker;
    }

    /** The AuthenticationException in {@code e}'s cause chain, or null. */
    public static AuthenticationException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException a) {
                return a;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
