package io.partita.jms;

import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Session;

/**
 * Where a {@link PartitaJMSContext} runs, as far as the context needs to know: which of its
 * operations the place forbids beyond what the connection and session it sits on refuse by
 * themselves, and how to reach the provider's own object behind a connection, session, producer or
 * consumer the context was given or created (for the few things the standard interfaces cannot
 * say: sends with per-call options, {@code receiveBody} that gives a message of the wrong type
 * back, {@code acknowledge} of the whole session).
 *
 * <p>{@link #STANDALONE} is the provider's own case (Java SE, application clients): nothing more is
 * forbidden and every object is the provider's. A resource adapter supplies rules for contexts
 * over its connection handles (the Jakarta EE container's restrictions; handles unwrapped).
 *
 * <p>Implementations must be thread-safe (a context may be closed from any thread); the adapter's
 * and {@link #STANDALONE} are stateless.
 */
public interface ContextRules {

    /** The operations a place may forbid on a context. */
    enum Operation {
        /** {@code JMSContext.createContext(int)}: a second session on the context's connection. */
        CREATE_CONTEXT,
        /** {@code JMSContext.commit()}. */
        COMMIT,
        /** {@code JMSContext.rollback()}. */
        ROLLBACK,
        /** {@code JMSContext.recover()}. */
        RECOVER,
        /** {@code JMSContext.acknowledge()}. */
        ACKNOWLEDGE,
        /** {@code JMSProducer.setAsync} with a listener: sends with a {@code CompletionListener}. */
        ASYNC_SEND
    }

    /**
     * Throws if the context over {@code session} may not perform {@code operation} here.
     *
     * @param session the context's session; null when the context has not created it yet
     * @throws JMSRuntimeException (or a subclass) naming the operation and the rule
     */
    void check(Operation operation, Session session);

    /**
     * The provider's object behind {@code object}, which the context got from its connection or
     * session (or was given), as {@code type}; null for a connection that stands for a provider
     * connection no longer (or not yet) open, which the context only needs while one is.
     *
     * @throws ClassCastException if the provider object behind it is not of that type
     */
    <T> T provider(Object object, Class<T> type);

    /** The provider's own rules: nothing more forbidden, every object the provider's. */
    ContextRules STANDALONE = new ContextRules() {
        @Override
        public void check(Operation operation, Session session) {
        }

        @Override
        public <T> T provider(Object object, Class<T> type) {
            return type.cast(object);
        }

        @Override
        public String toString() {
            return "ContextRules.STANDALONE";
        }
    };
}
