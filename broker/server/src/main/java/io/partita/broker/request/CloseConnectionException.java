package io.partita.broker.request;

/**
 * Completes a request's future when the only way to tell the client about a failure is to close
 * its connection (a produce with acks=0 that failed: there is no response to carry the error, so,
 * as in Kafka, the disconnect makes the producer refresh its metadata and notice).
 */
public final class CloseConnectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CloseConnectionException(String reason) {
        super(reason, null, false, false);
    }
}
