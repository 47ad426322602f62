package io.partita.jms.provider;

import java.util.function.Consumer;

/**
 * What the JMS objects need from a broker: {@link ClientProvider} on partita-client, for TCP
 * ({@code partita://}) and the in-process brokers of {@code vm://} alike (wrapped by
 * {@link HandleClosingProvider}, which lets go of the in-process broker on close). One provider
 * serves one JMS connection.
 *
 * <p>Implementations are thread-safe: sessions of a connection call them from their own threads.
 * Errors are {@link ProviderException}s (or the client's exceptions), converted to JMS types by
 * the caller.
 */
public interface Provider extends AutoCloseable {

    /**
     * Connects and checks that a broker answers and accepts the credentials (a refusal is a
     * {@link ProviderException} with the broker's error, {@code SASL_AUTHENTICATION_FAILED} or
     * {@code AUTHENTICATION_REQUIRED}).
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
     * A local transaction for a transacted session; nothing is sent to the broker before its
     * first use.
     *
     * @throws ProviderException if this provider has no transactions
     */
    default ProviderTransaction createTransaction() {
        throw new ProviderException("this provider has no transactions");
    }

    /**
     * An XA resource for an XA session: its producers' sends and the acknowledgements staged into
     * it belong to the branch it is associated with.
     *
     * @throws ProviderException if this provider has no XA transactions
     */
    default ProviderXaResource createXaResource() {
        throw new ProviderException("this provider has no XA transactions");
    }

    /**
     * Removes a durable subscription and its state.
     *
     * @param clientId the client id it was created under, or null for a shared one without
     * @throws ProviderException if it does not exist or still has consumers
     */
    void unsubscribe(String clientId, String name);

    /**
     * Claims {@code clientId} for this connection on the broker, which refuses it while another
     * connection (of any process) holds it, and keeps it until {@link #close()} or the loss of the
     * connection. The provider claims it again whenever it reconnects.
     *
     * @throws ProviderException with CLIENT_ID_IN_USE if another connection holds the id
     */
    default void claimClientId(String clientId) {
        throw new ProviderException("this provider cannot claim client ids");
    }

    /** Removes a temporary destination's topic and everything in it. */
    void deleteTopic(String topic);

    /**
     * Where failures that no call returns are reported: a lost broker is a
     * {@link ConnectionLostException}, a failed send nobody waited for another exception.
     */
    void setFailureListener(Consumer<Throwable> listener);

    /** Releases the connection to the broker; sends still pending complete or fail first. */
    @Override
    void close();
}
