package io.partita.protocol.message;

/**
 * Type of a message property, with the tag that precedes its value in the envelope and the
 * size of that value. Tags are part of the envelope format and never change.
 */
public enum PropertyType {
    /** A property set to null: no value bytes. */
    NULL(0, 0),
    /** One byte, 0 or 1. */
    BOOLEAN(1, 1),
    BYTE(2, 1),
    /** Two bytes, big-endian. */
    SHORT(3, 2),
    /** Four bytes, big-endian. */
    INT(4, 4),
    /** Eight bytes, big-endian. */
    LONG(5, 8),
    /** Four bytes, IEEE 754 bits as from {@link Float#floatToRawIntBits}, big-endian. */
    FLOAT(6, 4),
    /** Eight bytes, IEEE 754 bits as from {@link Double#doubleToRawLongBits}, big-endian. */
    DOUBLE(7, 8),
    /** A varint byte length, then that many bytes of UTF-8. */
    STRING(8, -1);

    private static final PropertyType[] BY_TAG = values();

    private final int tag;
    private final int fixedSize;

    PropertyType(int tag, int fixedSize) {
        this.tag = tag;
        this.fixedSize = fixedSize;
    }

    public int tag() {
        return tag;
    }

    /** Size of the value in bytes, or -1 when it is length-prefixed. */
    public int fixedSize() {
        return fixedSize;
    }

    /** The type with this tag, or null if there is none. */
    public static PropertyType fromTag(int tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    }
}
