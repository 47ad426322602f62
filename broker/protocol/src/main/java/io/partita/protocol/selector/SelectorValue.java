package io.partita.protocol.selector;

import io.partita.protocol.util.Utf8Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A mutable holder for one value during selector evaluation: NULL, a boolean, an exact number
 * (every JMS integral type widened to {@code long}), an approximate number ({@code float} and
 * {@code double} widened to {@code double}), or a string.
 *
 * <p>A string is held either as a {@code String} or as UTF-8 bytes in place in a buffer, or
 * both; a {@link SelectorContext} fills whichever form it has without copying. Holders are
 * reused from one evaluation to the next so evaluation allocates nothing. Not thread-safe: a
 * holder belongs to the thread evaluating.
 */
public final class SelectorValue {

    /** The kinds of value a holder can take. */
    public enum Kind { NULL, BOOLEAN, LONG, DOUBLE, STRING }

    private Kind kind = Kind.NULL;
    private boolean booleanValue;
    private long longValue;
    private double doubleValue;
    private String string;
    private ByteBuffer utf8;
    private int utf8Offset;
    private int utf8Length;

    /** Sets the value to NULL (absent property, or null header). */
    public void setNull() {
        kind = Kind.NULL;
        string = null;
        utf8 = null;
    }

    public void setBoolean(boolean value) {
        kind = Kind.BOOLEAN;
        booleanValue = value;
        string = null;
        utf8 = null;
    }

    /** Sets an exact number; {@code byte}, {@code short} and {@code int} values widen to this. */
    public void setLong(long value) {
        kind = Kind.LONG;
        longValue = value;
        string = null;
        utf8 = null;
    }

    /** Sets an approximate number; {@code float} values widen to this. */
    public void setDouble(double value) {
        kind = Kind.DOUBLE;
        doubleValue = value;
        string = null;
        utf8 = null;
    }

    /** Sets a string, or NULL if {@code value} is null. */
    public void setString(String value) {
        if (value == null) {
            setNull();
            return;
        }
        kind = Kind.STRING;
        string = value;
        utf8 = null;
    }

    /**
     * Sets a string held as UTF-8 bytes in {@code buf}; the bytes are not copied, so they must
     * stay unchanged until the holder is next set.
     */
    public void setUtf8(ByteBuffer buf, int offset, int length) {
        kind = Kind.STRING;
        string = null;
        utf8 = buf;
        utf8Offset = offset;
        utf8Length = length;
    }

    /** Sets a string held in both forms (used for literals). */
    void setBoth(String value, ByteBuffer bytes) {
        kind = Kind.STRING;
        string = value;
        utf8 = bytes;
        utf8Offset = 0;
        utf8Length = bytes.capacity();
    }

    public Kind kind() {
        return kind;
    }

    public boolean booleanValue() {
        return booleanValue;
    }

    public long longValue() {
        return longValue;
    }

    public double doubleValue() {
        return doubleValue;
    }

    boolean isNumber() {
        return kind == Kind.LONG || kind == Kind.DOUBLE;
    }

    /** The number as a {@code double}, widening an exact number as Java does. */
    double asDouble() {
        return kind == Kind.LONG ? (double) longValue : doubleValue;
    }

    boolean hasUtf8() {
        return utf8 != null;
    }

    ByteBuffer utf8() {
        return utf8;
    }

    int utf8Offset() {
        return utf8Offset;
    }

    int utf8Length() {
        return utf8Length;
    }

    /** The string value, materialized from the UTF-8 bytes if that is the only form held. */
    public String stringValue() {
        if (kind != Kind.STRING) {
            return null;
        }
        if (string == null) {
            string = Utf8Bytes.decode(utf8, utf8Offset, utf8Length);
        }
        return string;
    }

    /** Makes sure the UTF-8 form is present, encoding the {@code String} form if needed. */
    void ensureUtf8() {
        if (utf8 == null) {
            byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
            utf8 = ByteBuffer.wrap(bytes);
            utf8Offset = 0;
            utf8Length = bytes.length;
        }
    }

    /** Whether this string equals {@code other}'s string; both must be strings. */
    boolean stringEquals(SelectorValue other) {
        if (utf8 != null && other.utf8 != null) {
            return Utf8Bytes.equals(utf8, utf8Offset, utf8Length, other.utf8, other.utf8Offset, other.utf8Length);
        }
        if (string != null && other.string != null) {
            return string.equals(other.string);
        }
        if (utf8 != null) {
            return Utf8Bytes.equals(utf8, utf8Offset, utf8Length, other.string);
        }
        return Utf8Bytes.equals(other.utf8, other.utf8Offset, other.utf8Length, string);
    }

    @Override
    public String toString() {
        switch (kind) {
            case BOOLEAN: return Boolean.toString(booleanValue);
            case LONG: return Long.toString(longValue);
            case DOUBLE: return Double.toString(doubleValue);
            case STRING: return "'" + stringValue() + "'";
            default: return "NULL";
        }
    }
}
