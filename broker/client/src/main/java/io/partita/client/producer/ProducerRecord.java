package io.partita.client.producer;

import io.partita.protocol.record.Header;

import java.util.List;
import java.util.Objects;

/**
 * A record to send. {@code partition} null lets the partitioner choose (murmur2 of the key, or a
 * sticky partition for records without a key); {@code timestamp} null means now.
 */
public record ProducerRecord(String topic, Integer partition, Long timestamp, byte[] key, byte[] value,
        List<Header> headers) {
    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        headers = headers == null ? List.of() : List.copyOf(headers);
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition " + partition + " is negative");
        }
    }

    public ProducerRecord(String topic, byte[] key, byte[] value) {
        this(topic, null, null, key, value, List.of());
    }

    public ProducerRecord(String topic, byte[] value) {
        this(topic, null, null, null, value, List.of());
    }
}
