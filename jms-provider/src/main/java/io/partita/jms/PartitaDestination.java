package io.partita.jms;

import io.partita.jms.jndi.PartitaObjectFactory;
import io.partita.protocol.TopicPartition;
import io.partita.protocol.message.DestinationKind;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;

import java.io.Serializable;
import java.util.Objects;
import javax.naming.NamingException;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;

/**
 * A Partita destination: a kind (queue, topic, temporary queue, temporary topic) and a physical
 * name, which is the name of the broker topic that holds its messages. A name is 1 to 249
 * characters of {@code [a-zA-Z0-9._-]} (the broker's topic name rule) and may not begin with
 * {@code __}, which is kept for the broker's internal topics.
 *
 * <p>Two destinations are equal when kind and name are equal. Immutable, thread-safe,
 * {@link Serializable} and {@link Referenceable} (through {@link PartitaObjectFactory}), so
 * destinations can be bound in any JNDI tree.
 */
public abstract sealed class PartitaDestination implements Destination, Serializable, Referenceable
        permits PartitaQueue, PartitaTopic {
    private static final long serialVersionUID = 1L;

    /** Reference address holding the physical name. */
    public static final String REF_NAME = "name";

    private final String name;

    PartitaDestination(String name) {
        this.name = name;
    }

    /** The physical name: the broker topic. */
    public final String getName() {
        return name;
    }

    /** Kind of destination, as the message envelope stores it. */
    public abstract DestinationKind kind();

    /** Whether this is a queue (temporary or not) rather than a topic. */
    public final boolean isQueue() {
        return kind() == DestinationKind.QUEUE || kind() == DestinationKind.TEMPORARY_QUEUE;
    }

    /** Whether this is a temporary destination. */
    public final boolean isTemporary() {
        return kind() == DestinationKind.TEMPORARY_QUEUE || kind() == DestinationKind.TEMPORARY_TOPIC;
    }

    /**
     * The destination of {@code kind} and {@code name}, as read from an envelope. Temporary
     * destinations come back without an owning connection: they can be replied to, not deleted.
     */
    public static PartitaDestination of(DestinationKind kind, String name) {
        return switch (kind) {
            case QUEUE -> new PartitaQueue(name, true);
            case TOPIC -> new PartitaTopic(name, true);
            case TEMPORARY_QUEUE -> new PartitaTemporaryQueue(name, null);
            case TEMPORARY_TOPIC -> new PartitaTemporaryTopic(name, null);
        };
    }

    /**
     * Checks a destination name.
     *
     * @throws InvalidDestinationException naming the name and the rule it breaks
     */
    public static void checkName(String name) throws InvalidDestinationException {
        String problem = problem(name);
        if (problem != null) {
            throw new InvalidDestinationException(problem);
        }
    }

    /** The reason {@code name} is not a valid destination name, or null when it is valid. */
    static String problem(String name) {
        if (name == null) {
            return "destination name must not be null";
        }
        if (name.startsWith("__")) {
            return "destination name '" + name + "' begins with '__', which is reserved for internal topics";
        }
        try {
            TopicPartition.validateTopicName(name);
            return null;
        } catch (IllegalArgumentException e) {
            return "invalid destination name: " + e.getMessage();
        }
    }

    /** As {@link #checkName}, for constructors: throws {@link IllegalArgumentException}. */
    static String requireValid(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    @Override
    public Reference getReference() throws NamingException {
        Reference ref = new Reference(getClass().getName(), PartitaObjectFactory.class.getName(), null);
        ref.add(new StringRefAddr(REF_NAME, name));
        return ref;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof PartitaDestination d && d.kind() == kind() && d.name.equals(name);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(kind(), name);
    }
}
