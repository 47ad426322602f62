package io.partita.protocol.util;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 helpers that work on buffers in place: encode into a caller's array, compare encoded
 * bytes with a {@code String} or a byte array, and step through code points, all without
 * allocating. Only {@link #decode} creates a {@code String}.
 *
 * <p>Encoding follows {@link String#getBytes(java.nio.charset.Charset)} with UTF-8: a valid
 * surrogate pair becomes one four-byte sequence and an unpaired surrogate becomes {@code '?'}.
 * Decoding never throws: a malformed sequence reads as U+FFFD and consumes one byte.
 *
 * <p>All methods are static and thread-safe. Buffers are read with absolute gets only, so their
 * position and limit are never touched.
 */
public final class Utf8Bytes {

    /** The code point returned for a malformed sequence. */
    public static final int REPLACEMENT = 0xFFFD;

    private Utf8Bytes() {
    }

    /** Number of bytes {@code s} takes in UTF-8. */
    public static int encodedLength(CharSequence s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // four bytes for two chars
                i++;
            } else if (Character.isSurrogate(c)) {
                // unpaired: encoded as '?', one byte, already counted
                continue;
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }

    /**
     * Encodes {@code s} into {@code dst} from {@code offset}; the caller has made room for
     * {@link #encodedLength(CharSequence)} bytes.
     *
     * @return the offset just past the last byte written
     */
    public static int encode(CharSequence s, byte[] dst, int offset) {
        int p = offset;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                dst[p++] = (byte) c;
            } else if (c < 0x800) {
                dst[p++] = (byte) (0xC0 | (c >> 6));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    dst[p++] = (byte) (0xF0 | (cp >> 18));
                    dst[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    dst[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    dst[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    dst[p++] = (byte) '?';
                }
            } else {
                dst[p++] = (byte) (0xE0 | (c >> 12));
                dst[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }

    /** The UTF-8 encoding of {@code s} in a new array. */
    public static byte[] encode(CharSequence s) {
        byte[] out = new byte[encodedLength(s)];
        encode(s, out, 0);
        return out;
    }

    /** Whether {@code length} bytes of {@code buf} from {@code offset} equal {@code bytes}. */
    public static boolean equals(ByteBuffer buf, int offset, int length, byte[] bytes) {
        if (length != bytes.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf.get(offset + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether two byte ranges hold the same bytes. */
    public static boolean equals(ByteBuffer a, int aOffset, int aLength, ByteBuffer b, int bOffset, int bLength) {
        if (aLength != bLength) {
            return false;
        }
        for (int i = 0; i < aLength; i++) {
            if (a.get(aOffset + i) != b.get(bOffset + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code length} bytes of {@code buf} from {@code offset} are the UTF-8 encoding of
     * {@code s}. Encodes {@code s} on the fly; allocates nothing.
     */
    public static boolean equals(ByteBuffer buf, int offset, int length, String s) {
        int p = offset;
        int end = offset + length;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (p >= end || buf.get(p++) != (byte) c) {
                    return false;
                }
                continue;
            }
            int cp;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(c, s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                cp = '?';
            } else {
                cp = c;
            }
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (p + len > end) {
                return false;
            }
            long packed = decodeAt(buf, p, end);
            if ((int) packed != cp || (int) (packed >>> 32) != len) {
                return false;
            }
            p += len;
        }
        return p == end;
    }

    /**
     * Decodes the code point at {@code offset}, reading no byte at or past {@code end}.
     *
     * @return the code point in the low 32 bits and the number of bytes it took (1 to 4) in the
     *     high 32 bits; a malformed or truncated sequence gives {@link #REPLACEMENT} and 1
     */
    public static long decodeAt(ByteBuffer buf, int offset, int end) {
        int b0 = buf.get(offset) & 0xFF;
        if (b0 < 0x80) {
            return (1L << 32) | b0;
        }
        int len;
        int cp;
        int min;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            len = 2;
            cp = b0 & 0x1F;
            min = 0x80;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            len = 3;
            cp = b0 & 0x0F;
            min = 0x800;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            len = 4;
            cp = b0 & 0x07;
            min = 0x10000;
        } else {
            return (1L << 32) | REPLACEMENT;
        }
        if (offset + len > end) {
            return (1L << 32) | REPLACEMENT;
        }
        for (int i = 1; i < len; i++) {
            int b = buf.get(offset + i) & 0xFF;
            if ((b & 0xC0) != 0x80) {
                return (1L << 32) | REPLACEMENT;
            }
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return (1L << 32) | REPLACEMENT;
        }
        return ((long) len << 32) | cp;
    }

    /** Decodes {@code length} bytes of {@code buf} from {@code offset} into a new {@code String}. */
    public static String decode(ByteBuffer buf, int offset, int length) {
        if (buf.hasArray()) {
            return new String(buf.array(), buf.arrayOffset() + offset, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        buf.get(offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
