package io.partita.protocol.selector;

/** {@code identifier IS [NOT] NULL}: never UNKNOWN. */
final class IsNullExpr extends Expr.Condition {

    private final boolean negated;
    private final Expr subject;

    IsNullExpr(int position, int slot, boolean negated, Expr subject) {
        super(position, slot);
        this.negated = negated;
        this.subject = subject;
    }

    @Override
    int test(Evaluation e) {
        boolean isNull = subject.value(e).kind() == SelectorValue.Kind.NULL;
        return isNull != negated ? TRUE : FALSE;
    }
}
