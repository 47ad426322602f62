package io.partita.client.consumer;

/**
 * An offset to commit, or a committed one: the offset of the next record to consume, with
 * optional text kept alongside it.
 *
 * @param offset the next offset to consume, 0 or more
 * @param metadata free text, or null
 */
public record OffsetAndMetadata(long offset, String metadata) {
    /** Checks the offset. */
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("offset " + offset + " is negative");
        }
    }

    /** An offset without metadata. */
    public OffsetAndMetadata(long offset) {
        this(offset, null);
    }
}
