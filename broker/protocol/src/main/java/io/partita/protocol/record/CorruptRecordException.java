package io.partita.protocol.record;

/** The bytes of a batch do not form a valid RecordBatch v2: wrong checksum, lengths or fields. */
public class CorruptRecordException extends InvalidRecordException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }
}
