package io.partita.jms;

import io.partita.protocol.message.DestinationKind;
import jakarta.jms.Queue;

/**
 * A JMS queue: the broker topic of the same name, read by the share group {@code queue:<name>}
 * so that every message goes to one consumer. {@link #toString()} is the name. Immutable and
 * thread-safe.
 */
public sealed class PartitaQueue extends PartitaDestination implements Queue permits PartitaTemporaryQueue {
    private static final long serialVersionUID = 1L;

    /**
     * @throws IllegalArgumentException if the name is not a valid destination name
     */
    public PartitaQueue(String name) {
        super(requireValid(name));
    }

    PartitaQueue(String name, boolean unchecked) {
        super(name);
    }

    @Override
    public String getQueueName() {
        return getName();
    }

    @Override
    public DestinationKind kind() {
        return DestinationKind.QUEUE;
    }

    @Override
    public String toString() {
        return getName();
    }
}
