package io.partita.jms.message;

import jakarta.jms.MessageFormatException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary body format of {@code MapMessage} and {@code StreamMessage}: a sequence of typed
 * values, each a one-byte type tag and the value. Big-endian; a <em>varint</em> is unsigned
 * LEB128 of at most 5 bytes, at most 2^31 - 1.
 *
 * <pre>
 * stream body  varint count, then count values
 * map body     varint count, then count entries: varint name length, UTF-8 name, value
 * value        tag, then by tag:
 *              0 null (nothing)     1 boolean (1 byte, 0 or 1)   2 byte (1)     3 short (2)
 *              4 int (4)            5 long (8)                   6 float (4, IEEE bits)
 *              7 double (8, IEEE)   8 String (varint length, UTF-8)
 *              9 char (2, a UTF-16 unit)                         10 byte[] (varint length, bytes)
 * </pre>
 *
 * Tags 0 to 8 are those of the envelope's properties. Strings are encoded as
 * {@code String.getBytes(UTF_8)} does (an unpaired surrogate becomes {@code '?'}). Decoding checks
 * every length and tag and fails with {@link MessageFormatException} naming the offset; nothing
 * may follow the last value. Stateless and thread-safe.
 */
public final class TypedValueCodec {
    static final int NULL = 0;
    static final int BOOLEAN = 1;
    static final int BYTE = 2;
    static final int SHORT = 3;
    static final int INT = 4;
    static final int LONG = 5;
    static final int FLOAT = 6;
    static final int DOUBLE = 7;
    static final int STRING = 8;
    static final int CHAR = 9;
    static final int BYTES = 10;

    private TypedValueCodec() {
    }

    /** Encodes a stream body. */
    public static byte[] encodeList(List<Object> values) {
        Out out = new Out();
        out.varint(values.size());
        for (Object v : values) {
            out.value(v);
        }
        return out.toByteArray();
    }

    /** Encodes a map body, in the map's iteration order. */
    public static byte[] encodeMap(Map<String, Object> values) {
        Out out = new Out();
        out.varint(values.size());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            out.string(e.getKey());
            out.value(e.getValue());
        }
        return out.toByteArray();
    }

    /**
     * Decodes a stream body.
     *
     * @throws MessageFormatException if the bytes are not a well-formed stream body
     */
    public static List<Object> decodeList(byte[] body) throws MessageFormatException {
        In in = new In(body, "stream");
        int count = in.varint("value count");
        List<Object> values = new ArrayList<>(Math.min(count, body.length));
        for (int i = 0; i < count; i++) {
            values.add(in.value());
        }
        in.end();
        return values;
    }

    /**
     * Decodes a map body.
     *
     * @throws MessageFormatException if the bytes are not a well-formed map body
     */
    public static Map<String, Object> decodeMap(byte[] body) throws MessageFormatException {
        In in = new In(body, "map");
        int count = in.varint("entry count");
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.string("name");
            values.put(name, in.value());
        }
        in.end();
        return values;
    }

    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(64);
        }

        void varint(int v) {
            while ((v & ~0x7F) != 0) {
                write((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            write(v);
        }

        void fixed(long v, int size) {
            for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
                write((int) (v >>> shift));
            }
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            write(b, 0, b.length);
        }

        void value(Object v) {
            if (v == null) {
                write(NULL);
            } else if (v instanceof Boolean b) {
                write(BOOLEAN);
                write(b ? 1 : 0);
            } else if (v instanceof Byte b) {
                write(BYTE);
                write(b);
            } else if (v instanceof Short s) {
                write(SHORT);
                fixed(s, 2);
            } else if (v instanceof Integer i) {
                write(INT);
                fixed(i, 4);
            } else if (v instanceof Long l) {
                write(LONG);
                fixed(l, 8);
            } else if (v instanceof Float f) {
                write(FLOAT);
                fixed(Float.floatToRawIntBits(f), 4);
            } else if (v instanceof Double d) {
                write(DOUBLE);
                fixed(Double.doubleToRawLongBits(d), 8);
            } else if (v instanceof String s) {
                write(STRING);
                string(s);
            } else if (v instanceof Character c) {
                write(CHAR);
                fixed(c, 2);
            } else if (v instanceof byte[] b) {
                write(BYTES);
                varint(b.length);
                write(b, 0, b.length);
            } else {
                throw new IllegalArgumentException("a " + v.getClass().getName() + " cannot be in a map or stream body");
            }
        }
    }

    private static final class In {
        private final byte[] b;
        private final String what;
        private int p;

        In(byte[] b, String what) {
            this.b = b;
            this.what = what;
        }

        MessageFormatException malformed(String problem, int at) {
            return new MessageFormatException("malformed " + what + " message body: " + problem + " at offset " + at);
        }

        void need(int n, String field) throws MessageFormatException {
            if (n > b.length - p) {
                throw malformed(field + " needs " + n + " bytes but " + (b.length - p) + " remain", p);
            }
        }

        int varint(String field) throws MessageFormatException {
            int start = p;
            int v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                need(1, field);
                int x = b[p++] & 0xFF;
                v |= (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    if (v < 0 || (shift == 28 && x > 7)) {
                        throw malformed(field + " is larger than 2^31 - 1", start);
                    }
                    return v;
                }
            }
            throw malformed(field + " is longer than 5 bytes", start);
        }

        long fixed(int size, String field) throws MessageFormatException {
            need(size, field);
            long v = 0;
            for (int i = 0; i < size; i++) {
                v = (v << 8) | (b[p++] & 0xFF);
            }
            return v;
        }

        String string(String field) throws MessageFormatException {
            int len = varint(field + " length");
            need(len, field);
            String s = new String(b, p, len, StandardCharsets.UTF_8);
            p += len;
            return s;
        }

        Object value() throws MessageFormatException {
            need(1, "type tag");
            int at = p;
            int tag = b[p++];
            switch (tag) {
                case NULL: return null;
                case BOOLEAN: {
                    long v = fixed(1, "boolean");
                    if (v > 1) {
                        throw malformed("boolean value " + v + " is not 0 or 1", at + 1);
                    }
                    return v == 1;
                }
                case BYTE: return (byte) fixed(1, "byte");
                case SHORT: return (short) fixed(2, "short");
                case INT: return (int) fixed(4, "int");
                case LONG: return fixed(8, "long");
                case FLOAT: return Float.intBitsToFloat((int) fixed(4, "float"));
                case DOUBLE: return Double.longBitsToDouble(fixed(8, "double"));
                case STRING: return string("string");
                case CHAR: return (char) fixed(2, "char");
                case BYTES: {
                    int len = varint("byte[] length");
                    need(len, "byte[]");
                    byte[] out = java.util.Arrays.copyOfRange(b, p, p + len);
                    p += len;
                    return out;
                }
                default: throw malformed("unknown type tag " + tag, at);
            }
        }

        void end() throws MessageFormatException {
            if (p != b.length) {
                throw malformed((b.length - p) + " bytes follow the last value", p);
            }
        }
    }
}
