package io.partita.ra.admin;

import jakarta.jms.Queue;

/**
 * The administered {@link Queue} of the resource adapter: a server binds one per queue, configured
 * with the {@code name} property. The provider accepts it wherever it accepts its own queues.
 * Thread-safe once configured.
 */
public class QueueAdminObject extends AdminDestination implements Queue {
    private static final long serialVersionUID = 1L;

    @Override
    public String getQueueName() {
        return requireName();
    }

    @Override
    public String toString() {
        return "queue://" + getName();
    }
}
