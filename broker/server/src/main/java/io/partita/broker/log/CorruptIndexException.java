package io.partita.broker.log;

/** An index file whose contents contradict its segment; the segment rebuilds it from the log. */
public class CorruptIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptIndexException(String message) {
        super(message);
    }
}
