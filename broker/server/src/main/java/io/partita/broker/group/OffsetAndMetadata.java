package io.partita.broker.group;

/**
 * A committed offset as the coordinator keeps it.
 *
 * @param offset the offset of the next record the group will consume
 * @param metadata text committed with it, or null
 * @param commitTimestampMs when the coordinator accepted it
 */
public record OffsetAndMetadata(long offset, String metadata, long commitTimestampMs) {
}
