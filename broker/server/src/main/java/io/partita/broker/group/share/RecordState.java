package io.partita.broker.group.share;

/**
 * The state of one record in a share partition's window. The codes are stored in
 * {@code __share_state} and never change.
 */
public enum RecordState {
    /** May be acquired by a member whose selector matches it (once its delivery time has come). */
    AVAILABLE(0),
    /** Locked for one member until it acknowledges it or the lock deadline passes. */
    ACQUIRED(1),
    /** Accepted by a member: never delivered again. */
    ACKNOWLEDGED(2),
    /** Finished without being accepted: expired, rejected, dead-lettered, or not for this subscription. */
    ARCHIVED(3);

    private final byte code;

    RecordState(int code) {
        this.code = (byte) code;
    }

    /** @return the code stored in {@code __share_state} */
    public byte code() {
        return code;
    }

    /** @return whether the record is finished (the window may move past it) */
    public boolean done() {
        return this == ACKNOWLEDGED || this == ARCHIVED;
    }

    /**
     * @param code a stored code
     * @return its state
     * @throws IllegalArgumentException for an unknown code
     */
    public static RecordState forCode(byte code) {
        return switch (code) {
            case 0 -> AVAILABLE;
            case 1 -> ACQUIRED;
            case 2 -> ACKNOWLEDGED;
            case 3 -> ARCHIVED;
            default -> throw new IllegalArgumentException("unknown record state code " + code);
        };
    }
}
