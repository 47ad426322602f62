package io.partita.broker.replication;

import io.partita.protocol.wire.Errors;

/**
 * A request on a partition that cannot be carried out, with the protocol error that says why
 * and a message naming the values involved. Request handlers turn it into that error code.
 */
public final class PartitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errors error;

    public PartitionException(Errors error, String message) {
        super(message);
        this.error = error;
    }

    public Errors error() {
        return error;
    }
}
