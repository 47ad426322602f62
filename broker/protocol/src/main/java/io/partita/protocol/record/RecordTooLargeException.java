package io.partita.protocol.record;

/** A batch that is well formed but larger than the configured limit ({@code max.message.bytes}). */
public class RecordTooLargeException extends InvalidRecordException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }
}
