package io.partita.client.producer;

import io.partita.client.PartitaClientException;
import io.partita.protocol.wire.Errors;

/**
 * A newer producer with the same transactional id has initialised (or the broker bumped the
 * epoch when it rolled back a timed-out transaction), so this producer may not send or end
 * transactions any more. Not retriable: close the producer.
 */
public class ProducerFencedException extends PartitaClientException {
    private static final long serialVersionUID = 1L;

    public ProducerFencedException(String message) {
        super(Errors.PRODUCER_FENCED.name() + ": " + message, Errors.PRODUCER_FENCED, false, null);
    }
}
