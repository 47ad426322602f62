package io.partita.client.consumer;

import io.partita.client.PartitaClientException;
import io.partita.protocol.wire.Errors;

/**
 * An offset commit the group refused because the member is no longer part of the current
 * generation (it was removed after a session timeout or a too long gap between polls, or a
 * rebalance began). The offsets were not committed; another member may process the records again.
 */
public class CommitFailedException extends PartitaClientException {
    private static final long serialVersionUID = 1L;

    public CommitFailedException(Errors error, String message) {
        super(message, error, false, null);
    }
}
