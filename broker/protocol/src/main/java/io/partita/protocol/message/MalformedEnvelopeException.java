package io.partita.protocol.message;

/**
 * An envelope could not be read: it is truncated, has a length or tag that makes no sense, or a
 * version this code does not know. The message names what is wrong and the offset, counted
 * from the start of the envelope, where it was found.
 */
public class MalformedEnvelopeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    public MalformedEnvelopeException(String what, int offset) {
        super("malformed message envelope: " + what + " at offset " + offset);
        this.offset = offset;
    }

    /** Offset from the start of the envelope where the problem was found. */
    public int offset() {
        return offset;
    }
}
