package io.partita.protocol.message;

/**
 * JMS delivery mode. Codes equal the {@code jakarta.jms.DeliveryMode} constants and are part of
 * the envelope format.
 */
public enum DeliveryMode {
    NON_PERSISTENT(1), PERSISTENT(2);

    private final int code;

    DeliveryMode(int code) {
        this.code = code;
    }

    /** The code stored in the envelope (and used by {@code jakarta.jms.DeliveryMode}). */
    public int code() {
        return code;
    }

    /** The mode with this code, or null if there is none. */
    public static DeliveryMode fromCode(int code) {
        return code == 1 ? NON_PERSISTENT : code == 2 ? PERSISTENT : null;
    }
}
