package io.partita.protocol.selector;

import io.partita.protocol.util.Utf8Bytes;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A compiled {@code LIKE} pattern: {@code _} matches exactly one character (one Unicode code
 * point), {@code %} matches any sequence, the escape character makes the next character literal,
 * every other character matches itself, case-sensitively. No regular expressions are involved,
 * so characters such as {@code . * [ $ \} need no care.
 *
 * <p>Matching runs over UTF-8 bytes in place. A pattern without wildcards is a byte comparison
 * and a literal prefix followed by a single trailing {@code %} is a prefix test; anything else
 * uses the usual two-pointer wildcard match, backtracking only to the last {@code %}, in
 * O(subject x pattern) time at worst and without recursion. Immutable and thread-safe.
 */
final class LikePattern {

    private static final int ANY_ONE = -1;
    private static final int ANY_MANY = -2;

    private enum Shape { EXACT, PREFIX, GENERAL }

    /** Pattern code points, with {@link #ANY_ONE} and {@link #ANY_MANY} for the wildcards. */
    private final int[] tokens;
    private final Shape shape;
    /** UTF-8 of the literal part for EXACT and PREFIX. */
    private final byte[] literal;

    private LikePattern(int[] tokens) {
        this.tokens = tokens;
        int wildcards = 0;
        int firstWildcard = -1;
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0) {
                wildcards++;
                if (firstWildcard < 0) {
                    firstWildcard = i;
                }
            }
        }
        if (wildcards == 0) {
            shape = Shape.EXACT;
            literal = encode(tokens, tokens.length);
        } else if (wildcards == 1 && firstWildcard == tokens.length - 1 && tokens[firstWildcard] == ANY_MANY) {
            shape = Shape.PREFIX;
            literal = encode(tokens, tokens.length - 1);
        } else {
            shape = Shape.GENERAL;
            literal = null;
        }
    }

    /**
     * Compiles {@code pattern}.
     *
     * @param escape the escape code point, or -1 for none
     * @return the pattern, or null if it ends with an unfollowed escape character
     */
    static LikePattern compile(String pattern, int escape) {
        int[] tokens = new int[pattern.length()];
        int n = 0;
        for (int i = 0; i < pattern.length(); ) {
            int cp = pattern.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == escape) {
                if (i >= pattern.length()) {
                    return null;
                }
                cp = pattern.codePointAt(i);
                i += Character.charCount(cp);
                tokens[n++] = cp;
            } else if (cp == '_') {
                tokens[n++] = ANY_ONE;
            } else if (cp == '%') {
                if (n == 0 || tokens[n - 1] != ANY_MANY) {
                    tokens[n++] = ANY_MANY;
                }
            } else {
                tokens[n++] = cp;
            }
        }
        return new LikePattern(Arrays.copyOf(tokens, n));
    }

    /** Whether {@code length} UTF-8 bytes of {@code buf} from {@code offset} match. */
    boolean matches(ByteBuffer buf, int offset, int length) {
        switch (shape) {
            case EXACT:
                return Utf8Bytes.equals(buf, offset, length, literal);
            case PREFIX:
                return length >= literal.length && Utf8Bytes.equals(buf, offset, literal.length, literal);
            default:
                return matchGeneral(buf, offset, offset + length);
        }
    }

    private boolean matchGeneral(ByteBuffer buf, int start, int end) {
        int[] t = tokens;
        int n = t.length;
        int p = 0;
        int s = start;
        int starP = -1;
        int starS = -1;
        while (s < end) {
            if (p < n && t[p] == ANY_MANY) {
                starP = p++;
                starS = s;
                continue;
            }
            if (p < n) {
                long decoded = Utf8Bytes.decodeAt(buf, s, end);
                if (t[p] == ANY_ONE || t[p] == (int) decoded) {
                    p++;
                    s += (int) (decoded >>> 32);
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            p = starP + 1;
            starS += (int) (Utf8Bytes.decodeAt(buf, starS, end) >>> 32);
            s = starS;
        }
        while (p < n && t[p] == ANY_MANY) {
            p++;
        }
        return p == n;
    }

    private static byte[] encode(int[] codePoints, int count) {
        return Utf8Bytes.encode(new String(codePoints, 0, count));
    }
}
