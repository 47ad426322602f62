package io.partita.jms.provider;

import java.util.function.Consumer;

/**
 * What the JMS objects need from a broker, with one implementation per transport: TCP through
 * partita-client ({@link ClientProvider}) and, later, the in-process broker of {@code vm://}.
 * One provider serves one JMS connection.
 *
 * <p>Implementations are thread-safe: sessions of a connection call them from their own threads.
 * Errors are {@link ProviderException}s (or the client's exceptions), converted to JMS types by
 * the caller.
 */
public interface Provider extends AutoCloseable {

    /**
     * Connects and checks that a broker answers (and, once the broker authenticates, that the
     * credentials are accepted).
     */
    void start();

    /** A producer handle; each keeps its own partition for records without a key. */
    ProviderProducer createProducer();

    /**
     * Opens a consumer on a queue or subscription.
     *
     * @throws ProviderException if this provider cannot consume yet or the destination is refused
     */
    ProviderConsumer createConsumer(ConsumerSpec spec);

    /**
     * Opens a browse of queue {@code topic}: what is on it now, filtered by {@code selector}
     * (null for all), without acquiring anything.
     *
     * @throws ProviderException if this provider cannot browse or the queue is refused
     */
    default ProviderBrowser browse(String topic, String selector) {
        throw new ProviderException("this provider cannot browse queues");
    }

    /**
     * Removes a durable subscription and its state.
     *
     * @param clientId the client id it was created under, or null for a shared one without
     * @throws ProviderException if it does not exist or still has consumers
     */
    void unsubscribe(String clientId, String name);

    /** Removes a temporary destination's topic and everything in it. */
    void deleteTopic(String topic);

    /**
     * Where failures that no call returns (a lost connection, a failed reconnect) are reported.
     */
    void setFailureListener(Consumer<Throwable> listener);

    /** Releases the connection to the broker; sends still pending complete or fail first. */
    @Override
    void close();
}
