package io.partita.client.producer;

/** Where a sent record landed. {@code offset} is -1 when the broker does not say (acks=0). */
public record RecordMetadata(String topic, int partition, long offset, long timestamp) {
}
