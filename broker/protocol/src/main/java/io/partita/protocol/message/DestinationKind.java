package io.partita.protocol.message;

/** Kind of a JMS destination named in an envelope. Codes are part of the envelope format. */
public enum DestinationKind {
    QUEUE(1), TOPIC(2), TEMPORARY_QUEUE(3), TEMPORARY_TOPIC(4);

    /** Code stored when there is no destination. */
    public static final int NONE = 0;

    private final int code;

    DestinationKind(int code) {
        this.code = code;
    }

    /** The code stored in the envelope. */
    public int code() {
        return code;
    }

    /** The kind with this code, or null if there is none (including {@link #NONE}). */
    public static DestinationKind fromCode(int code) {
        switch (code) {
            case 1: return QUEUE;
            case 2: return TOPIC;
            case 3: return TEMPORARY_QUEUE;
            case 4: return TEMPORARY_TOPIC;
            default: return null;
        }
    }
}
