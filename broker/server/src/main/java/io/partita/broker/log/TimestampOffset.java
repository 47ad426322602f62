package io.partita.broker.log;

/** A record's timestamp and offset, the answer to a look-up by time. */
public record TimestampOffset(long timestamp, long offset) {
}
