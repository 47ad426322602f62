package io.partita.client.consumer;

/** The answer to a look-up by time: the first offset at or after the time, and that record's timestamp. */
public record OffsetAndTimestamp(long offset, long timestamp) {
}
