package io.partita.protocol.message;

/** The JMS message type, by body kind. Codes are part of the envelope format and never change. */
public enum MessageType {
    MESSAGE(0), BYTES(1), MAP(2), OBJECT(3), STREAM(4), TEXT(5);

    private static final MessageType[] BY_CODE = values();

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The code stored in the envelope. */
    public int code() {
        return code;
    }

    /** The type with this code, or null if there is none. */
    public static MessageType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
