package io.partita.protocol.selector;

/**
 * {@code identifier [NOT] LIKE pattern [ESCAPE c]}: UNKNOWN when the identifier is NULL;
 * FALSE for {@code LIKE} (TRUE for {@code NOT LIKE}) when its value is not a string.
 */
final class LikeExpr extends Expr.Condition {

    private final boolean negated;
    private final Expr subject;
    private final LikePattern pattern;

    LikeExpr(int position, int slot, boolean negated, Expr subject, LikePattern pattern) {
        super(position, slot);
        this.negated = negated;
        this.subject = subject;
        this.pattern = pattern;
    }

    @Override
    int test(Evaluation e) {
        SelectorValue v = subject.value(e);
        if (v.kind() == SelectorValue.Kind.NULL) {
            return UNKNOWN;
        }
        boolean match = false;
        if (v.kind() == SelectorValue.Kind.STRING) {
            v.ensureUtf8();
            match = pattern.matches(v.utf8(), v.utf8Offset(), v.utf8Length());
        }
        return match != negated ? TRUE : FALSE;
    }
}
