package io.partita.client.consumer;

import io.partita.client.PartitaClientException;
import io.partita.protocol.TopicPartition;

/** A partition has no valid position and {@code auto.offset.reset=none}: the caller must seek. */
public class NoOffsetForPartitionException extends PartitaClientException {
    private static final long serialVersionUID = 1L;

    public NoOffsetForPartitionException(TopicPartition tp, String why) {
        super("no position for " + tp + " (" + why + ") and auto.offset.reset=none; seek first", null, false, null);
    }
}
