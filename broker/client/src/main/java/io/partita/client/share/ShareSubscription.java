package io.partita.client.share;

import java.util.Objects;
import java.util.UUID;

/**
 * What a {@link PartitaShareConsumer} consumes: a share group on a topic, of one of the kinds
 * JMS needs. Immutable.
 *
 * <ul>
 * <li>{@link #queue}: a JMS queue consumer. Group {@code queue:<queue>} on topic {@code <queue>},
 *     created on first use at the earliest offset (messages sent before any consumer are
 *     delivered). The selector is this member's: records it does not match stay available for
 *     other members.</li>
 * <li>{@link #durable}, {@link #sharedDurable}, {@link #sharedNonDurable}: a JMS topic
 *     subscription named {@code sub:<clientId>:<name>} (the empty string when a shared
 *     subscription has no client id), created on the broker by
 *     {@link PartitaShareConsumer#subscribe} at the log end. The selector is the subscription's:
 *     records it does not match are never delivered to it. Subscribing again with a different
 *     topic or selector replaces the subscription (when it has no other consumer).</li>
 * <li>{@link #nonDurable}: an unshared, non-durable JMS subscriber: a subscription with a
 *     generated name, deleted by the broker when its consumer closes or its connection drops.</li>
 * <li>{@link #group}: any share group, created on first use at the earliest offset.</li>
 * </ul>
 *
 * @param group the share group's name
 * @param topic the topic
 * @param selector the message selector (JMS syntax), or null for every record
 * @param kind what kind of consumption this is
 */
public record ShareSubscription(String group, String topic, String selector, Kind kind) {

    /** The kinds of share consumption. */
    public enum Kind {
        /** A plain share group (a queue); the selector is the member's. */
        GROUP(false, false, false),
        /** A durable subscription with one consumer at a time. */
        DURABLE(true, true, false),
        /** A durable subscription whose consumers divide its records. */
        SHARED_DURABLE(true, true, true),
        /** A non-durable subscription whose consumers divide its records; gone with its last consumer. */
        SHARED_NON_DURABLE(true, false, true),
        /** A non-durable subscription of one consumer; gone with it. */
        NON_DURABLE(true, false, false);

        private final boolean subscription;
        private final boolean durable;
        private final boolean shared;

        Kind(boolean subscription, boolean durable, boolean shared) {
            this.subscription = subscription;
            this.durable = durable;
            this.shared = shared;
        }

        /** @return whether the broker keeps a subscription object (with its own selector) for it */
        public boolean subscription() {
            return subscription;
        }

        /** @return whether it survives its consumers and broker restarts */
        public boolean durable() {
            return durable;
        }

        /** @return whether several consumers may share it */
        public boolean shared() {
            return shared;
        }
    }

    /** Checks required fields. */
    public ShareSubscription {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(kind, "kind");
        if (group.isEmpty()) {
            throw new IllegalArgumentException("share group name must not be empty");
        }
    }

    /** A JMS queue consumer on {@code queue} with its own {@code selector} (null for none). */
    public static ShareSubscription queue(String queue, String selector) {
        return new ShareSubscription("queue:" + queue, queue, selector, Kind.GROUP);
    }

    /** A member of any share group on {@code topic}. */
    public static ShareSubscription group(String group, String topic, String selector) {
        return new ShareSubscription(group, topic, selector, Kind.GROUP);
    }

    /** A durable subscription {@code name} of client {@code clientId} on {@code topic}. */
    public static ShareSubscription durable(String clientId, String name, String topic, String selector) {
        Objects.requireNonNull(clientId, "a durable unshared subscription needs a client id");
        return new ShareSubscription(subscriptionName(clientId, name), topic, selector, Kind.DURABLE);
    }

    /** A shared durable subscription {@code name} ({@code clientId} may be null). */
    public static ShareSubscription sharedDurable(String clientId, String name, String topic, String selector) {
        return new ShareSubscription(subscriptionName(clientId, name), topic, selector, Kind.SHARED_DURABLE);
    }

    /** A shared non-durable subscription {@code name} ({@code clientId} may be null). */
    public static ShareSubscription sharedNonDurable(String clientId, String name, String topic, String selector) {
        return new ShareSubscription(subscriptionName(clientId, name), topic, selector, Kind.SHARED_NON_DURABLE);
    }

    /** An unshared non-durable subscriber on {@code topic}, under a generated name. */
    public static ShareSubscription nonDurable(String topic, String selector) {
        return new ShareSubscription("nondurable:" + UUID.randomUUID(), topic, selector, Kind.NON_DURABLE);
    }

    /** The subscription name for JMS client id (null for none) and subscription name. */
    public static String subscriptionName(String clientId, String name) {
        Objects.requireNonNull(name, "subscription name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("subscription name must not be empty");
        }
        return "sub:" + (clientId == null ? "" : clientId) + ":" + name;
    }
}
