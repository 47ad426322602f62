package io.partita.client.network;

import io.partita.client.PartitaClientException;

/** The connection to a broker failed or closed with requests outstanding; retriable, no protocol error. */
public class DisconnectException extends PartitaClientException {
    private static final long serialVersionUID = 1L;

    public DisconnectException(String message, Throwable cause) {
        super(message, null, true, cause);
    }
}
