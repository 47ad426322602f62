package io.partita.client;

import io.partita.protocol.wire.Errors;

/**
 * A failure reported by the broker or met on the way to it. {@link #error()} is the protocol
 * error when the broker answered with one, {@link #retriable()} whether trying again may work.
 */
public class PartitaClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Errors error;
    private final boolean retriable;

    public PartitaClientException(String message, Errors error, boolean retriable, Throwable cause) {
        super(message, cause);
        this.error = error;
        this.retriable = retriable;
    }

    public PartitaClientException(Errors error, String message) {
        this(message == null || message.isEmpty() ? error.name() + ": " + error.defaultMessage()
                : error.name() + ": " + message, error, error.retriable(), null);
    }

    public Errors error() {
        return error;
    }

    public boolean retriable() {
        return retriable;
    }
}
