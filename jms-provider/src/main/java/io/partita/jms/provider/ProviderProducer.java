package io.partita.jms.provider;

import io.partita.jms.message.EncodedMessage;

import java.util.concurrent.CompletableFuture;

/**
 * Sends encoded messages for one JMS producer. A message with a key goes to the partition
 * {@code murmur2(key)} picks; one without a key goes to a partition this handle chooses once
 * per topic and keeps for its life, so the JMS producer's order is kept. Thread-safe.
 */
public interface ProviderProducer extends AutoCloseable {

    /**
     * Sends one message.
     *
     * @param persistent true: acknowledged once durable on all in-sync replicas; false: once the
     *                   leader has it
     * @return completes when the broker acknowledges, or exceptionally with the reason
     */
    CompletableFuture<Void> send(String topic, EncodedMessage message, boolean persistent);

    /** Releases this handle; sends already made still complete. */
    @Override
    void close();
}
