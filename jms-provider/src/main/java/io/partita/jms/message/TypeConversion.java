package io.partita.jms.message;

import jakarta.jms.MessageFormatException;

/**
 * The value conversions of Jakarta Messaging 3.0: the property table of section 3.5.4 and the
 * {@code MapMessage}/{@code StreamMessage} table of section 3.11.3. The two tables agree; the
 * second only adds {@code char} and {@code byte[]}, which properties cannot hold.
 *
 * <pre>
 * written as   readable as
 * boolean      boolean, String
 * byte         byte, short, int, long, String
 * short        short, int, long, String
 * char         char, String
 * int          int, long, String
 * long         long, String
 * float        float, double, String
 * double       double, String
 * String       boolean, byte, short, int, long, float, double, String
 * byte[]       byte[]
 * </pre>
 *
 * A string is parsed with the {@code valueOf(String)} of the target wrapper, so a bad string
 * throws {@link NumberFormatException}, and a null value behaves as {@code valueOf(null)}:
 * {@code false} for boolean, {@link NumberFormatException} for the integral types and
 * {@link NullPointerException} for {@code float}, {@code double} and {@code char}. Any other
 * pair throws {@link MessageFormatException} naming both types. Stateless and thread-safe.
 */
public final class TypeConversion {
    private TypeConversion() {
    }

    public static boolean toBoolean(Object value) throws MessageFormatException {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Boolean.valueOf((String) value);
        }
        throw cannot(value, "boolean");
    }

    public static byte toByte(Object value) throws MessageFormatException {
        if (value instanceof Byte b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Byte.valueOf((String) value);
        }
        throw cannot(value, "byte");
    }

    public static short toShort(Object value) throws MessageFormatException {
        if (value instanceof Short s) {
            return s;
        }
        if (value instanceof Byte b) {
            return b;
        }
        if (value == null || value instanceof String) {
            return Short.valueOf((String) value);
        }
        throw cannot(value, "short");
    }

    public static char toChar(Object value) throws MessageFormatException {
        if (value instanceof Character c) {
            return c;
        }
        if (value == null) {
            throw new NullPointerException("value is null and cannot be read as char");
        }
        throw cannot(value, "char");
    }

    public static int toInt(Object value) throws MessageFormatException {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value == null || value instanceof String) {
            return Integer.valueOf((String) value);
        }
        throw cannot(value, "int");
    }

    public static long toLong(Object value) throws MessageFormatException {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value == null || value instanceof String) {
            return Long.valueOf((String) value);
        }
        throw cannot(value, "long");
    }

    public static float toFloat(Object value) throws MessageFormatException {
        if (value instanceof Float f) {
            return f;
        }
        if (value == null || value instanceof String) {
            return Float.valueOf((String) value);
        }
        throw cannot(value, "float");
    }

    public static double toDouble(Object value) throws MessageFormatException {
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value == null || value instanceof String) {
            return Double.valueOf((String) value);
        }
        throw cannot(value, "double");
    }

    /** Any value but {@code byte[]} as a string; null stays null. */
    public static String toStringValue(Object value) throws MessageFormatException {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[]) {
            throw cannot(value, "String");
        }
        return value.toString();
    }

    /** A {@code byte[]} value (not copied); null stays null. */
    public static byte[] toBytes(Object value) throws MessageFormatException {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        throw cannot(value, "byte[]");
    }

    /** The type name used in messages: the primitive name, String or byte[]. */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[]) {
            return "byte[]";
        }
        if (value instanceof String) {
            return "String";
        }
        if (value instanceof Character) {
            return "char";
        }
        if (value instanceof Integer) {
            return "int";
        }
        return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static MessageFormatException cannot(Object value, String target) {
        return new MessageFormatException("a " + typeName(value) + " value cannot be read as " + target);
    }
}
