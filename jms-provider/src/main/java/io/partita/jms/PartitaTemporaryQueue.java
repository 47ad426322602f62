package io.partita.jms;

import io.partita.protocol.message.DestinationKind;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;

/**
 * A temporary queue: lives as long as the connection that created it, and only that connection
 * consumes from it. A copy read from a message's {@code JMSReplyTo} has no owner: it can be sent
 * to but not deleted. Thread-safe.
 */
public final class PartitaTemporaryQueue extends PartitaQueue implements TemporaryQueue {
    private static final long serialVersionUID = 1L;

    private final transient TemporaryDestinationOwner owner;

    PartitaTemporaryQueue(String name, TemporaryDestinationOwner owner) {
        super(name, true);
        this.owner = owner;
    }

    /** Whether {@code o} is the connection that created this destination. */
    boolean ownedBy(TemporaryDestinationOwner o) {
        return owner != null && owner == o;
    }

    @Override
    public DestinationKind kind() {
        return DestinationKind.TEMPORARY_QUEUE;
    }

    @Override
    public void delete() throws JMSException {
        if (owner == null) {
            throw new IllegalStateException("temporary queue " + getName()
                    + " can be deleted only through the connection that created it");
        }
        owner.deleteTemporary(this);
    }
}
