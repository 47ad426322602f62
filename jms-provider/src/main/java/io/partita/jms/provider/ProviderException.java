package io.partita.jms.provider;

import io.partita.protocol.wire.Errors;

/**
 * A failure inside a provider, with the broker's error code when there is one. The JMS layer
 * turns it into the specification's exception type in {@code JmsExceptionSupport}.
 */
public class ProviderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errors error;

    public ProviderException(String message, Errors error, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public ProviderException(String message) {
        this(message, null, null);
    }

    /** The broker's error code, or null. */
    public Errors error() {
        return error;
    }
}
