package io.partita.protocol.record;

/**
 * A record batch that must not be appended or served: its structure, checksum or size is wrong.
 * The message always names the bad value and where it was found.
 */
public class InvalidRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
