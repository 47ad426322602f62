package io.partita.jms.provider;

import io.partita.client.producer.PartitaProducer;
import io.partita.client.producer.ProducerRecord;
import io.partita.jms.message.EncodedMessage;
import io.partita.protocol.message.MessageEnvelope;
import io.partita.protocol.record.Header;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A producer handle that keeps one partition per topic for records without a key, sending
 * through the producer {@code producerFor} picks for the delivery mode. Thread-safe.
 */
final class StickyProducerHandle implements ProviderProducer {
    private final Function<Boolean, PartitaProducer> producerFor;
    private final Map<String, Integer> partitions = new ConcurrentHashMap<>();

    /** @param producerFor the producer for a PERSISTENT ({@code true}) or NON_PERSISTENT send */
    StickyProducerHandle(Function<Boolean, PartitaProducer> producerFor) {
        this.producerFor = producerFor;
    }

    @Override
    public CompletableFuture<Void> send(String topic, EncodedMessage message, boolean durable) {
        PartitaProducer producer = producerFor.apply(durable);
        Integer partition = null;
        if (message.key() == null) {
            partition = partitions.computeIfAbsent(topic,
                    t -> ThreadLocalRandom.current().nextInt(producer.partitionsFor(t).size()));
        }
        ProducerRecord record = new ProducerRecord(topic, partition, null, message.key(), message.body(),
                List.of(Header.of(MessageEnvelope.HEADER_KEY, message.envelope())));
        return producer.send(record, null).thenApply(m -> null);
    }

    @Override
    public void close() {
        partitions.clear();
    }
}
