package io.partita.protocol.selector;

import io.partita.protocol.util.Utf8Bytes;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code identifier [NOT] IN ('a', 'b', ...)}: UNKNOWN when the identifier is NULL; otherwise
 * whether its value is one of the strings (a non-string value is in no list of strings, as
 * {@code x = 'a' OR x = 'b'} would be FALSE), negated for {@code NOT IN}.
 *
 * <p>The list is precomputed twice: a hash set of strings for values held as {@code String},
 * and an open-addressing table of UTF-8 encodings, hashed in place, for values held as bytes.
 */
final class InExpr extends Expr.Condition {

    private final boolean negated;
    private final Expr subject;
    private final Set<String> strings;
    private final byte[][] encoded;
    private final int[] table;
    private final int mask;

    InExpr(int position, int slot, boolean negated, Expr subject, List<String> values) {
        super(position, slot);
        this.negated = negated;
        this.subject = subject;
        this.strings = new HashSet<>(values);
        this.encoded = new byte[strings.size()][];
        int size = Integer.highestOneBit(Math.max(4, encoded.length * 2 + 1)) << 1;
        this.table = new int[size];
        this.mask = size - 1;
        java.util.Arrays.fill(table, -1);
        int i = 0;
        for (String s : strings) {
            byte[] bytes = Utf8Bytes.encode(s);
            encoded[i] = bytes;
            int h = hash(ByteBuffer.wrap(bytes), 0, bytes.length) & mask;
            while (table[h] >= 0) {
                h = (h + 1) & mask;
            }
            table[h] = i++;
        }
    }

    @Override
    int test(Evaluation e) {
        SelectorValue v = subject.value(e);
        if (v.kind() == SelectorValue.Kind.NULL) {
            return UNKNOWN;
        }
        boolean found = v.kind() == SelectorValue.Kind.STRING && contains(v);
        return found != negated ? TRUE : FALSE;
    }

    private boolean contains(SelectorValue v) {
        if (!v.hasUtf8()) {
            return strings.contains(v.stringValue());
        }
        ByteBuffer buf = v.utf8();
        int off = v.utf8Offset();
        int len = v.utf8Length();
        int h = hash(buf, off, len) & mask;
        while (table[h] >= 0) {
            if (Utf8Bytes.equals(buf, off, len, encoded[table[h]])) {
                return true;
            }
            h = (h + 1) & mask;
        }
        return false;
    }

    private static int hash(ByteBuffer buf, int off, int len) {
        int h = len;
        for (int i = 0; i < len; i++) {
            h = 31 * h + buf.get(off + i);
        }
        return h ^ (h >>> 16);
    }
}
