package io.partita.broker.txn;

import io.partita.protocol.wire.Errors;

/** A transaction request that cannot be carried out: the protocol error and a message naming the bad value. */
public final class TransactionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Errors error;

    public TransactionException(Errors error, String message) {
        super(message);
        this.error = error;
    }

    public Errors error() {
        return error;
    }
}
