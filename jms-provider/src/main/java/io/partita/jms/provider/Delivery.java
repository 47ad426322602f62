package io.partita.jms.provider;

import java.nio.ByteBuffer;

/**
 * One record delivered to a consumer: where it lies, its key, envelope and value, and how many
 * times it has been delivered (1 the first time).
 *
 * @param envelope the value of the record header {@code "jms"}, or null if the record has none
 */
public record Delivery(String topic, int partition, long offset, byte[] key, ByteBuffer envelope, byte[] value,
        int deliveryCount) {
}
