package io.partita.jms.provider;

import io.partita.protocol.wire.Errors;

/**
 * Reported to a provider's failure listener when its broker stopped answering. With
 * {@code reconnect=true} the provider keeps trying and carries on once the broker answers again;
 * with {@code reconnect=false} the JMS connection is closed when it hears this.
 */
public class ConnectionLostException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String message, Errors error, Throwable cause) {
        super(message, error, cause);
    }
}
