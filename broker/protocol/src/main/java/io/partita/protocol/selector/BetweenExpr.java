package io.partita.protocol.selector;

/**
 * {@code e BETWEEN lo AND hi}, defined by the specification as {@code e >= lo AND e <= hi}, and
 * {@code e NOT BETWEEN lo AND hi} as {@code e < lo OR e > hi}; {@code e} is evaluated once.
 */
final class BetweenExpr extends Expr.Condition {

    private final boolean negated;
    private final Expr subject;
    private final Expr low;
    private final Expr high;

    BetweenExpr(int position, int slot, boolean negated, Expr subject, Expr low, Expr high) {
        super(position, slot);
        this.negated = negated;
        this.subject = subject;
        this.low = low;
        this.high = high;
    }

    @Override
    int test(Evaluation e) {
        SelectorValue v = subject.value(e);
        if (v.kind() == SelectorValue.Kind.NULL) {
            return UNKNOWN;
        }
        if (!negated) {
            int a = ComparisonExpr.compare(ComparisonExpr.Op.GE, v, low.value(e));
            if (a == FALSE) {
                return FALSE;
            }
            int b = ComparisonExpr.compare(ComparisonExpr.Op.LE, v, high.value(e));
            if (b == FALSE) {
                return FALSE;
            }
            return a == TRUE && b == TRUE ? TRUE : UNKNOWN;
        }
        int a = ComparisonExpr.compare(ComparisonExpr.Op.LT, v, low.value(e));
        if (a == TRUE) {
            return TRUE;
        }
        int b = ComparisonExpr.compare(ComparisonExpr.Op.GT, v, high.value(e));
        if (b == TRUE) {
            return TRUE;
        }
        return a == FALSE && b == FALSE ? FALSE : UNKNOWN;
    }
}
