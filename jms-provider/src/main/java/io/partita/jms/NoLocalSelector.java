package io.partita.jms;

import io.partita.jms.message.MessageCodec;

/**
 * The selector the broker evaluates for a {@code noLocal} topic consumer: the application's
 * selector (if any) and a condition on the origin properties every Partita producer writes
 * ({@link MessageCodec#ORIGIN_CONNECTION}, {@link MessageCodec#ORIGIN_CLIENT_ID}), so the broker
 * never delivers, nor keeps for a durable subscription, the messages it must not see, whether or
 * not message ids were disabled. Messages without an origin (from other clients) pass. Because
 * the condition is part of the subscription's selector, changing {@code noLocal} changes the
 * subscription's definition, as the specification requires of durable subscriptions.
 *
 * <p>Stateless and thread-safe.
 */
final class NoLocalSelector {
    private NoLocalSelector() {
    }

    /** {@code selector} and "not sent by connection {@code connectionId}" (non-durable subscribers). */
    static String excludingConnection(String selector, String connectionId) {
        return and(selector, notFrom(MessageCodec.ORIGIN_CONNECTION, connectionId));
    }

    /** {@code selector} and "not sent by a connection with client id {@code clientId}" (durable subscriptions). */
    static String excludingClientId(String selector, String clientId) {
        return and(selector, notFrom(MessageCodec.ORIGIN_CLIENT_ID, clientId));
    }

    private static String notFrom(String property, String value) {
        return "(" + property + " IS NULL OR " + property + " <> '" + value.replace("'", "''") + "')";
    }

    private static String and(String selector, String condition) {
        return selector == null || selector.isBlank() ? condition : "(" + selector + ") AND " + condition;
    }
}
