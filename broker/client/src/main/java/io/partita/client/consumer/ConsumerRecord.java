package io.partita.client.consumer;

import io.partita.protocol.record.Header;

import java.util.List;

/** A record as consumed: where it is, when it was written, and its key, value and headers (copies). */
public record ConsumerRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
        List<Header> headers) {
}
