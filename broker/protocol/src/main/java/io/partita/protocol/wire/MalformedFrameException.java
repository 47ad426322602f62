package io.partita.protocol.wire;

/**
 * A frame that cannot be decoded: truncated, a length or count that does not fit in what
 * remains, a negative size, invalid UTF-8, trailing bytes, and so on.
 *
 * <p>Every decoder in this package reports bad input with this exception and nothing else, so
 * a server can catch exactly this type, log {@link #getMessage()} and close the connection
 * without touching any other state. The message names the field and the byte offset (from the
 * start of the buffer given to the {@link WireReader}) where decoding failed.
 */
public final class MalformedFrameException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The field that could not be decoded, e.g. {@code "topics[].partitions[].fetchOffset"}. */
    private final String field;

    /** The offset of the field's first byte, counted from the start of the reader's buffer. */
    private final int offset;

    /**
     * Creates the exception.
     *
     * @param field the field being decoded
     * @param offset the offset at which the field starts
     * @param problem what is wrong, e.g. "needs 8 bytes but 3 remain"
     */
    public MalformedFrameException(String field, int offset, String problem) {
        super("malformed frame: field '" + field + "' at offset " + offset + ": " + problem);
        this.field = field;
        this.offset = offset;
    }

    /** @return the field that could not be decoded */
    public String field() {
        return field;
    }

    /** @return the offset where the field starts */
    public int offset() {
        return offset;
    }
}
