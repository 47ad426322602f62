package io.partita.jms;

import io.partita.protocol.message.DestinationKind;
import jakarta.jms.Topic;

/**
 * A JMS topic: the broker topic of the same name; every subscription reads it independently.
 * {@link #toString()} is the name. Immutable and thread-safe.
 */
public sealed class PartitaTopic extends PartitaDestination implements Topic permits PartitaTemporaryTopic {
    private static final long serialVersionUID = 1L;

    /**
     * @throws IllegalArgumentException if the name is not a valid destination name
     */
    public PartitaTopic(String name) {
        super(requireValid(name));
    }

    PartitaTopic(String name, boolean unchecked) {
        super(name);
    }

    @Override
    public String getTopicName() {
        return getName();
    }

    @Override
    public DestinationKind kind() {
        return DestinationKind.TOPIC;
    }

    @Override
    public String toString() {
        return getName();
    }
}
