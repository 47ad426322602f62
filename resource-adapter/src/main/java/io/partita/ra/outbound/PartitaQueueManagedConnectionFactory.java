package io.partita.ra.outbound;

/**
 * The managed connection factory of the {@code jakarta.jms.QueueConnectionFactory} connection
 * definition. It differs from {@link PartitaManagedConnectionFactory} only by its class, so the
 * pools of the two definitions never share connections; see there for properties and
 * thread-safety.
 */
public class PartitaQueueManagedConnectionFactory extends PartitaManagedConnectionFactory {
    private static final long serialVersionUID = 1L;
}
