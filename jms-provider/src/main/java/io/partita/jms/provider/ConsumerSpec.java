package io.partita.jms.provider;

import java.util.Objects;

/**
 * What a JMS consumer reads: a queue (the share group {@code queue:<topic>}) or a subscription
 * to a topic, with an optional selector the broker evaluates.
 *
 * @param topic        the destination's topic
 * @param kind         what kind of reader this is
 * @param subscription the subscription name (durable or shared), or null
 * @param clientId     the connection's client id, which names an unshared durable subscription
 * @param selector     the message selector, or null for all messages
 * @param noLocal      for a topic: skip messages published by this connection
 */
public record ConsumerSpec(String topic, Kind kind, String subscription, String clientId, String selector,
        boolean noLocal) {

    /** The kinds of reader, as DESIGN.md maps them onto groups. */
    public enum Kind {
        /** A queue consumer: a member of the queue's share group. */
        QUEUE,
        /** An anonymous, unshared subscription starting at the log end. */
        NON_DURABLE,
        /** A durable subscription named by client id and name. */
        DURABLE,
        /** A shared non-durable subscription: a share group named by the subscription. */
        SHARED,
        /** A shared durable subscription: a share group named by the subscription, kept after close. */
        SHARED_DURABLE
    }

    public ConsumerSpec {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(kind, "kind");
    }
}
